// DecodeBitMasks (Arm ARM J1, shared/functions/bitmasks): how the 13 bits
// N:immr:imms of a logical immediate or a bitfield move describe a 64-bit mask.
//
// The pattern is an "element" of 2, 4, 8, 16, 32 or 64 bits holding a run of
// S+1 ones, rotated right by R inside the element, and repeated to fill the
// register. That is why AND x0, x1, #0x5555555555555555 fits in one
// instruction but #0x1234 does not. Decoding runs once per cached instruction,
// so plain BigInt is fine here (never on the execute path).

/** The two masks: wmask (the rotated, replicated run) and tmask (the top-level field mask). */
export interface BitMasks { wmask: bigint; tmask: bigint }

const ones = (n: number): bigint => (1n << BigInt(n)) - 1n;

function replicate(v: bigint, esize: number): bigint {
  let r = 0n;
  for (let i = 0; i < 64; i += esize) r |= v << BigInt(i);
  return r & ones(64);
}

function ror(v: bigint, r: number, esize: number): bigint {
  if (r === 0) return v;
  return ((v >> BigInt(r)) | (v << BigInt(esize - r))) & ones(esize);
}

/**
 * DecodeBitMasks(immN, imms, immr, immediate) for a `datasize`-bit operation.
 * Returns undefined for the reserved encodings (the instruction is unallocated).
 * Results are 64-bit; for 32-bit operations use the low 32 bits.
 */
export function decodeBitMasks(immN: number, imms: number, immr: number, immediate: boolean, datasize: number): BitMasks | undefined {
  const combined = (immN << 6) | (~imms & 0x3f);
  if (combined === 0) return undefined;
  const len = 31 - Math.clz32(combined);          // HighestSetBit
  if (len < 1) return undefined;
  if ((1 << len) > datasize) return undefined;    // the element may not be wider than the register
  const levels = (1 << len) - 1;
  if (immediate && (imms & levels) === levels) return undefined; // all-ones is reserved
  const s = imms & levels, r = immr & levels, diff = (s - r) & levels;
  const esize = 1 << len;
  const welem = ones(s + 1), telem = ones(diff + 1);
  return { wmask: replicate(ror(welem, r, esize), esize), tmask: replicate(telem, esize) };
}
