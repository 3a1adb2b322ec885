// Directives (gas manual, "Assembler Directives"): the statements that start
// with a dot. Each handler acts on the pass state; the same code runs on every
// layout pass, and only the final pass keeps bytes and relocations.

import {
  SHF_MERGE, SHF_STRINGS, SHT_PROGBITS, STT_FUNC, STT_NOTYPE, STT_OBJECT, STV_HIDDEN, STV_INTERNAL, STV_PROTECTED,
} from "../elf/constants";
import { EncodeError } from "./backend";
import { decodeString, putLE, splitArgs } from "./data";
import { cfiDirective } from "./cfi";
import { parseSection } from "./sections";
import { AsmState } from "./state";

type Handler = (st: AsmState, args: string) => void;

/** Largest .skip/.fill we agree to make (a typo like `.skip 1<<40` should not eat all memory). */
const MAX_FILL = 1 << 28;

/** Names a directive accepts: a comma-separated list of symbols. */
function names(args: string): [string, number][] {
  const list = splitArgs(args);
  for (const [n, c] of list)
    if (!/^[A-Za-z_.$][A-Za-z0-9_.$@]*$/.test(n)) throw new EncodeError(`expected a symbol name, got '${n}'`, c + 1);
  return list;
}

function dataDirective(size: 1 | 2 | 4 | 8): Handler {
  return (st, args) => {
    st.mark("$d");
    for (const [text, c] of splitArgs(args)) {
      if (text === "") throw new EncodeError("missing value", c + 1);
      const at = st.cur.pc;
      const v = st.eval(text, c + 1, at);
      const out: number[] = [];
      if (v.symbol === undefined && !v.pcrel) {
        // gas only warns when a value is truncated, and keeps the low bytes; so do we.
        // gas's test (read.c, emit_expr): warn only if neither v nor -v fits in the field.
        const hi = ~((1n << BigInt(size * 8)) - 1n) & ((1n << 64n) - 1n);
        if (size < 8 && (BigInt.asUintN(64, v.addend) & hi) !== 0n && (BigInt.asUintN(64, -v.addend) & hi) !== 0n) {
          const kept = BigInt.asUintN(size * 8, v.addend);
          st.warn(`value 0x${BigInt.asUintN(64, v.addend).toString(16)} truncated to 0x${kept.toString(16)}`, c + 1);
        }
        putLE(out, v.addend, size);
      } else {
        const type = st.backend.dataReloc(size, !!v.pcrel);
        if (type === undefined) throw new EncodeError(`no ${size}-byte ${v.pcrel ? "PC-relative " : ""}relocation for '${text}'`, c + 1);
        st.reloc(at, type, v.symbol!, v.addend, st.stmt.argsCol + c);
        putLE(out, 0n, size);
      }
      st.emit(out);
    }
  };
}

function stringDirective(zero: boolean): Handler {
  return (st, args) => {
    st.mark("$d");
    for (const [text, c] of splitArgs(args)) {
      const bytes = decodeString(text, c + 1);
      if (zero) bytes.push(0);
      st.emit(bytes);
    }
  };
}

/** Pad to a multiple of `align` (gas .balign semantics): fill byte, or NOPs in code. */
function alignTo(st: AsmState, align: number, fill: number | undefined, max: number | undefined, col: number) {
  if (align < 1 || (align & (align - 1)) !== 0) throw new EncodeError(`alignment ${align} is not a power of 2`, col);
  const pad = (align - (st.cur.pc % align)) % align;
  if (align > st.cur.align) st.cur.align = align;
  if (pad === 0 || (max !== undefined && pad > max)) return;
  if (fill === undefined && st.isCode) st.emit(st.backend.codeFill(pad));
  else st.emit(new Array<number>(pad).fill(fill ?? 0));
}

function alignDirective(log2: boolean | "backend"): Handler {
  return (st, args) => {
    const a = splitArgs(args);
    if (a.length === 0 || a[0][0] === "") throw new EncodeError("alignment value missing", 1);
    const n = Number(st.evalAbs(a[0][0], a[0][1] + 1));
    const isLog = log2 === "backend" ? st.backend.alignIsLog2 : log2;
    if (isLog && (n < 0 || n > 30)) throw new EncodeError(`alignment too large: ${n}`, a[0][1] + 1);
    const fill = a[1] && a[1][0] !== "" ? Number(st.evalAbs(a[1][0], a[1][1] + 1)) & 255 : undefined;
    const max = a[2] && a[2][0] !== "" ? Number(st.evalAbs(a[2][0], a[2][1] + 1)) : undefined;
    alignTo(st, isLog ? 1 << n : n, fill, max, a[0][1] + 1);
  };
}

function skip(st: AsmState, args: string) {
  const a = splitArgs(args);
  const n = Number(st.evalAbs(a[0]?.[0] ?? "", (a[0]?.[1] ?? 0) + 1));
  if (n < 0) throw new EncodeError(`negative size ${n}`, 1);
  if (n > MAX_FILL) throw new EncodeError(`size ${n} is too large (at most ${MAX_FILL} bytes)`, 1);
  const fill = a[1] ? Number(st.evalAbs(a[1][0], a[1][1] + 1)) & 255 : 0;
  if (n > 0) st.mark("$d");
  st.emit(new Array<number>(n).fill(fill));
}

function setSymbol(st: AsmState, name: string, expr: string, col: number) {
  if (!/^[A-Za-z_.$][A-Za-z0-9_.$@]*$/.test(name)) throw new EncodeError(`bad symbol name '${name}'`, 1);
  const v = st.eval(expr, col);
  const s = st.sym(name);
  if (s.section !== undefined && s.pass === st.pass) throw new EncodeError(`symbol '${name}' is already defined as a label`, 1);
  // `x = .` style (a location): becomes a label there, as in gas.
  if (v.section !== undefined && v.offset !== undefined && !v.pcrel && v.symbol !== undefined && !st.symbols.get(v.symbol)?.global) {
    s.section = v.section; s.offset = v.offset + Number(v.addend); s.pass = st.pass; s.equ = undefined;
    return;
  }
  s.equ = v;
}

function symbolType(st: AsmState, args: string) {
  const a = splitArgs(args);
  if (a.length < 2) throw new EncodeError(".type needs a symbol and a type, like `.type main, @function`", 1);
  const t = a[1][0].replace(/^[@%"]|"$/g, "");
  const s = st.sym(names(a[0][0])[0][0]);
  s.declared = true;
  if (t === "function" || t === "STT_FUNC") s.type = STT_FUNC;
  else if (t === "object" || t === "STT_OBJECT") s.type = STT_OBJECT;
  else if (t === "notype" || t === "STT_NOTYPE") s.type = STT_NOTYPE;
  else throw new EncodeError(`unknown symbol type '${a[1][0]}'`, a[1][1] + 1);
}

function comm(local: boolean): Handler {
  return (st, args) => {
    const a = splitArgs(args);
    if (a.length < 2) throw new EncodeError(`${local ? ".lcomm" : ".comm"} needs a symbol and a size`, 1);
    const name = names(a[0][0])[0][0];
    const size = st.evalAbs(a[1][0], a[1][1] + 1);
    const align = a[2] ? st.evalAbs(a[2][0], a[2][1] + 1) : size >= 16n ? 16n : size >= 8n ? 8n : size >= 4n ? 4n : size >= 2n ? 2n : 1n;
    const s = st.sym(name);
    // `.local x` then `.comm x, ...` (how gcc writes a static array) allocates in .bss like .lcomm.
    if (!local && s.global !== false) { s.common = { size, align }; s.global = true; s.type = STT_OBJECT; return; }
    // gas puts these in .bss subsection 1, after everything written to .bss
    // directly; assemble.ts lays them out when the pass ends (placeLcomm).
    s.type = STT_OBJECT; s.size = size;
    st.lcomm.push({ name, size: Number(size), align: Number(align) });
  };
}

/** End of a pass: allocate the .lcomm / local .comm symbols at the end of .bss. */
export function placeLcomm(st: AsmState) {
  if (st.lcomm.length === 0) return;
  const here = st.cur.attrs.name;
  st.switchTo(".bss");
  for (const l of st.lcomm) {
    alignTo(st, l.align, 0, undefined, 1);
    st.defineLabel(l.name, 1);
    st.emit(new Array<number>(l.size).fill(0));
  }
  st.switchTo(here);
}

/** LEB128 (DWARF 5, 7.6): 7 bits per byte, high bit = "more follows". */
function leb128(signed: boolean): Handler {
  return (st, args) => {
    st.mark("$d");
    for (const [text, c] of splitArgs(args)) {
      let v = st.evalAbs(text, c + 1);
      const out: number[] = [];
      for (;;) {
        const byte = Number(v & 0x7fn);
        v >>= 7n;                       // BigInt >> is arithmetic: right for both kinds
        const done = signed ? (v === 0n && !(byte & 0x40)) || (v === -1n && (byte & 0x40) !== 0) : v <= 0n;
        if (!signed && v < 0n) throw new EncodeError(`.uleb128 of a negative value`, c + 1);
        out.push(done ? byte : byte | 0x80);
        if (done) break;
      }
      st.emit(out);
    }
  };
}

const ignored: Handler = () => {};

export const DIRECTIVES: Record<string, Handler> = {
  ".text": (st) => st.switchTo(".text"),
  ".data": (st) => st.switchTo(".data"),
  ".bss": (st) => st.switchTo(".bss"),
  ".section": (st, args) => { const a = parseSection(args, 1); st.switchTo(a.name, a); },
  ".previous": (st) => {
    const p = st.prevSec.pop();
    if (p) { const here = st.cur.attrs.name; st.switchTo(p); st.prevSec.pop(); st.prevSec.push(here); }
  },
  ".pushsection": (st, args) => { st.stack.push(st.cur.attrs.name); const a = parseSection(args, 1); st.switchTo(a.name, a); },
  ".popsection": (st) => {
    const p = st.stack.pop();
    if (!p) throw new EncodeError(".popsection without .pushsection");
    st.switchTo(p);
  },
  ".globl": (st, args) => { for (const [n] of names(args)) { const s = st.sym(n); s.global = true; s.declared = true; } },
  ".global": (st, args) => DIRECTIVES[".globl"](st, args),
  ".weak": (st, args) => { for (const [n] of names(args)) { const s = st.sym(n); s.weak = true; s.declared = true; } },
  ".local": (st, args) => { for (const [n] of names(args)) { const s = st.sym(n); s.global = false; s.declared = true; } },
  ".hidden": (st, args) => { for (const [n] of names(args)) st.sym(n).visibility = STV_HIDDEN; },
  ".protected": (st, args) => { for (const [n] of names(args)) st.sym(n).visibility = STV_PROTECTED; },
  ".internal": (st, args) => { for (const [n] of names(args)) st.sym(n).visibility = STV_INTERNAL; },
  ".type": symbolType,
  ".size": (st, args) => {
    const a = splitArgs(args);
    if (a.length < 2) throw new EncodeError(".size needs a symbol and a size", 1);
    const s = st.sym(names(a[0][0])[0][0]);
    s.size = st.evalAbs(a[1][0], a[1][1] + 1);
  },
  ".byte": dataDirective(1),
  ".short": dataDirective(2), ".hword": dataDirective(2), ".2byte": dataDirective(2),
  ".word": (st, args) => dataDirective(st.backend.wordSize)(st, args),
  ".long": dataDirective(4), ".int": dataDirective(4), ".4byte": dataDirective(4),
  ".value": dataDirective(2),
  ".uleb128": leb128(false), ".sleb128": leb128(true),
  ".quad": dataDirective(8), ".8byte": dataDirective(8), ".xword": dataDirective(8), ".dword": dataDirective(8),
  ".ascii": stringDirective(false),
  ".asciz": stringDirective(true), ".string": stringDirective(true),
  ".zero": skip, ".skip": skip, ".space": skip,
  ".fill": (st, args) => {
    const a = splitArgs(args);
    const rep = Number(st.evalAbs(a[0][0], a[0][1] + 1));
    if (rep < 0 || rep > MAX_FILL) throw new EncodeError(`repeat count ${rep} out of range`, a[0][1] + 1);
    const size = a[1] ? Number(st.evalAbs(a[1][0], a[1][1] + 1)) : 1;
    const val = a[2] ? st.evalAbs(a[2][0], a[2][1] + 1) : 0n;
    const out: number[] = [];
    if (rep > 0) st.mark("$d");
    for (let i = 0; i < rep; i++) putLE(out, val, Math.min(size, 8)), size > 8 && out.push(...new Array<number>(size - 8).fill(0));
    st.emit(out);
  },
  ".org": (st, args) => {
    // Move the location counter forward to an offset in this section, filling the gap.
    const a = splitArgs(args);
    const v = st.eval(a[0]?.[0] ?? "", (a[0]?.[1] ?? 0) + 1);
    let to: number;
    if (v.symbol === undefined && !v.pcrel) to = Number(v.addend);
    else if (v.section === st.cur.attrs.name && v.offset !== undefined && !v.pcrel) to = v.offset + Number(v.addend);
    else throw new EncodeError(".org needs an offset in the current section", 1);
    const fill = a[1] ? Number(st.evalAbs(a[1][0], a[1][1] + 1)) & 255 : 0;
    if (to < st.cur.pc) {
      if (st.final) throw new EncodeError(`.org ${to} would move the location counter backwards (it is at ${st.cur.pc})`, 1);
      return;
    }
    if (to - st.cur.pc > MAX_FILL) throw new EncodeError(`.org gap too large`, 1);
    st.emit(new Array<number>(to - st.cur.pc).fill(fill));
  },
  ".align": alignDirective("backend"),
  ".balign": alignDirective(false),
  ".p2align": alignDirective(true),
  ".equ": (st, args) => {
    const a = splitArgs(args);
    if (a.length !== 2) throw new EncodeError("expected `.equ name, expression`", 1);
    setSymbol(st, a[0][0], a[1][0], a[1][1] + 1);
  },
  ".comm": comm(false),
  ".lcomm": comm(true),
  ".file": (st, args) => {
    const m = args.match(/^"(.*)"$/);
    if (m) st.fileName = m[1];
    const n = args.match(/^(\d+)\s+"(.*)"$/);   // `.file 1 "x.c"`: file number for .loc
    if (n) st.locFiles.set(Number(n[1]), n[2]);
  },
  ".loc": (st, args) => {
    // `.loc file line [column] [options]`: a C compiler's line-table entry for
    // the next instruction. Recorded (final pass) for a later DWARF/debugger issue.
    const m = args.match(/^(\d+)\s+(\d+)(?:\s+(\d+))?/);
    if (m && st.final) st.locs.push({ section: st.cur.attrs.name, offset: st.cur.pc, file: Number(m[1]), line: Number(m[2]), col: Number(m[3] ?? 0) });
  },
  ".ident": (st, args) => {
    // gas collects .ident strings in a mergeable .comment section, after a leading NUL.
    const here = st.cur.attrs.name;
    const fresh = !st.sections.has(".comment");
    st.switchTo(".comment", { name: ".comment", type: SHT_PROGBITS, flags: SHF_MERGE | SHF_STRINGS, entsize: 1 });
    if (fresh) st.emit([0]);
    st.emit([...decodeString(args.trim(), 1), 0]);
    st.switchTo(here);
    st.prevSec.pop(); st.prevSec.pop();
  }, ".addrsig": ignored, ".addrsig_sym": ignored, ".end": ignored,
};
DIRECTIVES[".set"] = DIRECTIVES[".equ"];

/** Run one directive; false if the name is unknown here (the backend may know it). */
export function runDirective(st: AsmState, name: string, args: string): boolean {
  const h = DIRECTIVES[name];
  if (h) { h(st, args); return true; }
  return cfiDirective(st, name, args);
}

/** `name = expr` */
export function runAssignment(st: AsmState, name: string, expr: string, exprCol: number) {
  setSymbol(st, name, expr, exprCol);
}
