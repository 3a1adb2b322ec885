// The A64 "bitmask immediate" used by AND/ORR/EOR/ANDS (immediate) and by the
// MOV alias of ORR. Arm ARM C6.2 (AND immediate) and the pseudocode function
// DecodeBitMasks() in J1.
//
// A bitmask immediate is not a plain number field. It describes a pattern:
// an element of e bits (e = 2, 4, 8, 16, 32 or 64) holding a run of k ones
// (1 <= k < e), rotated right by r, and then repeated to fill the register.
// Three fields encode it:
//   N:imms  says e and k: N=1 means e=64; otherwise the position of the
//           highest zero bit of imms says e (0xxxxx: 32, 10xxxx: 16,
//           110xxx: 8, 1110xx: 4, 11110x: 2) and the low bits hold k-1;
//   immr    is the rotation r (0 <= r < e).
// So 0x5555555555555555 (e=2, k=1, r=0) is encodable in one instruction but
// 0x1234 is not: it is not a repeated rotated run of ones. All-zeros and
// all-ones are never encodable (k would be 0 or e).

export interface Bitmask { n: number; immr: number; imms: number }

function ones(k: number): bigint {
  return (1n << BigInt(k)) - 1n;
}

/** Rotate the low `e` bits of x left by r. */
function rol(x: bigint, r: number, e: number): bigint {
  if (r === 0) return x;
  const m = ones(e);
  return ((x << BigInt(r)) | (x >> BigInt(e - r))) & m;
}

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** The low k bits set, for 0 <= k <= 32, as an unsigned 32-bit number. */
function ones32(k: number): number {
  return k === 32 ? 0xffffffff : ((1 << k) >>> 0) - 1;
}

/**
 * Encode `value` as a bitmask immediate for a register of `size` bits, or
 * return null when it has no encoding. For size 32 only the low 32 bits count
 * (and N must be 0, which the 32-bit element limit guarantees).
 * Works on two 32-bit halves: the assembler calls this for every logical
 * immediate and for every MOV that MOVZ/MOVN cannot do.
 */
export function encodeBitmask(value: bigint, size: 32 | 64): Bitmask | null {
  const lo = Number(BigInt.asUintN(32, value));
  const hi = size === 32 ? lo : Number(BigInt.asUintN(32, value >> 32n));   // 32-bit patterns repeat
  if ((lo | hi) === 0 || (lo & hi) === -1) return null;   // all zeros or all ones (& gives int32)
  if (hi !== lo) return run64(lo, hi);
  // The element is at most 32 bits: find the smallest e whose copies make up lo.
  let e = 32;
  while (e > 2) {
    const half = e / 2, m = ones32(half);
    if ((lo & m) !== ((lo >>> half) & m)) break;
    e = half;
  }
  const m = ones32(e);
  const elem = (lo & m) >>> 0;
  const k = popcount32(elem);
  const want = ones32(k);
  // Find r with ROL(elem, r) == ones(k) within e bits: then elem = ROR(ones(k), r).
  for (let r = 0; r < e; r++) {
    const rot = r === 0 ? elem : (((elem << r) | (elem >>> (e - r))) & m) >>> 0;
    if (rot === want) return { n: 0, immr: r, imms: ((0x3f << (Math.log2(e) + 1)) & 0x3f) | (k - 1) };
  }
  return null;
}

/** The 64-bit element case (N = 1): a rotated run of k ones in (hi:lo). */
function run64(lo: number, hi: number): Bitmask | null {
  const k = popcount32(lo) + popcount32(hi);
  const wantLo = k >= 32 ? 0xffffffff : ones32(k), wantHi = k > 32 ? ones32(k - 32) : 0;
  for (let r = 0; r < 64; r++) {
    // ROL by r of the 64-bit pair
    let a = lo, b = hi;
    if (r >= 32) { a = hi; b = lo; }
    const s = r & 31;
    const rl = s === 0 ? a : ((a << s) | (b >>> (32 - s))) >>> 0;
    const rh = s === 0 ? b : ((b << s) | (a >>> (32 - s))) >>> 0;
    if (rl === wantLo && rh === wantHi) return { n: 1, immr: r, imms: k - 1 };
  }
  return null;
}

/**
 * DecodeBitMasks for the immediate forms: the register value (as an unsigned
 * bigint of `size` bits) that N:immr:imms stands for, or null for a reserved
 * encoding. The inverse of encodeBitmask; tests use it to list every
 * encodable immediate.
 */
export function decodeBitmask(n: number, immr: number, imms: number, size: 32 | 64): bigint | null {
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return null;
  const len = 31 - Math.clz32(combined);   // highest set bit
  if (len < 1) return null;
  if (size === 32 && n === 1) return null;
  const e = 1 << len;
  const levels = e - 1;
  const s = imms & levels;
  const r = immr & levels;
  if (s === levels) return null;           // all ones in the element: reserved
  const elem = rol(ones(s + 1), (e - r) % e, e);   // ROR by r
  let v = 0n;
  for (let at = 0; at < size; at += e) v |= elem << BigInt(at);
  return v;
}
