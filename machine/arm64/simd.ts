// The few SIMD&FP instructions integer programs meet even when compiled with
// -mgeneral-regs-only: libgcc's __popcountdi2 (which gcc calls for
// __builtin_popcount) is `fmov d0, x0; cnt v0.8b, v0.8b; addv b0, v0.8b;
// fmov w0, s0`. This file decodes, executes and prints exactly those forms:
// FMOV (general) between W/X and S/D, CNT and ADDV on bytes (Arm ARM
// C7.2.131, C7.2.53, C7.2.5). Every other SIMD&FP encoding stays undefined.
//
// The vector registers V0..V31 are 128 bits each: four int32 words in the
// CPU's `v` array, least significant first. Writing a scalar or 64-bit
// vector clears the rest of the register, as the architecture requires.

import type { Arm64Cpu } from "./cpu";
import { rz, wz } from "./fields";
import { type Insn, Op } from "./insn";
import { reg } from "./disasm-util";

/** Decode the supported SIMD&FP words (op0 = x111); others leave `d` undefined. */
export function decodeSimd(w: number, d: Insn): void {
  const rd = w & 31, rn = (w >>> 5) & 31;
  switch (w & 0xfffffc00) {
    case 0x1e270000 | 0: d.op = Op.FmovToFp; d.sf = 0; d.rd = rd; d.rn = rz(rn); return;   // FMOV Sd, Wn
    case 0x9e670000 | 0: d.op = Op.FmovToFp; d.sf = 1; d.rd = rd; d.rn = rz(rn); return;   // FMOV Dd, Xn
    case 0x1e260000 | 0: d.op = Op.FmovFromFp; d.sf = 0; d.rd = wz(rd); d.rn = rn; return; // FMOV Wd, Sn
    case 0x9e660000 | 0: d.op = Op.FmovFromFp; d.sf = 1; d.rd = wz(rd); d.rn = rn; return; // FMOV Xd, Dn
  }
  const q = (w >>> 30) & 1;
  if ((w & 0xbffffc00) === 0x0e205800) { d.op = Op.Cnt; d.imm2 = q; d.rd = rd; d.rn = rn; return; }  // CNT Vd.<8B|16B>
  if ((w & 0xbffffc00) === 0x0e31b800) { d.op = Op.Addv; d.imm2 = q; d.rd = rd; d.rn = rn; }         // ADDV Bd, Vn.<8B|16B>
}

function popcount8(b: number): number {
  b = b - ((b >>> 1) & 0x55);
  b = (b & 0x33) + ((b >>> 2) & 0x33);
  return (b + (b >>> 4)) & 0x0f;
}

export function fmovToFp(c: Arm64Cpu, d: Insn): void {
  const v = c.v, o = d.rd << 2, n = d.rn << 1;
  v[o] = c.x[n]; v[o + 1] = d.sf ? c.x[n + 1] : 0; v[o + 2] = 0; v[o + 3] = 0;
}

export function fmovFromFp(c: Arm64Cpu, d: Insn): void {
  const o = d.rn << 2, r = d.rd << 1;
  c.x[r] = c.v[o]; c.x[r + 1] = d.sf ? c.v[o + 1] : 0;
}

export function cnt(c: Arm64Cpu, d: Insn): void {
  const v = c.v, s = d.rn << 2, o = d.rd << 2, words = d.imm2 ? 4 : 2;
  for (let i = 0; i < 4; i++) {
    const x = i < words ? v[s + i] : 0;
    v[o + i] = i < words
      ? popcount8(x & 0xff) | (popcount8((x >>> 8) & 0xff) << 8) | (popcount8((x >>> 16) & 0xff) << 16) | (popcount8(x >>> 24) << 24)
      : 0;
  }
}

export function addv(c: Arm64Cpu, d: Insn): void {
  const v = c.v, s = d.rn << 2, o = d.rd << 2, words = d.imm2 ? 4 : 2;
  let sum = 0;
  for (let i = 0; i < words; i++) {
    const x = v[s + i];
    sum += (x & 0xff) + ((x >>> 8) & 0xff) + ((x >>> 16) & 0xff) + (x >>> 24);
  }
  v[o] = sum & 0xff; v[o + 1] = 0; v[o + 2] = 0; v[o + 3] = 0;
}

/** objdump's text for the supported forms; undefined for anything else. */
export function formatSimd(d: Insn): string | undefined {
  const arr = d.imm2 ? "16b" : "8b";
  switch (d.op) {
    case Op.FmovToFp: return `fmov\t${d.sf ? "d" : "s"}${d.rd}, ${reg(d.rn, d.sf)}`;
    case Op.FmovFromFp: return `fmov\t${reg(d.rd, d.sf)}, ${d.sf ? "d" : "s"}${d.rn}`;
    case Op.Cnt: return `cnt\tv${d.rd}.${arr}, v${d.rn}.${arr}`;
    case Op.Addv: return `addv\tb${d.rd}, v${d.rn}.${arr}`;
    default: return undefined;
  }
}
