// Single-register loads and stores: LDR/STR of every size and signedness in
// every addressing mode, the unscaled (LDUR) and unprivileged (LDTR) forms,
// PC-relative literal loads and PRFM. Arm ARM C4.1.94 (loads and stores).
//
// One table row per mnemonic gives the access size and the opc field; the
// addressing mode then picks the encoding class:
//   unsigned offset  size 111 0 01 opc imm12 Rn Rt      (offset scaled by size)
//   unscaled/pre/post size 111 0 00 opc 0 imm9 xx Rn Rt (xx: 00 unscaled,
//                                                        01 post, 11 pre, 10 unprivileged)
//   register offset  size 111 0 00 opc 1 Rm option S 10 Rn Rt
//   literal          opc 011 0 00 imm19 Rt
// Like gas, `ldr x0, [x1, #-8]` (not a multiple of 8, or negative) quietly
// becomes the unscaled LDUR encoding.

import type { EncodeContext } from "../backend";
import * as C from "../../elf/constants";
import { R_AARCH64_LD64_GOT_LO12_NC, R_AARCH64_LD64_GOTPAGE_LO15 } from "./relocs";
import { count, fail, gpr, immRange, type Op, type Reg } from "./operands";
import { isMem, parseMem, type Mem } from "./memory";
import { bits, pcField, pcTarget, targetValue, type A64Word } from "./word";

/** size: log2 bytes (undefined: from Rt, 2 for W and 3 for X); opc for W and X Rt. */
interface LdSt { size?: number; opcW?: number; opcX?: number; prefetch?: boolean }

const BASE: Record<string, LdSt> = {
  strb: { size: 0, opcW: 0 }, ldrb: { size: 0, opcW: 1 }, ldrsb: { size: 0, opcW: 3, opcX: 2 },
  strh: { size: 1, opcW: 0 }, ldrh: { size: 1, opcW: 1 }, ldrsh: { size: 1, opcW: 3, opcX: 2 },
  str: { opcW: 0, opcX: 0 }, ldr: { opcW: 1, opcX: 1 }, ldrsw: { size: 2, opcX: 2 },
  prfm: { size: 3, prefetch: true },
};

/** The mnemonic's family (LDUR* and LDTR* share the table of LDR*) and its mode bits. */
function family(m: string): { row: LdSt; form: "any" | "unscaled" | "unpriv" } {
  if (BASE[m]) return { row: BASE[m], form: "any" };
  if (m === "prfum") return { row: BASE.prfm, form: "unscaled" };
  const um = /^(ld|st)ur(.*)$/.exec(m);
  if (um) return { row: BASE[`${um[1]}r${um[2]}`], form: "unscaled" };
  const tm = /^(ld|st)tr(.*)$/.exec(m);
  return { row: BASE[`${tm![1]}r${tm![2]}`], form: "unpriv" };
}

export const PREFETCH_OPS = [
  "pldl1keep", "pldl1strm", "pldl2keep", "pldl2strm", "pldl3keep", "pldl3strm", "", "",
  "plil1keep", "plil1strm", "plil2keep", "plil2strm", "plil3keep", "plil3strm", "", "",
  "pstl1keep", "pstl1strm", "pstl2keep", "pstl2strm", "pstl3keep", "pstl3strm",
];

/** Rt of a load/store, or the prefetch operation of PRFM (a name or #imm5). */
function target(op: Op, row: LdSt, ctx: EncodeContext): { rt: number; size: number; opc: number } {
  if (row.prefetch) {
    const named = PREFETCH_OPS.indexOf(op.text.toLowerCase());
    const rt = named >= 0 && op.text !== "" ? named : immRange(op, ctx, 0, 31);
    return { rt, size: 3, opc: 2 };
  }
  const r: Reg = gpr(op);
  const opc = r.x ? row.opcX : row.opcW;
  if (opc === undefined) fail(op, `operand mismatch: ${r.x ? "32-bit (w)" : "64-bit (x)"} register expected`);
  return { rt: r.n, size: row.size ?? (r.x ? 3 : 2), opc };
}

const LO12: Record<number, number> = {
  0: C.R_AARCH64_LDST8_ABS_LO12_NC, 1: C.R_AARCH64_LDST16_ABS_LO12_NC,
  2: C.R_AARCH64_LDST32_ABS_LO12_NC, 3: C.R_AARCH64_LDST64_ABS_LO12_NC,
};

/** LDR/STR/LDRB/.../PRFM and the LDUR/LDTR families. */
export function loadStore(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  const { row, form } = family(m);
  if (ops.length < 2) count(ops, 2);
  const t = target(ops[0], row, ctx);
  if (ops[1].text.startsWith("=")) {
    fail(ops[1], "literal pools (ldr Rt, =value) are not supported; use adrp+add or movz/movk");
  }
  if (!isMem(ops[1])) {
    count(ops, 2);
    if (form !== "any" || !(m === "ldr" || m === "ldrsw" || m === "prfm")) fail(ops[1], "invalid addressing mode");
    return literal(t.opc === 2 ? (m === "prfm" ? 3 : 2) : t.size === 3 ? 1 : 0, t.rt, ops[1], ctx);
  }
  const { mem, used } = parseMem(ops, 1, ctx);
  count(ops, 1 + used);
  const top = bits(t.size, 2, 30) | bits(t.opc, 2, 22) | t.rt | bits(mem.base.n, 5, 5);
  if (form !== "any") {
    if (mem.mode !== "offset" || mem.mod) fail(mem.op, "invalid addressing mode");
    return { word: (0x38000000 | top | imm9(mem) | (form === "unpriv" ? 0x800 : 0)) >>> 0 };
  }
  switch (mem.mode) {
    case "reg": return { word: (0x38200800 | top | registerBits(mem, t.size)) >>> 0 };
    case "pre": return { word: (0x38000c00 | top | imm9(mem)) >>> 0 };
    case "post": return { word: (0x38000400 | top | imm9(mem)) >>> 0 };
    default: return offset(top, t.size, mem);
  }
}

/** Unsigned scaled offset if it fits, else the unscaled LDUR form, as gas chooses. */
function offset(top: number, size: number, mem: Mem): A64Word {
  if (mem.mod) {
    // :lo12: (after adrp sym), :got_lo12: (after adrp :got:sym), and
    // :gotpage_lo15: (the GOT slot's offset in its page, gcc -fpic).
    const got = mem.mod.name === "got_lo12" || mem.mod.name === "gotpage_lo15";
    if (mem.mod.name !== "lo12" && !(got && size === 3)) fail(mem.op, `relocation :${mem.mod.name}: not allowed here`);
    const v = mem.mod.value;
    if (v.symbol === undefined) {
      const lo = v.addend & 0xfffn;
      if (lo % (1n << BigInt(size)) !== 0n) fail(mem.op, "offset must be a multiple of the access size");
      return { word: (0x39000000 | top | bits(lo >> BigInt(size), 12, 10)) >>> 0 };
    }
    const type = mem.mod.name === "got_lo12" ? R_AARCH64_LD64_GOT_LO12_NC
      : mem.mod.name === "gotpage_lo15" ? R_AARCH64_LD64_GOTPAGE_LO15 : LO12[size];
    return { word: (0x39000000 | top) >>> 0, reloc: { type, symbol: v.symbol, addend: v.addend } };
  }
  const off = mem.imm;
  const scale = 1n << BigInt(size);
  if (off >= 0n && off % scale === 0n && off / scale <= 4095n) {
    return { word: (0x39000000 | top | bits(off / scale, 12, 10)) >>> 0 };
  }
  return { word: (0x38000000 | top | imm9(mem)) >>> 0 };
}

function imm9(mem: Mem): number {
  if (mem.imm < -256n || mem.imm > 255n) fail(mem.op, "immediate offset out of range");
  return bits(mem.imm, 9, 12);
}

/** Rm, option and S. S=1 means "shift by log2(size)": the amount must be 0 or that. */
function registerBits(mem: Mem, size: number): number {
  let s = 0;
  if (mem.amount !== undefined) {
    if (mem.amount !== 0 && mem.amount !== size) fail(mem.op, `shift amount must be 0 or ${size}`);
    // A byte access has only "#0"; writing it sets S (objdump prints it back).
    s = size === 0 ? 1 : mem.amount === size ? 1 : 0;
  }
  return bits(mem.index!.n, 5, 16) | bits(mem.option!, 3, 13) | bits(s, 1, 12);
}

/** LDR (literal): opc 011 0 00 imm19 Rt; opc 0 W, 1 X, 2 LDRSW, 3 PRFM. */
function literal(opc: number, rt: number, op: Op, ctx: EncodeContext): A64Word {
  const f = pcField(op, pcTarget(op, targetValue(op, ctx), ctx), ctx, 19, 4, 5, C.R_AARCH64_LD_PREL_LO19,
    "pc-relative load offset out of range");
  return { word: (0x18000000 | bits(opc, 2, 30) | f.field | rt) >>> 0, reloc: f.reloc };
}

/** LDP/STP/LDPSW/LDNP/STNP Rt, Rt2, [Xn{, #imm}]{!} | [Xn], #imm. */
export function pair(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 3, 4);
  const load = m.startsWith("ld");
  const rt = gpr(ops[0], "zr", m === "ldpsw" ? true : undefined);
  const rt2 = gpr(ops[1], "zr", rt.x);
  const { mem, used } = parseMem(ops, 2, ctx);
  count(ops, 2 + used);
  const opc = m === "ldpsw" ? 1 : rt.x ? 2 : 0;
  const scale = rt.x && m !== "ldpsw" ? 8n : 4n;
  if (mem.mode === "reg" || mem.mod) fail(mem.op, "invalid addressing mode");
  const nonTemporal = m === "ldnp" || m === "stnp";
  if (nonTemporal && mem.mode !== "offset") fail(mem.op, "invalid addressing mode");
  const type = nonTemporal ? 0 : mem.mode === "post" ? 1 : mem.mode === "pre" ? 3 : 2;
  if (mem.imm % scale !== 0n) fail(mem.op, `offset must be a multiple of ${scale}`);
  const units = mem.imm / scale;
  if (units < -64n || units > 63n) fail(mem.op, "immediate offset out of range");
  const word = 0x28000000 | bits(opc, 2, 30) | bits(type, 3, 23) | bits(load ? 1 : 0, 1, 22) |
    bits(units, 7, 15) | bits(rt2.n, 5, 10) | bits(mem.base.n, 5, 5) | rt.n;
  return { word: word >>> 0 };
}
