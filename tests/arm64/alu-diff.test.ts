// Data-processing instructions executed by our CPU and by qemu-aarch64 from
// identical register and flag states; every result register and NZCV must
// agree (Arm ARM C6.2 pseudocode: AddWithCarry, DecodeBitMasks, shifts,
// extends, conditional ops, multiply/divide). See alu-diff.ts.

import { describe, expect } from "vitest";
import { decode, disassemble, Insn, Op } from "../../machine/arm64";
import { runOurs } from "./run-ours";
import { oracleIt } from "../oracles";
import { inTempDir, wordBytes } from "./objdump";
import { rng } from "./fuzz-util";
import { buildDiffProgram, caseDiff, runQemu } from "./alu-diff";
import { SP } from "../../machine/arm64/insn";

const it = oracleIt(["aarch64-linux-gnu-as", "aarch64-linux-gnu-ld", "qemu-aarch64"]);

/** Random data-processing words (Arm ARM C4.1.86 and C4.1.88) that are safe for the harness. */
function randomAluWords(seed: number, count: number): number[] {
  const next = rng(seed), out: number[] = [];
  const groups = [0b1000, 0b1001, 0b0101, 0b1101];
  while (out.length < count) {
    const op0 = groups[next() % groups.length];
    const w = ((next() & ~(0xf << 25)) | (op0 << 25)) | 0;
    const d = decode(w, new Insn());
    if (d.op === Op.Undefined) continue;
    if (d.rd === 27 || d.rd === 28 || d.rd === SP) continue;              // the harness's pointers, SP
    if (d.rn === SP || d.rm === SP || d.ra === SP) continue;              // SP differs between runs
    out.push(w);
  }
  return out;
}

describe("data processing vs qemu-aarch64", () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`random data-processing instructions agree with qemu (seed ${seed})`, () => {
      const words = randomAluWords(seed, 1500);
      const bad = inTempDir((dir) => {
        const elf = buildDiffProgram(dir, words, seed);
        const ref = runQemu(elf), ours = runOurs(elf);
        const diffs: string[] = [];
        words.forEach((w, i) => {
          const diff = caseDiff(ref, ours, i);
          if (diff) diffs.push(`${(w >>> 0).toString(16).padStart(8, "0")} ${disassemble(wordBytes(w), 0, 0n).text}: ${diff}`);
        });
        return diffs;
      });
      expect(bad.slice(0, 30)).toEqual([]);
    }, 120000);
  }
});
