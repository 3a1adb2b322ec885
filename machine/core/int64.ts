// 64-bit integer helpers for CPUs that keep every register as a pair of
// 32-bit halves (lo, hi) in typed arrays.
//
// Why not BigInt? On the execute path BigInt allocates and is ~5x slower than
// int32 arithmetic (see shared/design/references.md). These helpers return
// multi-word results through the shared scratch array `R` instead of
// allocating: R[0] is the least significant 32-bit word. Callers copy the
// words out before the next call.
//
// Conventions: "lo"/"hi" are int32 values (as produced by `| 0`); a helper
// treats them as unsigned where its name starts with `u`.

/** Result words of the last multi-word helper call, least significant first. */
export const R = new Int32Array(4);

const TWO32 = 4294967296;

/** Unsigned 32x32 -> 64 product into R[0] (lo), R[1] (hi). */
export function umul32(a: number, b: number): void {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  R[0] = (mid << 16) | (p00 & 0xffff);
  R[1] = (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/**
 * Unsigned 64x64 -> 128 product of (alo,ahi)*(blo,bhi) into R[0..3].
 * Schoolbook multiplication on 32-bit limbs; every partial sum stays below
 * 2^53 so plain doubles carry it exactly.
 */
export function umul64(alo: number, ahi: number, blo: number, bhi: number): void {
  umul32(alo, blo); const ll0 = R[0] >>> 0, ll1 = R[1] >>> 0;
  umul32(alo, bhi); const lh0 = R[0] >>> 0, lh1 = R[1] >>> 0;
  umul32(ahi, blo); const hl0 = R[0] >>> 0, hl1 = R[1] >>> 0;
  umul32(ahi, bhi); const hh0 = R[0] >>> 0, hh1 = R[1] >>> 0;
  const w1 = ll1 + lh0 + hl0;                 // < 3 * 2^32
  const c1 = Math.floor(w1 / TWO32);
  const w2 = lh1 + hl1 + hh0 + c1;
  const c2 = Math.floor(w2 / TWO32);
  R[0] = ll0 | 0;
  R[1] = w1 | 0;
  R[2] = w2 | 0;
  R[3] = (hh1 + c2) | 0;
}

/** Signed 64x64 -> 128 product into R[0..3] (two's complement). */
export function smul64(alo: number, ahi: number, blo: number, bhi: number): void {
  umul64(alo, ahi, blo, bhi);
  // (a - 2^64*sa) * (b - 2^64*sb) = a*b - 2^64*(sa*b + sb*a) mod 2^128
  const w0 = R[0], w1 = R[1];
  let w2 = R[2], w3 = R[3];
  if (ahi < 0) { w2 = sub64(w2, w3, blo, bhi); w3 = R[1]; }
  if (bhi < 0) { w2 = sub64(w2, w3, alo, ahi); w3 = R[1]; }
  R[0] = w0; R[1] = w1; R[2] = w2; R[3] = w3;
}

/** (alo,ahi) - (blo,bhi) mod 2^64: returns lo; hi is in R[1] afterwards. */
export function sub64(alo: number, ahi: number, blo: number, bhi: number): number {
  const lo = ((alo >>> 0) - (blo >>> 0));
  R[1] = (ahi - bhi - (lo < 0 ? 1 : 0)) | 0;
  return lo | 0;
}

/** (alo,ahi) + (blo,bhi) mod 2^64: returns lo; hi is in R[1] afterwards. */
export function add64(alo: number, ahi: number, blo: number, bhi: number): number {
  const lo = (alo >>> 0) + (blo >>> 0);
  R[1] = (ahi + bhi + (lo > 0xffffffff ? 1 : 0)) | 0;
  return lo | 0;
}

/** Unsigned comparison of two 64-bit values: -1, 0 or 1. */
export function ucmp64(alo: number, ahi: number, blo: number, bhi: number): number {
  if (ahi !== bhi) return (ahi >>> 0) < (bhi >>> 0) ? -1 : 1;
  if (alo !== blo) return (alo >>> 0) < (blo >>> 0) ? -1 : 1;
  return 0;
}

/**
 * Unsigned 64/64 division. Quotient into R[0],R[1]; remainder into R[2],R[3].
 * The divisor must be non-zero (each CPU decides what divide-by-zero means:
 * #DE on x86_64, a zero result on AArch64).
 */
export function udiv64(nlo: number, nhi: number, dlo: number, dhi: number): void {
  const n = (nhi >>> 0) * TWO32 + (nlo >>> 0);
  const d = (dhi >>> 0) * TWO32 + (dlo >>> 0);
  if (n < 4503599627370496) {            // 2^52: the double quotient is exact
    const q = Math.floor(n / d), r = n - q * d;
    R[0] = q | 0; R[1] = (q / TWO32) | 0;
    R[2] = r | 0; R[3] = (r / TWO32) | 0;
    return;
  }
  udiv128(nlo, nhi, 0, 0, dlo, dhi);
}

/** Signed 64/64 division truncating toward zero (C semantics), as udiv64. */
export function sdiv64(nlo: number, nhi: number, dlo: number, dhi: number): void {
  const nneg = nhi < 0, dneg = dhi < 0;
  let alo = nlo, ahi = nhi, blo = dlo, bhi = dhi;
  if (nneg) { alo = sub64(0, 0, nlo, nhi); ahi = R[1]; }
  if (dneg) { blo = sub64(0, 0, dlo, dhi); bhi = R[1]; }
  udiv64(alo, ahi, blo, bhi);
  let qlo = R[0], qhi = R[1], rlo = R[2], rhi = R[3];
  if (nneg !== dneg) { qlo = sub64(0, 0, qlo, qhi); qhi = R[1]; }
  if (nneg) { rlo = sub64(0, 0, rlo, rhi); rhi = R[1]; }
  R[0] = qlo; R[1] = qhi; R[2] = rlo; R[3] = rhi;
}

/**
 * Unsigned 128/64 division by restoring shift-and-subtract (the textbook
 * algorithm; rare on the hot path because compilers zero the high half).
 * Dividend words n0 (least significant)..n3, divisor (dlo,dhi) non-zero.
 * Quotient low 64 bits into R[0],R[1], remainder into R[2],R[3].
 * Returns true if the full quotient does not fit in 64 bits (x86 #DE).
 */
export function udiv128(n0: number, n1: number, n2: number, n3: number, dlo: number, dhi: number): boolean {
  // Overflow iff the high 64 bits of the dividend are >= the divisor.
  const overflow = ucmp64(n2, n3, dlo, dhi) >= 0;
  let rlo = 0, rhi = 0;                    // running remainder (fits in 65 bits)
  let q0 = 0, q1 = 0;
  const words = [n0, n1, n2, n3];
  for (let bit = 127; bit >= 0; bit--) {
    const top = rhi >>> 31;                // bit shifted out of the remainder
    const inBit = (words[bit >>> 5] >>> (bit & 31)) & 1;
    rhi = (rhi << 1) | (rlo >>> 31);
    rlo = (rlo << 1) | inBit;
    const qbit = top === 1 || ucmp64(rlo, rhi, dlo, dhi) >= 0;
    if (qbit) { rlo = sub64(rlo, rhi, dlo, dhi); rhi = R[1]; }
    if (bit < 64) {
      if (bit >= 32) { if (qbit) q1 |= 1 << (bit - 32); }
      else if (qbit) q0 |= 1 << bit;
    }
  }
  R[0] = q0; R[1] = q1; R[2] = rlo; R[3] = rhi;
  return overflow;
}

/** Signed 128/64 division (x86 IDIV r/m64). Returns true on overflow (#DE). */
export function sdiv128(n0: number, n1: number, n2: number, n3: number, dlo: number, dhi: number): boolean {
  const nneg = n3 < 0, dneg = dhi < 0;
  let a0 = n0, a1 = n1, a2 = n2, a3 = n3;
  if (nneg) {                              // negate the 128-bit dividend
    a0 = ~a0; a1 = ~a1; a2 = ~a2; a3 = ~a3;
    a0 = add64(a0, a1, 1, 0); a1 = R[1];
    if (a0 === 0 && a1 === 0) { a2 = add64(a2, a3, 1, 0); a3 = R[1]; }
  }
  let blo = dlo, bhi = dhi;
  if (dneg) { blo = sub64(0, 0, dlo, dhi); bhi = R[1]; }
  if (udiv128(a0, a1, a2, a3, blo, bhi)) return true;
  let qlo = R[0], qhi = R[1], rlo = R[2], rhi = R[3];
  const qneg = nneg !== dneg;
  // The magnitude must fit the signed range: <= 2^63-1, or exactly 2^63 if negative.
  if (qhi < 0 && !(qneg && qhi === (0x80000000 | 0) && qlo === 0)) return true;
  if (qneg) { qlo = sub64(0, 0, qlo, qhi); qhi = R[1]; }
  if (nneg) { rlo = sub64(0, 0, rlo, rhi); rhi = R[1]; }
  R[0] = qlo; R[1] = qhi; R[2] = rlo; R[3] = rhi;
  return false;
}

/** Count leading zeros of a 64-bit value (64 for zero). */
export function clz64(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

/** Count trailing zeros of a 64-bit value (64 for zero). */
export function ctz64(lo: number, hi: number): number {
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  if (hi !== 0) return 63 - Math.clz32(hi & -hi);
  return 64;
}

/** Population count of a 32-bit value. */
export function popcnt32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Byte-swap a 32-bit value. */
export function bswap32(v: number): number {
  return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

/**
 * Shifts and rotates of a 64-bit value by n (0..63; callers reduce the count
 * as their architecture says: x86 masks it, Arm takes it mod 64). Each
 * returns the low word and leaves the high word in R[1].
 */
export function shl64(lo: number, hi: number, n: number): number {
  if (n === 0) { R[1] = hi; return lo; }
  if (n < 32) { R[1] = (hi << n) | (lo >>> (32 - n)); return lo << n; }
  R[1] = lo << (n - 32); return 0;
}

/** Logical shift right (zeros in). */
export function shr64(lo: number, hi: number, n: number): number {
  if (n === 0) { R[1] = hi; return lo; }
  if (n < 32) { R[1] = hi >>> n; return (lo >>> n) | (hi << (32 - n)); }
  R[1] = 0; return (hi >>> (n - 32)) | 0;
}

/** Arithmetic shift right (copies of the sign bit in). */
export function sar64(lo: number, hi: number, n: number): number {
  if (n === 0) { R[1] = hi; return lo; }
  if (n < 32) { R[1] = hi >> n; return (lo >>> n) | (hi << (32 - n)); }
  R[1] = hi >> 31; return hi >> (n - 32);
}

/** Rotate right. */
export function ror64(lo: number, hi: number, n: number): number {
  if (n === 0) { R[1] = hi; return lo; }
  if (n === 32) { R[1] = lo; return hi; }
  if (n > 32) { const t = lo; lo = hi; hi = t; n -= 32; }
  R[1] = (hi >>> n) | (lo << (32 - n));
  return (lo >>> n) | (hi << (32 - n));
}

// ---- Off the hot path: conversions for tests, loaders and the debugger ----

/** Combine (lo, hi) into an unsigned BigInt. Never call on the execute path. */
export function toBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Split a BigInt (taken mod 2^64) into [lo, hi] int32 halves. */
export function fromBig(v: bigint): [number, number] {
  const u = BigInt.asUintN(64, v);
  return [Number(u & 0xffffffffn) | 0, Number(u >> 32n) | 0];
}

/** A 64-bit value as 16 hex digits, for messages and the debugger. */
export function hex64(lo: number, hi: number): string {
  return (hi >>> 0).toString(16).padStart(8, "0") + (lo >>> 0).toString(16).padStart(8, "0");
}
