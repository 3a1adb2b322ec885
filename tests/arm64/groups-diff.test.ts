// Directed tests, one per instruction class of "data processing" (Arm ARM
// C4.1.86, C4.1.88), each instruction executed 24 times from different
// register and flag states under qemu-aarch64 and under our CPU (harness:
// alu-diff.ts). The lines name the Arm ARM section of each instruction.

import { describe, expect } from "vitest";
import { disassemble } from "../../machine/arm64";
import { oracleIt } from "../oracles";
import { assemble, inTempDir, objdumpLines, wordBytes } from "./objdump";
import { buildDiffProgram, caseDiff, runQemu } from "./alu-diff";
import { runOurs } from "./run-ours";

const it = oracleIt(["aarch64-linux-gnu-as", "aarch64-linux-gnu-ld", "aarch64-linux-gnu-objdump", "qemu-aarch64"]);
const REPEAT = 24;

const GROUPS: Record<string, string[]> = {
  "C6.2.4/C6.2.8/C6.2.335/C6.2.339 ADD, ADDS, SUB, SUBS (immediate)": [
    "add x0, x1, #0xfff", "add w2, w3, #1, lsl #12", "adds x4, x5, #1", "adds w6, w7, #0xfff",
    "subs x8, x9, #1", "subs w10, w11, #0x800, lsl #12", "cmp x12, #0", "cmn w13, #1", "sub x14, x15, #4095"],
  "C6.2.12/C6.2.206/C6.2.85/C6.2.14 AND, ORR, EOR, ANDS (immediate)": [
    "and x0, x1, #0xff00ff00ff00ff00", "orr w2, w3, #0x55555555", "eor x4, x5, #0x1", "ands x6, x7, #0x8000000000000000",
    "ands w8, w9, #0xfffffffe", "tst x10, #0x3", "mov x11, #0x5555555555555555"],
  "C6.2.190-193 MOVN, MOVZ, MOVK": [
    "movz x0, #0xffff, lsl #48", "movn x1, #0x1234, lsl #16", "movn w2, #0xffff", "movk x3, #0xbeef, lsl #32",
    "movk w4, #0x1234, lsl #16", "mov w5, #-1"],
  "C6.2.266/C6.2.37/C6.2.362 SBFM, BFM, UBFM and their aliases": [
    "asr x0, x1, #63", "asr w2, w3, #5", "lsl x4, x5, #1", "lsr w6, w7, #31", "sbfx x8, x9, #3, #17",
    "sbfiz w10, w11, #30, #2", "ubfx x12, x13, #60, #4", "ubfiz x14, x15, #1, #63", "bfi x16, x17, #8, #16",
    "bfxil w18, w19, #0, #31", "bfm x20, xzr, #62, #39", "sxtb x21, w22", "sxth w23, w24", "sxtw x25, w26", "uxtb w0, w1", "uxth w2, w3"],
  "C6.2.90 EXTR / ROR (immediate)": ["extr x0, x1, x2, #63", "extr w3, w4, w5, #1", "ror x6, x7, #32", "extr x8, x9, x10, #0"],
  "C6.2.5/C6.2.9/C6.2.336/C6.2.340 ADD, ADDS, SUB, SUBS (shifted register)": [
    "add x0, x1, x2, lsl #63", "add w3, w4, w5, asr #31", "adds x6, x7, x8, lsr #1", "subs w9, w10, w11, lsl #3",
    "sub x12, x13, x14, asr #7", "neg x15, x16, lsl #2", "negs w17, w18", "cmp x19, x20, lsr #40", "cmn w21, w22"],
  "C6.2.3/C6.2.7/C6.2.334/C6.2.338 ADD, ADDS, SUB, SUBS (extended register)": [
    "add x0, x1, w2, uxtb #4", "add x3, x4, w5, sxth #1", "adds x6, x7, w8, sxtw #2", "subs x9, x10, x11, sxtx #3",
    "sub w12, w13, w14, uxth", "adds w15, w16, w17, sxtb #4", "cmp x18, w19, uxtw", "cmn x20, x21, uxtx #1"],
  "C6.2.13 ... C6.2.39 logical (shifted register): AND, BIC, ORR, ORN, EOR, EON, ANDS, BICS": [
    "and x0, x1, x2, ror #13", "bic w3, w4, w5, lsl #31", "orr x6, x7, x8, asr #63", "orn w9, w10, w11, lsr #1",
    "eor x12, x13, x14", "eon w15, w16, w17, ror #31", "ands x18, x19, x20, lsl #1", "bics w21, w22, w23",
    "mvn x24, x25", "tst w26, w0, asr #2", "mov x1, x2", "mov w3, w4"],
  "C6.2.1/C6.2.2/C6.2.264/C6.2.265 ADC, ADCS, SBC, SBCS": [
    "adc x0, x1, x2", "adc w3, w4, w5", "adcs x6, x7, x8", "adcs w9, w10, w11", "sbc x12, x13, x14",
    "sbcs w15, w16, w17", "ngc x18, x19", "ngcs w20, w21"],
  "C6.2.49-52 CCMN, CCMP (immediate and register)": [
    "ccmp x0, #31, #0xf, ne", "ccmp w1, w2, #0, ge", "ccmn x3, #1, #5, hi", "ccmn w4, w5, #0xa, lt",
    "ccmp x6, x7, #2, al", "ccmp w8, #0, #4, vs"],
  "C6.2.69-72 CSEL, CSINC, CSINV, CSNEG and aliases": [
    "csel x0, x1, x2, eq", "csel w3, w4, w5, cc", "csinc x6, x7, x8, gt", "csinv w9, w10, w11, le",
    "csneg x12, x13, x14, mi", "cset w15, hs", "csetm x16, ls", "cinc w17, w18, pl", "cinv x19, x20, vc", "cneg w21, w22, ge"],
  "C6.2.388/C6.2.268 UDIV, SDIV; C6.2.179... LSLV, LSRV, ASRV, RORV": [
    "udiv x0, x1, x2", "udiv w3, w4, w5", "sdiv x6, x7, x8", "sdiv w9, w10, w11", "lsl x12, x13, x14",
    "lsr w15, w16, w17", "asr x18, x19, x20", "ror w21, w22, w23", "sdiv x24, x25, xzr"],
  "C6.2.253-257, C6.2.57, C6.2.60 RBIT, REV16, REV32, REV, CLS, CLZ": [
    "rbit x0, x1", "rbit w2, w3", "rev16 x4, x5", "rev16 w6, w7", "rev32 x8, x9", "rev x10, x11", "rev w12, w13",
    "clz x14, x15", "clz w16, w17", "cls x18, x19", "cls w20, w21"],
  "C6.2.187-188, C6.2.267-270, C6.2.385-391 MADD, MSUB, SMADDL, SMSUBL, UMADDL, UMSUBL, SMULH, UMULH": [
    "madd x0, x1, x2, x3", "madd w4, w5, w6, w7", "msub x8, x9, x10, x11", "mul w12, w13, w14", "mneg x15, x16, x17",
    "smaddl x18, w19, w20, x21", "smsubl x22, w23, w24, x25", "umaddl x0, w1, w2, x3", "umsubl x4, w5, w6, x7",
    "smull x8, w9, w10", "umull x11, w12, w13", "smulh x14, x15, x16", "umulh x17, x18, x19"],
};

describe("data-processing classes vs qemu-aarch64", () => {
  for (const [name, lines] of Object.entries(GROUPS)) {
    it(name, () => {
      const bad = inTempDir((dir) => {
        const words = objdumpLines(assemble(dir, lines.join("\n") + "\n", "armv8-a")).map((l) => l.word);
        expect(words.length).toBe(lines.length);
        const cases = words.flatMap((w) => Array<number>(REPEAT).fill(w));
        const elf = buildDiffProgram(dir, cases, words.length * 7919);
        const ref = runQemu(elf), ours = runOurs(elf);
        return cases.flatMap((w, i) => {
          const diff = caseDiff(ref, ours, i);
          return diff ? [`${disassemble(wordBytes(w), 0, 0n).text}: ${diff}`] : [];
        });
      });
      expect(bad.slice(0, 20)).toEqual([]);
    }, 60000);
  }
});
