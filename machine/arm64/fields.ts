// Small helpers for pulling fields out of an instruction word, shared by the
// decoder files.

import { ZR, ZR_SINK } from "./insn";

/** Bits hi..lo of w (inclusive), as an unsigned number. */
export function bits(w: number, hi: number, lo: number): number {
  return (w >>> lo) & ((hi - lo === 31) ? 0xffffffff : (1 << (hi - lo + 1)) - 1);
}

/** Sign-extend the low `n` bits of v. */
export function sext(v: number, n: number): number {
  return (v << (32 - n)) >> (32 - n);
}

/** Register field as a read operand where 31 is the zero register. */
export const rz = (r: number): number => (r === 31 ? ZR : r);
/** Register field as a destination where 31 is the zero register. */
export const wz = (r: number): number => (r === 31 ? ZR_SINK : r);
/** Register field where 31 is SP (read or write): the slot number is the field itself. */
export const rs = (r: number): number => r;
