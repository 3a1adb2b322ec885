// Data processing on registers only: multiply(-accumulate), divide, the
// variable shifts by explicit name, bit reversal and counting, conditional
// select/compare and their aliases. Arm ARM C4.1.95 (data processing,
// register): 1-source, 2-source, 3-source, conditional select, conditional
// compare.

import type { EncodeContext } from "../backend";
import { count, cond, fail, gpr, immRange, isReg, type Op } from "./operands";
import { bits, type A64Word } from "./word";

/** 3-source: base word, Ra used?, and whether the sources are W registers into an X result. */
const DP3: Record<string, { base: number; ra: boolean; long?: boolean; xOnly?: boolean }> = {
  madd: { base: 0x1b000000, ra: true }, msub: { base: 0x1b008000, ra: true },
  mul: { base: 0x1b000000, ra: false }, mneg: { base: 0x1b008000, ra: false },
  smaddl: { base: 0x9b200000, ra: true, long: true }, smsubl: { base: 0x9b208000, ra: true, long: true },
  umaddl: { base: 0x9ba00000, ra: true, long: true }, umsubl: { base: 0x9ba08000, ra: true, long: true },
  smull: { base: 0x9b200000, ra: false, long: true }, smnegl: { base: 0x9b208000, ra: false, long: true },
  umull: { base: 0x9ba00000, ra: false, long: true }, umnegl: { base: 0x9ba08000, ra: false, long: true },
  smulh: { base: 0x9b400000, ra: false, xOnly: true }, umulh: { base: 0x9bc00000, ra: false, xOnly: true },
};

/** MADD/MSUB Rd, Rn, Rm, Ra and the long/high variants; MUL etc. use Ra = ZR. */
export function dp3(ops: Op[], _ctx: EncodeContext, m: string): A64Word {
  const d = DP3[m];
  count(ops, d.ra ? 4 : 3);
  const rd = gpr(ops[0], "zr", d.long || d.xOnly ? true : undefined);
  const srcX = d.long ? false : rd.x;
  const rn = gpr(ops[1], "zr", srcX);
  const rm = gpr(ops[2], "zr", srcX);
  const ra = d.ra ? gpr(ops[3], "zr", rd.x).n : 31;
  const sf = d.long || d.xOnly ? 0 : bits(rd.x ? 1 : 0, 1, 31);
  return { word: (d.base | sf | bits(rm.n, 5, 16) | bits(ra, 5, 10) | bits(rn.n, 5, 5) | rd.n) >>> 0 };
}

const DP2: Record<string, number> = { udiv: 2, sdiv: 3, lslv: 8, lsrv: 9, asrv: 10, rorv: 11 };

/** UDIV/SDIV/LSLV/LSRV/ASRV/RORV Rd, Rn, Rm. */
export function dp2(ops: Op[], _ctx: EncodeContext, m: string): A64Word {
  count(ops, 3);
  const rd = gpr(ops[0]);
  const rn = gpr(ops[1], "zr", rd.x);
  const rm = gpr(ops[2], "zr", rd.x);
  return { word: (0x1ac00000 | bits(rd.x ? 1 : 0, 1, 31) | bits(rm.n, 5, 16) | bits(DP2[m], 6, 10) | bits(rn.n, 5, 5) | rd.n) >>> 0 };
}

/** 1-source opcodes; REV is 2 on W and 3 on X, REV32 exists only on X. */
const DP1: Record<string, { w?: number; x?: number }> = {
  rbit: { w: 0, x: 0 }, rev16: { w: 1, x: 1 }, rev32: { x: 2 }, rev: { w: 2, x: 3 },
  clz: { w: 4, x: 4 }, cls: { w: 5, x: 5 },
};

/** RBIT/REV16/REV32/REV/CLZ/CLS Rd, Rn. (REV64 is
 * the same as REV on X registers, but gas 2.40 does not accept that name.) */
export function dp1(ops: Op[], _ctx: EncodeContext, m: string): A64Word {
  count(ops, 2);
  const rd = gpr(ops[0]);
  const rn = gpr(ops[1], "zr", rd.x);
  const opcode = rd.x ? DP1[m].x : DP1[m].w;
  if (opcode === undefined) fail(ops[0], "operand mismatch: 64-bit (x) register expected");
  return { word: (0x5ac00000 | bits(rd.x ? 1 : 0, 1, 31) | bits(opcode, 6, 10) | bits(rn.n, 5, 5) | rd.n) >>> 0 };
}

/** CSEL family: op (bit 30) and op2 (bit 10). */
const CSEL: Record<string, number> = { csel: 0x1a800000, csinc: 0x1a800400, csinv: 0x5a800000, csneg: 0x5a800400 };

function cselWord(base: number, x: boolean, rd: number, rn: number, rm: number, c: number): number {
  return (base | bits(x ? 1 : 0, 1, 31) | bits(rm, 5, 16) | bits(c, 4, 12) | bits(rn, 5, 5) | rd) >>> 0;
}

/** CSEL/CSINC/CSINV/CSNEG Rd, Rn, Rm, cond. */
export function csel(ops: Op[], _ctx: EncodeContext, m: string): A64Word {
  count(ops, 4);
  const rd = gpr(ops[0]);
  const rn = gpr(ops[1], "zr", rd.x);
  const rm = gpr(ops[2], "zr", rd.x);
  return { word: cselWord(CSEL[m], rd.x, rd.n, rn.n, rm.n, cond(ops[3])) };
}

/** An alias condition: AL and NV are not allowed, because the alias inverts it. */
function aliasCond(op: Op | undefined): number {
  const c = cond(op);
  if (c >= 14) fail(op, "condition must be one of the standard conditions, excluding AL and NV.");
  return c;
}

/** CSET/CSETM Rd, cond; CINC/CINV/CNEG Rd, Rn, cond (all with the inverted condition). */
export function condAlias(ops: Op[], _ctx: EncodeContext, m: string): A64Word {
  const set = m.startsWith("cset");
  count(ops, set ? 2 : 3);
  const rd = gpr(ops[0]);
  const rn = set ? 31 : gpr(ops[1], "zr", rd.x).n;
  const c = aliasCond(ops[set ? 1 : 2]) ^ 1;
  const base = m === "cset" || m === "cinc" ? CSEL.csinc : m === "cneg" ? CSEL.csneg : CSEL.csinv;
  return { word: cselWord(base, rd.x, rd.n, rn, rn, c) };
}

/** CCMP/CCMN Rn, Rm|#imm5, #nzcv, cond. */
export function ccmp(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 4);
  const rn = gpr(ops[0]);
  const isImm = !isReg(ops[1]);
  const second = isImm ? immRange(ops[1], ctx, 0, 31) : gpr(ops[1], "zr", rn.x).n;
  const nzcv = immRange(ops[2], ctx, 0, 15);
  const base = (m === "ccmp" ? 0x7a400000 : 0x3a400000) | (isImm ? 0x800 : 0);
  return { word: (base | bits(rn.x ? 1 : 0, 1, 31) | bits(second, 5, 16) | bits(cond(ops[3]), 4, 12) |
    bits(rn.n, 5, 5) | nzcv) >>> 0 };
}
