// Logical operations and moves: AND/ORR/EOR/ANDS with a bitmask immediate or
// a shifted register, BIC/ORN/EON/BICS, the aliases TST and MVN, and MOV in
// every disguise. Arm ARM C4.1.87 (logical immediate), C4.1.88 (move wide),
// C4.1.95 (logical shifted register), C6.2 MOV (its aliases).
//
// MOV is not an instruction but a family of aliases, and gas picks one by the
// operand: a register moves with ORR Rd, ZR, Rm (or ADD Rd, Rn, #0 when SP is
// involved, since ORR cannot name SP); an immediate becomes MOVZ if it is one
// 16-bit chunk, else MOVN if its complement is, else ORR with a bitmask
// immediate; anything else needs several instructions and is an error.

import type { EncodeContext } from "../backend";
import * as C from "../../elf/constants";
import { encodeBitmask } from "./bitmask";
import { count, fail, gpr, imm, isReg, parseModified, parseModifier, parseReg, type Op, type Reg } from "./operands";
import { bits, type A64Word } from "./word";

/** opc for the immediate form and (opc, N) for the register form. */
const LOGIC: Record<string, { opc: number; n: number }> = {
  and: { opc: 0, n: 0 }, bic: { opc: 0, n: 1 }, orr: { opc: 1, n: 0 }, orn: { opc: 1, n: 1 },
  eor: { opc: 2, n: 0 }, eon: { opc: 2, n: 1 }, ands: { opc: 3, n: 0 }, bics: { opc: 3, n: 1 },
};

/** AND/ORR/EOR/ANDS/BIC/ORN/EON/BICS Rd, Rn, #imm | Rm{, shift #n}. */
export function logical(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 3, 4);
  const l = LOGIC[m];
  if (!isReg(ops[2])) {
    // Only BIC has an immediate alias (AND with the complement); gas rejects
    // ORN/EON/BICS with an immediate.
    if (l.n === 1 && m !== "bic") fail(ops[2], "integer register expected in the extended/shifted operand register");
    const rd = gpr(ops[0], l.opc === 3 ? "zr" : "sp");
    return logicalImm(l.opc, l.n === 1, rd, gpr(ops[1], "zr", rd.x), ops[2], ops[3], ctx);
  }
  const rd = gpr(ops[0]);
  return logicalReg(l.opc, l.n, rd, gpr(ops[1], "zr", rd.x), ops[2], ops[3], ctx);
}

/** TST Rn, #imm | Rm{, shift} = ANDS ZR, Rn, ... */
export function tst(ops: Op[], ctx: EncodeContext): A64Word {
  count(ops, 2, 3);
  const rn = gpr(ops[0]);
  const zr: Reg = { n: 31, x: rn.x, kind: "zr" };
  if (!isReg(ops[1])) return logicalImm(3, false, zr, rn, ops[1], ops[2], ctx);
  return logicalReg(3, 0, zr, rn, ops[1], ops[2], ctx);
}

/** MVN Rd, Rm{, shift} = ORN Rd, ZR, Rm{, shift}. */
export function mvn(ops: Op[], ctx: EncodeContext): A64Word {
  count(ops, 2, 3);
  const rd = gpr(ops[0]);
  return logicalReg(1, 1, rd, { n: 31, x: rd.x, kind: "zr" }, ops[1], ops[2], ctx);
}

/**
 * Does an immediate fit the register? For W, gas takes a value whose upper
 * 32 bits are all zeros or all ones (so #-2 means 0xfffffffe) and uses the low 32.
 */
function fitsWidth(v: bigint, x: boolean): boolean {
  if (v < -(1n << 63n) || v >= 1n << 64n) return false;
  if (x) return true;
  const high = BigInt.asIntN(64, v) >> 32n;
  return high === 0n || high === -1n;
}

/** sf opc 100100 N immr imms Rn Rd. BIC #imm is AND with the complement (as gas). */
function logicalImm(opc: number, invert: boolean, rd: Reg, rn: Reg, op: Op, extra: Op | undefined, ctx: EncodeContext): A64Word {
  if (extra) fail(extra, "unexpected extra operand");
  let v = imm(op, ctx);
  if (!fitsWidth(v, rd.x)) fail(op, "immediate out of range");
  if (invert) v = ~v;
  const bm = encodeBitmask(v, rd.x ? 64 : 32);
  if (!bm) fail(op, "immediate out of range");
  return { word: logicImmWord(opc, rd, rn.n, bm.n, bm.immr, bm.imms) };
}

function logicImmWord(opc: number, rd: Reg, rn: number, n: number, immr: number, imms: number): number {
  return (0x12000000 | bits(rd.x ? 1 : 0, 1, 31) | bits(opc, 2, 29) | bits(n, 1, 22) |
    bits(immr, 6, 16) | bits(imms, 6, 10) | bits(rn, 5, 5) | rd.n) >>> 0;
}

/** sf opc 01010 shift N Rm imm6 Rn Rd; all four shifts incl. ROR are allowed. */
function logicalReg(opc: number, n: number, rd: Reg, rn: Reg, rmOp: Op, shiftOp: Op | undefined, ctx: EncodeContext): A64Word {
  const rm = gpr(rmOp, "zr", rd.x);
  let type = 0, amount = 0;
  if (shiftOp) {
    const s = parseModifier(shiftOp, ctx);
    if (!s || !["lsl", "lsr", "asr", "ror"].includes(s.kind)) fail(shiftOp, "shift operator expected");
    type = ["lsl", "lsr", "asr", "ror"].indexOf(s.kind);
    amount = s.amount ?? 0;
    if (amount > (rd.x ? 63 : 31)) fail(shiftOp, `shift amount out of range 0 to ${rd.x ? 63 : 31}`);
  }
  const word = 0x0a000000 | bits(rd.x ? 1 : 0, 1, 31) | bits(opc, 2, 29) | bits(type, 2, 22) |
    bits(n, 1, 21) | bits(rm.n, 5, 16) | bits(amount, 6, 10) | bits(rn.n, 5, 5) | rd.n;
  return { word: word >>> 0 };
}

/** MOV Rd, Rm | #imm (see the file comment for the choice gas makes). */
export function mov(ops: Op[], ctx: EncodeContext): A64Word {
  count(ops, 2);
  const rd = parseReg(ops[0].text) ?? gpr(ops[0]);
  if (isReg(ops[1])) {
    const rm = parseReg(ops[1].text)!;
    if (rm.x !== rd.x) fail(ops[1], "operand mismatch: registers of one width expected");
    if ((rd.kind === "sp" && rm.kind === "zr") || (rd.kind === "zr" && rm.kind === "sp")) fail(ops[1], "cannot mix SP and ZR in mov");
    if (rd.kind === "sp" || rm.kind === "sp") {   // ADD Rd, Rn, #0
      return { word: (0x11000000 | bits(rd.x ? 1 : 0, 1, 31) | bits(rm.n, 5, 5) | rd.n) >>> 0 };
    }
    return logicalReg(1, 0, rd, { n: 31, x: rd.x, kind: "zr" }, ops[1], undefined, ctx);
  }
  if (parseModified(ops[1], ctx)) fail(ops[1], "relocation operators need movz/movk, not mov");
  const size = rd.x ? 64 : 32;
  let v = imm(ops[1], ctx);
  if (!fitsWidth(v, rd.x)) fail(ops[1], "immediate cannot be moved by a single instruction");
  v = BigInt.asUintN(size, v);
  if (rd.kind !== "sp") {
    const z = chunk(v, size);
    if (z) return { word: wideWord(2, rd, z.imm16, z.hw) };
    const n = chunk(BigInt.asUintN(size, ~v), size);
    if (n) return { word: wideWord(0, rd, n.imm16, n.hw) };
  }
  const bm = encodeBitmask(v, size);
  if (!bm) fail(ops[1], "immediate cannot be moved by a single instruction");
  // ORR's destination 31 is SP, so the zero register cannot take this path.
  if (rd.kind === "zr") fail(ops[0], "zero register cannot receive a bitmask immediate (ORR writes SP)");
  return { word: logicImmWord(1, rd, 31, bm.n, bm.immr, bm.imms) };
}

/** If v is one 16-bit chunk in place (or zero), which one. */
function chunk(v: bigint, size: number): { imm16: number; hw: number } | undefined {
  for (let hw = 0; hw < size / 16; hw++) {
    if ((v & ~(0xffffn << BigInt(16 * hw))) === 0n) return { imm16: Number(v >> BigInt(16 * hw)), hw };
  }
  return undefined;
}

function wideWord(opc: number, rd: Reg, imm16: number, hw: number): number {
  return (0x12800000 | bits(rd.x ? 1 : 0, 1, 31) | bits(opc, 2, 29) | bits(hw, 2, 21) |
    bits(imm16, 16, 5) | rd.n) >>> 0;
}

/** `:abs_gN:` and friends: which 16-bit group and which relocation. */
const GROUPS: Record<string, { hw: number; type: number; movzOnly?: boolean }> = {
  abs_g0: { hw: 0, type: C.R_AARCH64_MOVW_UABS_G0 }, abs_g0_nc: { hw: 0, type: C.R_AARCH64_MOVW_UABS_G0_NC },
  abs_g1: { hw: 1, type: C.R_AARCH64_MOVW_UABS_G1 }, abs_g1_nc: { hw: 1, type: C.R_AARCH64_MOVW_UABS_G1_NC },
  abs_g2: { hw: 2, type: C.R_AARCH64_MOVW_UABS_G2 }, abs_g2_nc: { hw: 2, type: C.R_AARCH64_MOVW_UABS_G2_NC },
  abs_g3: { hw: 3, type: C.R_AARCH64_MOVW_UABS_G3 },
};

/** MOVZ/MOVN/MOVK Rd, #imm16{, lsl #16*hw} or Rd, #:abs_gN:sym. */
export function moveWide(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 2, 3);
  const rd = gpr(ops[0]);
  const opc = m === "movn" ? 0 : m === "movz" ? 2 : 3;
  const mod = parseModified(ops[1], ctx);
  if (mod) {
    const g = GROUPS[mod.name];
    if (!g) fail(ops[1], `relocation :${mod.name}: not allowed here`);
    if (ops[2]) fail(ops[2], "shift not allowed with a relocation operator");
    if (!rd.x && g.hw > 1) fail(ops[1], "relocation group out of range for a 32-bit register");
    if (mod.value.symbol === undefined) {
      const part = Number((mod.value.addend >> BigInt(16 * g.hw)) & 0xffffn);
      return { word: wideWord(opc, rd, part, g.hw) };
    }
    return { word: wideWord(opc, rd, 0, g.hw), reloc: { type: g.type, symbol: mod.value.symbol, addend: mod.value.addend } };
  }
  const v = imm(ops[1], ctx);
  if (v < 0n || v > 0xffffn) fail(ops[1], "immediate out of range");
  let hw = 0;
  if (ops[2]) {
    const s = parseModifier(ops[2], ctx);
    if (!s || s.kind !== "lsl") fail(ops[2], "only 'LSL' shift is permitted");
    const amount = s.amount ?? 0;
    if (amount % 16 !== 0) fail(ops[2], "shift amount must be a multiple of 16");
    if (amount > (rd.x ? 48 : 16)) fail(ops[2], `shift amount out of range 0 to ${rd.x ? 48 : 16}`);
    hw = amount / 16;
  }
  return { word: wideWord(opc, rd, Number(v), hw) };
}
