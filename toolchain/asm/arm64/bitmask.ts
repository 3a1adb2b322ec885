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

const M64 = (1n << 64n) - 1n;

function ones(k: number): bigint {
  return (1n << BigInt(k)) - 1n;
}

/** Rotate the low `e` bits of x left by r. */
function rol(x: bigint, r: number, e: number): bigint {
  if (r === 0) return x;
  const m = ones(e);
  return ((x << BigInt(r)) | (x >> BigInt(e - r))) & m;
}

function popcount(x: bigint): number {
  let n = 0;
  while (x) { n += Number(x & 1n); x >>= 1n; }
  return n;
}

/**
 * Encode `value` as a bitmask immediate for a register of `size` bits, or
 * return null when it has no encoding. For size 32 only the low 32 bits count
 * (and N must be 0, which the 32-bit element limit guarantees).
 */
export function encodeBitmask(value: bigint, size: 32 | 64): Bitmask | null {
  let v = value & M64;
  if (size === 32) {
    v &= 0xffffffffn;
    v |= v << 32n;                       // a 32-bit pattern repeats into 64
  }
  if (v === 0n || v === M64) return null;
  // The smallest element size whose repetition gives v.
  let e = 64;
  while (e > 2) {
    const half = e / 2;
    const lo = v & ones(half);
    if ((v >> BigInt(half) & ones(half)) !== lo) break;
    // every copy of the half-size element must agree, not just the first two
    let same = true;
    for (let at = half; at < 64; at += half) {
      if (((v >> BigInt(at)) & ones(half)) !== lo) { same = false; break; }
    }
    if (!same) break;
    e = half;
  }
  const elem = v & ones(e);
  const k = popcount(elem);
  // Find r with ROR(ones(k), r) == elem, i.e. ROL(elem, r) == ones(k).
  for (let r = 0; r < e; r++) {
    if (rol(elem, r, e) === ones(k)) {
      const n = e === 64 ? 1 : 0;
      const imms = ((0x3f << (Math.log2(e) + 1)) & 0x3f) | (k - 1);
      return { n, immr: r, imms };
    }
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
