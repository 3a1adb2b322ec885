// Loads and stores executed by our CPU and by qemu-aarch64 (Arm ARM C6.2 LDR,
// STR, LDP, STP, LDUR, LDTR and their sign/size variants; addressing modes
// C1.3.3; LDXR/STXR/LDAR/STLR and pairs; the FEAT_LSE atomics LDADD..SWP, CAS,
// CASP). Random load/store words whose base register points into a scratch
// buffer and whose index registers hold small values; afterwards every
// register, NZCV and the whole buffer must agree with qemu.

import { describe, expect } from "vitest";
import { decode, disassemble, Insn, Op } from "../../machine/arm64";
import { Mode } from "../../machine/arm64/insn";
import { oracleIt } from "../oracles";
import { inTempDir, wordBytes } from "./objdump";
import { rng } from "./fuzz-util";
import { buildDiffProgram, caseDiff, CASE_BYTES, runQemu, SCRATCH_BYTES } from "./alu-diff";
import { runOurs } from "./run-ours";

const it = oracleIt(["aarch64-linux-gnu-as", "aarch64-linux-gnu-ld", "qemu-aarch64"]);
const SLOT = (r: number): boolean => r <= 26 || r === 29 || r === 30;

/** Random single and pair loads/stores with a base the harness can point at the scratch buffer. */
function randomMemWords(seed: number, count: number): number[] {
  const next = rng(seed), out: number[] = [];
  while (out.length < count) {
    const op0 = [0b0100, 0b0110, 0b1100, 0b1110][next() % 4];
    const w = (((next() & ~(0xf << 25)) | (op0 << 25)) & ~(1 << 26)) | 0;
    const d = decode(w, new Insn());
    if (![Op.Ld, Op.St, Op.Ldp, Op.Stp, Op.Prfm, Op.Amo, Op.Cas, Op.Casp, Op.Ldapr, Op.Ldx, Op.Stx, Op.Ldxp, Op.Stxp, Op.Ldar, Op.Stlr].includes(d.op as never)) continue;
    if ((d.op === Op.Stx || d.op === Op.Stxp) && (d.rm === 27 || d.rm === 28 || d.rm === d.rn || d.rm === d.rd || d.rm === d.ra)) continue;
    if (d.op === Op.Ldxp && d.rd === d.ra) continue;
    if (!SLOT(d.rn)) continue;                                       // base: a harness register, not SP
    if (d.op === Op.Cas && (d.ra === 27 || d.ra === 28)) continue;   // CAS writes Rs
    if (d.op === Op.Casp && [d.ra, d.m1, d.rd, d.m2, d.rm, d.m0].some((r) => r >= 26 && r <= 28)) continue;
    if ((d.op === Op.Amo || d.op === Op.Cas) && d.rm === d.rn) continue;
    const wb = d.mode === Mode.Pre || d.mode === Mode.Post;
    const regs = [d.rd, ...([Op.Ldp, Op.Stp, Op.Ldxp, Op.Stxp].includes(d.op as never) ? [d.ra] : [])];
    if (regs.some((r) => r === 27 || r === 28)) continue;
    if (wb && regs.includes(d.rn)) continue;                         // CONSTRAINED UNPREDICTABLE
    if (d.op === Op.Ldp && d.rd === d.ra) continue;                  // CONSTRAINED UNPREDICTABLE
    if (d.mode === Mode.Reg && (d.rm === d.rn || d.rm === 27 || d.rm === 28)) continue; // index: a small value
    out.push(w);
  }
  return out;
}

describe("loads and stores vs qemu-aarch64", () => {
  for (const seed of [11, 12, 13]) {
    it(`random loads/stores agree with qemu (seed ${seed})`, () => {
      const words = randomMemWords(seed, 1200);
      const ops = words.map((w) => decode(w, new Insn()).op);
      expect(ops.filter((o) => o === Op.Amo).length).toBeGreaterThan(5);   // the mix includes atomics
      expect(ops.filter((o) => o === Op.Cas || o === Op.Casp).length).toBeGreaterThan(0);
      const bases = words.map((w) => decode(w, new Insn()).rn);
      // The base points into the middle of the scratch buffer (offsets reach -256..+32760);
      // every other register holds a small value, so register offsets stay inside it too.
      const choose = (i: number, r: number, next: () => number): string =>
        r === bases[i] ? `scratch+${8192 + (next() % 64) * 16}` : `${next() % 128}`;
      const bad = inTempDir((dir) => {
        const elf = buildDiffProgram(dir, words, seed, choose);
        const ref = runQemu(elf), ours = runOurs(elf);
        const diffs: string[] = [];
        words.forEach((w, i) => {
          const diff = caseDiff(ref, ours, i);
          if (diff) diffs.push(`${(w >>> 0).toString(16).padStart(8, "0")} ${disassemble(wordBytes(w), 0, 0n).text}: ${diff}`);
        });
        const off = words.length * CASE_BYTES;
        if (ref.length !== off + SCRATCH_BYTES) diffs.push(`qemu wrote ${ref.length} bytes, expected ${off + SCRATCH_BYTES}`);
        for (let k = off; k < ref.length; k++) {
          if (ref[k] !== ours[k]) { diffs.push(`scratch byte ${k - off}: qemu ${ref[k]} ours ${ours[k]}`); break; }
        }
        return diffs;
      });
      expect(bad.slice(0, 30)).toEqual([]);
    }, 120000);
  }
});
