// Call-frame information: the `.cfi_*` directives gcc writes around every
// function, turned into an `.eh_frame` section (DWARF 5 ch. 6.4, with the
// "zR" augmentation of the Linux Standard Base / x86-64 psABI 3.7). A
// debugger or unwinder reads it to find, at any instruction, where the caller's
// frame and return address are.
//
//   CIE  (one, shared): alignment factors, return-address column, and the
//        state at a function's first instruction (for x86-64: CFA = rsp+8,
//        return address at CFA-8).
//   FDE  (one per .cfi_startproc/.cfi_endproc): the function's address range
//        and the rule changes, each preceded by "advance to offset N".
//
// The layout follows gas byte for byte (dw2gencfi.c): entries padded with
// DW_CFA_nop to a multiple of 4 (the last to 8), pc_begin PC-relative
// (R_X86_64_PC32).
// Backends without `cfi` (see backend.ts) get the directives ignored.

import { EncodeError } from "./backend";
import { splitArgs } from "./data";
import { AsmState, SecState } from "./state";

export interface Fde { section: string; start: number; end?: number; insns: { loc: number; bytes: number[] }[]; cfa: number; saved: number[] }

function uleb(v: number): number[] {
  const out: number[] = [];
  do { let b = v & 0x7f; v = Math.floor(v / 128); if (v) b |= 0x80; out.push(b); } while (v);
  return out;
}
function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f; v = Math.floor(v / 128);
    if ((v === 0 && !(b & 0x40)) || (v === -1 && (b & 0x40))) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

/** Handle one `.cfi_*` directive. Returns false if it is not one we know. */
export function cfiDirective(st: AsmState, name: string, args: string): boolean {
  const cfi = st.backend.cfi;
  if (!cfi) return name.startsWith(".cfi_");               // accepted and ignored
  const a = splitArgs(args).map(([t]) => t);
  const reg = (t: string | undefined) => {
    const r = t === undefined ? undefined : /^\d+$/.test(t) ? Number(t) : cfi.reg(t.replace(/^%/, ""));
    if (r === undefined) throw new EncodeError(`'${t ?? ""}' is not a register (a DWARF number or a name)`);
    return r;
  };
  const num = (t: string | undefined) => Number(st.evalAbs(t ?? "", 1));
  const cur = st.cfi.cur;
  if (name === ".cfi_startproc") {
    if (cur) throw new EncodeError(".cfi_startproc inside another .cfi_startproc (missing .cfi_endproc?)");
    st.cfi.cur = { section: st.cur.attrs.name, start: st.cur.pc, insns: [], cfa: cfi.initialCfaOffset, saved: [] };
    return true;
  }
  if (name === ".cfi_sections") return true;
  if (!name.startsWith(".cfi_")) return false;
  if (!cur) throw new EncodeError(`${name} outside .cfi_startproc/.cfi_endproc`);
  const emit = (...bytes: number[]) => cur.insns.push({ loc: st.cur.pc, bytes });
  switch (name) {
    case ".cfi_endproc": cur.end = st.cur.pc; if (st.final) st.cfi.fdes.push(cur); st.cfi.cur = undefined; return true;
    case ".cfi_def_cfa": cur.cfa = num(a[1]); emit(0x0c, ...uleb(reg(a[0])), ...uleb(cur.cfa)); return true;
    case ".cfi_def_cfa_offset": cur.cfa = num(a[0]); emit(0x0e, ...uleb(cur.cfa)); return true;
    case ".cfi_adjust_cfa_offset": cur.cfa += num(a[0]); emit(0x0e, ...uleb(cur.cfa)); return true;
    case ".cfi_def_cfa_register": emit(0x0d, ...uleb(reg(a[0]))); return true;
    case ".cfi_offset": case ".cfi_rel_offset": {
      const r = reg(a[0]);
      const off = num(a[1]) - (name === ".cfi_rel_offset" ? cur.cfa : 0);
      const f = off / cfi.dataAlign;
      if (Number.isInteger(f) && f >= 0 && r < 64) emit(0x80 | r, ...uleb(f));   // DW_CFA_offset
      else emit(0x11, ...uleb(r), ...sleb(Math.trunc(f)));                       // DW_CFA_offset_extended_sf
      return true;
    }
    case ".cfi_restore": { const r = reg(a[0]); if (r < 64) emit(0xc0 | r); else emit(0x06, ...uleb(r)); return true; }
    case ".cfi_undefined": emit(0x07, ...uleb(reg(a[0]))); return true;
    case ".cfi_same_value": emit(0x08, ...uleb(reg(a[0]))); return true;
    case ".cfi_register": emit(0x09, ...uleb(reg(a[0])), ...uleb(reg(a[1]))); return true;
    case ".cfi_remember_state": cur.saved.push(cur.cfa); emit(0x0a); return true;
    case ".cfi_restore_state": cur.cfa = cur.saved.pop() ?? cur.cfa; emit(0x0b); return true;
    case ".cfi_escape": emit(...a.map((t) => num(t) & 255)); return true;
    case ".cfi_signal_frame": case ".cfi_personality": case ".cfi_lsda":
      throw new EncodeError(`${name} is not supported (no C++ exceptions or signal frames here)`);
    default: throw new EncodeError(`unknown CFI directive '${name}'`);
  }
}

/** After the final pass: the .eh_frame section (CIE + FDEs) and its relocations, if any FDE was written. */
export function buildEhFrame(st: AsmState): SecState | undefined {
  const cfi = st.backend.cfi;
  if (!cfi || st.cfi.fdes.length === 0) return undefined;
  const out: number[] = [];
  const relocs: SecState["relocs"] = [];
  const word = (v: number) => { out.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255); };
  const pad = (align: number) => { while (out.length % align) out.push(0); };   // DW_CFA_nop
  const patchLen = (at: number) => { const n = out.length - at - 4; out[at] = n & 255; out[at + 1] = (n >>> 8) & 255; out[at + 2] = (n >>> 16) & 255; out[at + 3] = n >>> 24; };
  // CIE
  word(0); word(0); out.push(1, 0x7a, 0x52, 0);                 // length (patched), CIE id, version 1, "zR"
  out.push(...uleb(cfi.codeAlign), ...sleb(cfi.dataAlign), ...uleb(cfi.raReg));
  out.push(1, 0x1b);                                             // aug. data: FDE pointers pcrel sdata4
  out.push(...cfi.initial);
  pad(4); patchLen(0);
  st.cfi.fdes.forEach((f, k) => {
    const at = out.length;
    word(0); word(at + 4);                                       // length (patched), offset back to the CIE
    relocs.push({ offset: out.length, type: cfi.pcrelReloc, symbol: f.section, addend: BigInt(f.start), line: 0, col: 0 });
    word(0); word((f.end ?? f.start) - f.start); out.push(0);    // pc_begin, pc_range, no aug. data
    let loc = f.start;
    for (const i of f.insns) {
      const d = (i.loc - loc) / cfi.codeAlign;       // advances count code-alignment units
      if (d > 0) {
        if (d < 64) out.push(0x40 | d);                          // DW_CFA_advance_loc
        else if (d < 256) out.push(0x02, d);
        else if (d < 65536) out.push(0x03, d & 255, d >> 8);
        else { out.push(0x04); word(d); }
        loc = i.loc;
      }
      out.push(...i.bytes);
    }
    // gas aligns every FDE to 4 and the last one to 8 (dw2gencfi.c, EH_FRAME_ALIGNMENT).
    pad(k === st.cfi.fdes.length - 1 ? 8 : 4); patchLen(at);
  });
  return {
    attrs: { name: ".eh_frame", type: cfi.sectionType, flags: 2 /* SHF_ALLOC */, entsize: 0 },
    pc: out.length, align: 8, bytes: out, relocs,
  };
}
