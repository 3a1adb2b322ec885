// Random instruction words for differential tests, restricted to the
// encoding groups the CPU implements (Arm ARM C4.1: data processing
// immediate and register, branches/system, and loads/stores on general
// registers), from a fixed seed so a failure reproduces.

import { writeFileSync } from "node:fs";

/** xorshift32: small, deterministic. */
export function rng(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return s >>> 0; };
}

/** A random word whose op0 (bits 28:25) falls in a group we decode, with V (bit 26) clear for loads/stores. */
export function randomWord(next: () => number): number {
  const groups = [0b1000, 0b1001, 0b1010, 0b1011, 0b0100, 0b0110, 0b1100, 0b1110, 0b0101, 0b1101];
  const op0 = groups[next() % groups.length];
  let w = (next() & ~(0xf << 25)) | (op0 << 25);
  if ((op0 & 0b0101) === 0b0100) w &= ~(1 << 26);
  return w | 0;
}

/** Write words to a flat binary file for `objdump -b binary`. */
export function writeWords(path: string, words: number[]): void {
  const buf = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => buf.writeInt32LE(w, i * 4));
  writeFileSync(path, buf);
}
