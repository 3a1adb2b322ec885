// The disassembler's second half: loads and stores, branches, exception and
// system instructions, and words that decode to nothing (objdump's
// `.inst 0x... ; undefined`). See disasm.ts.

import { Acc, type Insn, Mode, Op, ZR_SINK } from "./insn";
import { bcondComment, COND, hex, reg, target } from "./disasm-util";
import { sysregName } from "./sysregs";

const SUFFIX = ["b", "h", "", ""];

/** Mnemonics of single-register loads and stores, by mode (normal / unscaled / unprivileged). */
function ldStName(d: Insn): string {
  const base = d.op === Op.St ? "st" : "ld";
  const mid = d.mode === Mode.Unscaled ? "ur" : d.mode === Mode.Unpriv ? "tr" : "r";
  switch (d.kind) {
    case Acc.SB32: case Acc.SB64: return `${base}${mid}sb`;
    case Acc.SH32: case Acc.SH64: return `${base}${mid}sh`;
    case Acc.SW64: return `${base}${mid}sw`;
    default: return base + mid + SUFFIX[d.kind];
  }
}

/** The address operand: [xn], [xn, #imm], [xn, #imm]!, [xn], #imm, or a register offset. */
function address(d: Insn): string {
  const base = reg(d.rn, 1);
  switch (d.mode) {
    case Mode.Pre: return `[${base}, #${d.imm}]!`;
    case Mode.Post: return `[${base}], #${d.imm}`;
    case Mode.Reg: {
      const opt = d.imm3, s = d.imm;                // option and the S bit
      const idx = reg(d.rm, opt & 1);
      const ext = opt === 3 ? "lsl" : opt === 2 ? "uxtw" : opt === 6 ? "sxtw" : "sxtx";
      if (opt === 3 && !s) return `[${base}, ${idx}]`;
      return `[${base}, ${idx}, ${ext}${s ? ` #${d.imm2}` : ""}]`;
    }
    default: return d.imm === 0 ? `[${base}]` : `[${base}, #${d.imm}]`;
  }
}

const PRF_TYPE = ["pld", "pli", "pst"];
function prfop(v: number): string {
  const type = v >> 3, tgt = (v >> 1) & 3;
  if (type > 2 || tgt > 2) return "#0x" + v.toString(16).padStart(2, "0");
  return `${PRF_TYPE[type]}l${tgt + 1}${v & 1 ? "strm" : "keep"}`;
}

const HINTS: Record<number, string> = {
  0: "nop", 1: "yield", 2: "wfe", 3: "wfi", 4: "sev", 5: "sevl", 7: "xpaclri", 8: "pacia1716", 10: "pacib1716",
  12: "autia1716", 14: "autib1716", 16: "esb", 17: "psb\tcsync", 18: "tsb\tcsync", 20: "csdb", 22: "clearbhb",
  24: "paciaz", 25: "paciasp", 26: "pacibz", 27: "pacibsp", 28: "autiaz", 29: "autiasp", 30: "autibz", 31: "autibsp",
  32: "bti", 34: "bti\tc", 36: "bti\tj", 38: "bti\tjc",
};

const BARRIER_OPT: Record<number, string> = {
  1: "oshld", 2: "oshst", 3: "osh", 5: "nshld", 6: "nshst", 7: "nsh", 9: "ishld", 10: "ishst", 11: "ish",
  13: "ld", 14: "st", 15: "sy",
};

const CACHE_OPS: Record<number, string> = { 4: "zva", 5: "ivau", 10: "cvac", 11: "cvau", 12: "cvap", 14: "civac" };

export function formatMemSys(d: Insn, addr: bigint): string {
  const rt = reg(d.rd, d.sf), at = (off: number): string => target(addr + BigInt(off));
  switch (d.op) {
    case Op.Ld: case Op.St: return `${ldStName(d)}\t${rt}, ${address(d)}`;
    case Op.Prfm: return `${d.mode === Mode.Unscaled ? "prfum" : "prfm"}\t${prfop(d.ra)}, ${address(d)}`;
    case Op.PrfmLit: return `prfm\t${prfop(d.ra)}, ${at(d.imm)}`;
    case Op.LdLit: return `${d.kind === Acc.SW64 ? "ldrsw" : "ldr"}\t${rt}, ${at(d.imm)}`;
    case Op.Ldp: case Op.Stp: {
      const nt = d.mode === Mode.NonTemporal;
      const mn = (d.op === Op.Ldp ? "ld" : "st") + (nt ? "np" : "p") + (d.kind === Acc.SW64 ? "sw" : "");
      return `${mn}\t${rt}, ${reg(d.ra, d.sf)}, ${address(d)}`;
    }
    case Op.Ldx: return `ld${d.imm2 ? "a" : ""}xr${SUFFIX[d.kind]}\t${rt}, [${reg(d.rn, 1)}]`;
    case Op.Stx: return `st${d.imm2 ? "l" : ""}xr${SUFFIX[d.kind]}\t${reg(d.rm, 0)}, ${rt}, [${reg(d.rn, 1)}]`;
    case Op.Ldxp: return `ld${d.imm2 ? "a" : ""}xp\t${rt}, ${reg(d.ra, d.sf)}, [${reg(d.rn, 1)}]`;
    case Op.Stxp: return `st${d.imm2 ? "l" : ""}xp\t${reg(d.rm, 0)}, ${rt}, ${reg(d.ra, d.sf)}, [${reg(d.rn, 1)}]`;
    case Op.Amo: return atomicText(d);
    case Op.Cas: return `cas${AL[d.imm3]}${SUFFIX[d.kind]}\t${reg(d.rm, d.sf)}, ${rt}, [${reg(d.rn, 1)}]`;
    case Op.Casp: return `casp${AL[d.imm3]}\t${reg(d.rm, d.sf)}, ${reg(d.m0, d.sf)}, ${rt}, ${reg(d.m2, d.sf)}, [${reg(d.rn, 1)}]`;
    case Op.Ldapr: return `ldapr${SUFFIX[d.kind]}\t${rt}, [${reg(d.rn, 1)}]`;
    case Op.Ldar: return `ldar${SUFFIX[d.kind]}\t${rt}, [${reg(d.rn, 1)}]`;
    case Op.Stlr: return `stlr${SUFFIX[d.kind]}\t${rt}, [${reg(d.rn, 1)}]`;
    case Op.B: return `b\t${at(d.imm)}`;
    case Op.Bl: return `bl\t${at(d.imm)}`;
    case Op.Bcond: return `b.${COND[d.cond]}\t${at(d.imm)}${bcondComment(d.cond)}`;
    case Op.Cbz: case Op.Cbnz: return `${d.op === Op.Cbz ? "cbz" : "cbnz"}\t${reg(d.rn, d.sf)}, ${at(d.imm)}`;
    case Op.Tbz: case Op.Tbnz:
      return `${d.op === Op.Tbz ? "tbz" : "tbnz"}\t${reg(d.rn, d.imm2 >= 32 ? 1 : 0)}, #${d.imm2}, ${at(d.imm)}`;
    case Op.Br: return `br\t${reg(d.rn, 1)}`;
    case Op.Blr: return `blr\t${reg(d.rn, 1)}`;
    case Op.Ret: return d.rn === 30 ? "ret" : `ret\t${reg(d.rn, 1)}`;
    case Op.Adr: return `adr\t${reg(d.rd, 1)}, ${at(d.imm)}`;
    case Op.Adrp: return `adrp\t${reg(d.rd, 1)}, ${target((addr & ~0xfffn) + BigInt(d.imm) * 4096n)}`;
    case Op.Svc: return `svc\t${hex(d.imm)}`;
    case Op.Brk: return `brk\t${hex(d.imm)}`;
    case Op.Hlt: return `hlt\t${hex(d.imm)}`;
    case Op.Udf: return `udf\t#${d.imm}`;
    case Op.Hint: case Op.Wfi: return HINTS[d.imm2] ?? `hint\t${hex(d.imm2)}`;
    case Op.Clrex: return d.imm3 === 15 ? "clrex" : `clrex\t${hex(d.imm3)}`;
    case Op.Barrier: return barrier(d);
    case Op.Mrs: return `mrs\t${reg(d.rd, 1)}, ${sysregName(d.imm)}`;
    case Op.Msr: return `msr\t${sysregName(d.imm)}, ${reg(d.rn, 1)}`;
    case Op.Sys: return `${d.imm2 === 5 ? "ic" : "dc"}\t${CACHE_OPS[d.imm2]}, ${reg(d.rn, 1)}`;
    case Op.Eret: return "eret";
    case Op.Hvc: return `${d.imm2 === 2 ? "hvc" : "smc"}\t${hex(d.imm)}`;
    case Op.MsrImm: return `msr\t${PSTATE_FIELDS[d.imm2]}, ${hex(d.imm3)}`;
    case Op.Tlbi: return `tlbi\t${TLBI_NAMES[d.imm2]}${d.imm3 === 3 ? "is" : ""}${d.imm2 === 0 ? "" : `, ${reg(d.rn, 1)}`}`;
    case Op.SysEl1: return d.imm2 < 2 ? `ic\t${d.imm2 === 0 ? "ialluis" : "iallu"}` : `dc\t${DC_EL1[d.imm2 - 2]}, ${reg(d.rn, 1)}`;
    default: return `.inst\t0x${(d.word >>> 0).toString(16).padStart(8, "0")} ; undefined`;
  }
}

/** MSR (immediate) field names by op2 (SPSel 5, PAN 4 have op1 0; DAIFSet 6, DAIFClr 7 have op1 3). */
const PSTATE_FIELDS: Record<number, string> = { 4: "pan", 5: "spsel", 6: "daifset", 7: "daifclr" };
const TLBI_NAMES: Record<number, string> = { 0: "vmalle1", 1: "vae1", 2: "aside1", 3: "vaae1", 5: "vale1", 7: "vaale1" };
const DC_EL1 = ["ivac", "isw", "csw", "cisw"];

/** Acquire/release suffixes by A<<1 | R. */
const AL = ["", "l", "a", "al"];
const AMO = ["add", "clr", "eor", "set", "smax", "smin", "umax", "umin"];

/** LD<op>{A}{L}{B,H} Rs, Rt, [Xn]; ST<op>{L} Rs, [Xn] when the old value is discarded; SWP. */
function atomicText(d: Insn): string {
  const rs = reg(d.rm, d.sf), base = `[${reg(d.rn, 1)}]`, sfx = SUFFIX[d.kind];
  if (d.imm2 === 8) return `swp${AL[d.imm3]}${sfx}\t${rs}, ${reg(d.rd, d.sf)}, ${base}`;
  if ((d.imm3 & 2) === 0 && d.rd === ZR_SINK) return `st${AMO[d.imm2]}${AL[d.imm3]}${sfx}\t${rs}, ${base}`;
  return `ld${AMO[d.imm2]}${AL[d.imm3]}${sfx}\t${rs}, ${reg(d.rd, d.sf)}, ${base}`;
}

function barrier(d: Insn): string {
  const crm = d.imm3, op2 = d.imm2;
  if (op2 === 6) return crm === 15 ? "isb" : `isb\t${hex(crm)}`;
  if (op2 === 4 && crm === 0) return "ssbb";
  if (op2 === 4 && crm === 4) return "pssbb";
  const opt = BARRIER_OPT[crm] ?? "#0x" + crm.toString(16).padStart(2, "0");
  return `${op2 === 4 ? "dsb" : "dmb"}\t${opt}`;
}
