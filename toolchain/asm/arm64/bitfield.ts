// Bitfield moves and shifts. Arm ARM C4.1.87 (bitfield, extract) and the alias
// pages of C6.2 (LSL, LSR, ASR, SXTB, UBFX, BFI, ...).
//
// SBFM/UBFM/BFM Rd, Rn, #immr, #imms take a field of Rn and place it in Rd:
// if imms >= immr, bits imms..immr of Rn go to the bottom of Rd (an extract);
// otherwise bits imms..0 go to bit (size - immr) of Rd (an insert). Every
// immediate shift and sign/zero extension is one of these with computed
// immr/imms, which is why the aliases below are all small formulas.

import type { EncodeContext } from "../backend";
import { count, fail, gpr, immRange, isReg, type Op, type Reg } from "./operands";
import { bits, type A64Word } from "./word";

const OPC: Record<string, number> = { sbfm: 0, bfm: 1, ubfm: 2 };

function bitfieldWord(opc: number, rd: Reg, rn: number, immr: number, imms: number): number {
  const sf = rd.x ? 1 : 0;
  return (0x13000000 | bits(sf, 1, 31) | bits(opc, 2, 29) | bits(sf, 1, 22) |
    bits(immr, 6, 16) | bits(imms, 6, 10) | bits(rn, 5, 5) | rd.n) >>> 0;
}

/** SBFM/BFM/UBFM Rd, Rn, #immr, #imms. */
export function bitfield(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 4);
  const rd = gpr(ops[0]);
  const rn = gpr(ops[1], "zr", rd.x);
  const max = rd.x ? 63 : 31;
  return { word: bitfieldWord(OPC[m], rd, rn.n, immRange(ops[2], ctx, 0, max), immRange(ops[3], ctx, 0, max)) };
}

/** LSL/LSR/ASR/ROR: by an immediate (bitfield/EXTR) or by a register (xSRV). */
export function shift(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 3);
  const rd = gpr(ops[0]);
  const rn = gpr(ops[1], "zr", rd.x);
  if (isReg(ops[2])) {
    const rm = gpr(ops[2], "zr", rd.x);
    const op2 = ["lsl", "lsr", "asr", "ror"].indexOf(m);
    return { word: (0x1ac02000 | bits(rd.x ? 1 : 0, 1, 31) | bits(rm.n, 5, 16) | bits(op2, 2, 10) | bits(rn.n, 5, 5) | rd.n) >>> 0 };
  }
  const size = rd.x ? 64 : 32;
  const s = immRange(ops[2], ctx, 0, size - 1);
  switch (m) {
    case "lsl": return { word: bitfieldWord(2, rd, rn.n, (size - s) % size, size - 1 - s) };
    case "lsr": return { word: bitfieldWord(2, rd, rn.n, s, size - 1) };
    case "asr": return { word: bitfieldWord(0, rd, rn.n, s, size - 1) };
    default: return { word: extrWord(rd, rn.n, rn.n, s) };
  }
}

/** SXTB/SXTH/SXTW/UXTB/UXTH/UXTW Rd, Wn. The source is always a W register. */
export function extend(ops: Op[], _ctx: EncodeContext, m: string): A64Word {
  count(ops, 2);
  let rd = gpr(ops[0]);
  const rn = gpr(ops[1], "zr", false);
  const top = m.endsWith("b") ? 7 : m.endsWith("h") ? 15 : 31;
  if (m === "sxtw" && !rd.x) fail(ops[0], "operand mismatch: 64-bit (x) register expected");
  // UXTB/UXTH only exist as 32-bit aliases; gas quietly accepts an X
  // destination and encodes the W form (the upper half is zeroed anyway).
  if (m.startsWith("u")) rd = { ...rd, x: false };
  // UXTW Xd, Wn is not in the architecture, but gas (and so gcc) uses it for
  // "zero-extend a W register": writing a W register clears the upper half,
  // so it assembles as MOV Wd, Wn (ORR Wd, WZR, Wn).
  if (m === "uxtw") return { word: (0x2a0003e0 | bits(rn.n, 5, 16) | rd.n) >>> 0 };
  return { word: bitfieldWord(m.startsWith("s") ? 0 : 2, rd, rn.n, 0, top) };
}

/** UBFX/SBFX/BFXIL (extract) and UBFIZ/SBFIZ/BFI (insert) Rd, Rn, #lsb, #width. */
export function field(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 4);
  const rd = gpr(ops[0]);
  const rn = gpr(ops[1], "zr", rd.x);
  const size = rd.x ? 64 : 32;
  const lsb = immRange(ops[2], ctx, 0, size - 1);
  const width = immRange(ops[3], ctx, 1, size - lsb);
  const opc = m.startsWith("s") ? 0 : m.startsWith("u") ? 2 : 1;
  const insert = m.endsWith("iz") || m === "bfi";
  if (insert) return { word: bitfieldWord(opc, rd, rn.n, (size - lsb) % size, width - 1) };
  return { word: bitfieldWord(opc, rd, rn.n, lsb, lsb + width - 1) };
}

/**
 * BFC Rd, #lsb, #width = BFM Rd, ZR, ...: clear a field. An Armv8.2 alias
 * that objdump prints; gas 2.40 wants -march=armv8.2-a for it, we always
 * accept it so that a disassembly can be re-assembled.
 */
export function bfc(ops: Op[], ctx: EncodeContext): A64Word {
  count(ops, 3);
  const rd = gpr(ops[0]);
  const size = rd.x ? 64 : 32;
  const lsb = immRange(ops[1], ctx, 0, size - 1);
  const width = immRange(ops[2], ctx, 1, size - lsb);
  return { word: bitfieldWord(1, rd, 31, (size - lsb) % size, width - 1) };
}

function extrWord(rd: Reg, rn: number, rm: number, lsb: number): number {
  const sf = rd.x ? 1 : 0;
  return (0x13800000 | bits(sf, 1, 31) | bits(sf, 1, 22) | bits(rm, 5, 16) | bits(lsb, 6, 10) |
    bits(rn, 5, 5) | rd.n) >>> 0;
}

/** EXTR Rd, Rn, Rm, #lsb: bits lsb.. of the pair Rn:Rm. */
export function extr(ops: Op[], ctx: EncodeContext): A64Word {
  count(ops, 4);
  const rd = gpr(ops[0]);
  const rn = gpr(ops[1], "zr", rd.x);
  const rm = gpr(ops[2], "zr", rd.x);
  return { word: extrWord(rd, rn.n, rm.n, immRange(ops[3], ctx, 0, rd.x ? 63 : 31)) };
}
