// 64-bit arithmetic on (lo, hi) int32 halves for the AArch64 handlers:
// shifts, rotates, the shifted and extended register operands, and
// AddWithCarry with its NZCV flags (Arm ARM J1 shared/functions/integer).
//
// A helper returns the low word of a 64-bit result and leaves the high word
// in `H` (read it right after the call). This keeps the hot path free of
// allocation: no tuples, no BigInt. The plain shifts themselves are the
// shared ones in machine/core/int64.ts (high word in R[1]).

import type { Arm64Cpu } from "./cpu";
import { R, ror64, sar64, shl64, shr64 } from "../core/int64";
import type { Insn } from "./insn";

/** High word of the last 64-bit result. */
export let H = 0;

export function ror32(v: number, n: number): number {
  return n === 0 ? v : (v >>> n) | (v << (32 - n));
}

/** The shifted-register operand Rm (C6.2.5: LSL, LSR, ASR, ROR by imm6), 64-bit. */
export function shifted64(x: Int32Array, d: Insn): number {
  const m = d.rm << 1, lo = x[m], hi = x[m + 1], a = d.imm2;
  let l: number;
  switch (d.kind) {
    case 0: l = shl64(lo, hi, a); break;
    case 1: l = shr64(lo, hi, a); break;
    case 2: l = sar64(lo, hi, a); break;
    default: l = ror64(lo, hi, a); break;
  }
  H = R[1];
  return l;
}

/** The shifted-register operand, 32-bit. */
export function shifted32(x: Int32Array, d: Insn): number {
  const v = x[d.rm << 1], a = d.imm2;
  switch (d.kind) {
    case 0: return v << a;
    case 1: return (v >>> a) | 0;
    case 2: return v >> a;
    default: return ror32(v, a);
  }
}

/** The extended-register operand (C6.2.3: UXTB..SXTX, then LSL #0..4), 64-bit. */
export function extended(x: Int32Array, d: Insn): number {
  const m = d.rm << 1, v = x[m];
  let lo: number, hi: number;
  switch (d.kind) {
    case 0: lo = v & 0xff; hi = 0; break;
    case 1: lo = v & 0xffff; hi = 0; break;
    case 2: lo = v; hi = 0; break;
    case 4: lo = (v << 24) >> 24; hi = lo >> 31; break;
    case 5: lo = (v << 16) >> 16; hi = lo >> 31; break;
    case 6: lo = v; hi = v >> 31; break;
    default: lo = v; hi = x[m + 1]; break;  // UXTX, SXTX
  }
  const l = shl64(lo, hi, d.imm2);
  H = R[1];
  return l;
}

/** AddWithCarry(a, b, carry) on 64 bits, setting NZCV. */
export function addc64(c: Arm64Cpu, alo: number, ahi: number, blo: number, bhi: number, cin: number): number {
  const l = (alo >>> 0) + (blo >>> 0) + cin;
  const h = (ahi >>> 0) + (bhi >>> 0) + (l > 0xffffffff ? 1 : 0);
  const rl = l | 0, rh = h | 0;
  c.nf = rh >>> 31;
  c.zf = (rl | rh) === 0 ? 1 : 0;
  c.cf = h > 0xffffffff ? 1 : 0;
  c.vf = ((ahi ^ rh) & (bhi ^ rh)) >>> 31;
  H = rh;
  return rl;
}

/** AddWithCarry(a, b, carry) on 32 bits, setting NZCV. */
export function addc32(c: Arm64Cpu, a: number, b: number, cin: number): number {
  const s = (a >>> 0) + (b >>> 0) + cin, r = s | 0;
  c.nf = r >>> 31;
  c.zf = r === 0 ? 1 : 0;
  c.cf = s > 0xffffffff ? 1 : 0;
  c.vf = ((a ^ r) & (b ^ r)) >>> 31;
  return r;
}

/** Flags of a logical operation (ANDS, BICS): N and Z from the result, C = V = 0. */
export function logicFlags(c: Arm64Cpu, lo: number, hi: number): void {
  c.nf = hi >>> 31; c.zf = (lo | hi) === 0 ? 1 : 0; c.cf = 0; c.vf = 0;
}

/** ConditionHolds(cond) (Arm ARM J1 shared/functions/system): the 16 condition codes. */
export function condHolds(c: Arm64Cpu, cond: number): boolean {
  let r: boolean;
  switch (cond >> 1) {
    case 0: r = c.zf === 1; break;                     // EQ / NE
    case 1: r = c.cf === 1; break;                     // CS / CC
    case 2: r = c.nf === 1; break;                     // MI / PL
    case 3: r = c.vf === 1; break;                     // VS / VC
    case 4: r = c.cf === 1 && c.zf === 0; break;       // HI / LS
    case 5: r = c.nf === c.vf; break;                  // GE / LT
    case 6: r = c.nf === c.vf && c.zf === 0; break;    // GT / LE
    default: return true;                              // AL, NV: always
  }
  return (cond & 1) === 1 ? !r : r;
}
