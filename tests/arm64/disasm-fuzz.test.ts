// Random words from the implemented encoding groups, decoded by us and by
// GNU objdump. Two properties, both against objdump as the reference:
//  - whenever we decode a word as an instruction, we print it exactly as
//    objdump does (so the decoder picked the right instruction and fields);
//  - whenever objdump calls a word unallocated (".inst ... ; undefined"), so
//    do we (the decoder rejects reserved encodings, Arm ARM C4.1).
// Words we leave undefined but objdump knows are features this CPU lacks
// (LSE atomics, pointer authentication, MTE, ...): counted, not failed.

import { describe, expect } from "vitest";
import { join } from "node:path";
import { disassemble } from "../../machine/arm64";
import { oracleIt } from "../oracles";
import { inTempDir, wordBytes } from "./objdump";
import { randomWord, rng, writeWords } from "./fuzz-util";
import { execFileSync } from "node:child_process";

const it = oracleIt(["aarch64-linux-gnu-objdump"]);
const COUNT = 100000;

describe("A64 decoder + disassembler, random words vs objdump", () => {
  it(`agrees with objdump on ${COUNT} random words`, () => {
    const next = rng(0x5eed);
    const words = Array.from({ length: COUNT }, () => randomWord(next));
    const texts = inTempDir((dir) => {
      const bin = join(dir, "w.bin");
      writeWords(bin, words);
      const out = execFileSync("aarch64-linux-gnu-objdump", ["-D", "-b", "binary", "-m", "aarch64", bin],
        { encoding: "utf8", maxBuffer: 1 << 28 });
      const map = new Map<number, string>();
      for (const line of out.split("\n")) {
        const m = /^\s*([0-9a-f]+):\t[0-9a-f]{8} \t(.*)$/.exec(line);
        // Without symbols objdump writes branch targets as 0x...; with them (ELF), bare hex.
        if (m) map.set(parseInt(m[1], 16), m[2].replace(/ <[^>]*>/g, "").replace(/([\t ])0x([0-9a-f]+)(?=$|  \/\/)/, "$1$2"));
      }
      return map;
    });
    const wrong: string[] = [];
    let unimplemented = 0;
    words.forEach((w, i) => {
      const ref = texts.get(i * 4);
      if (ref === undefined) return;
      const ours = disassemble(wordBytes(w), 0, BigInt(i * 4)).text;
      const hexw = (w >>> 0).toString(16).padStart(8, "0");
      if (ours.startsWith(".inst")) {
        if (!ref.startsWith(".inst")) { unimplemented++; if (process.env.A64_FUZZ_LOG) console.log("UNIMPL " + ref.split("\t")[0] + " | " + hexw + " | " + ref); }
        return;
      }
      // objdump names hundreds of EL1-EL3 and debug system registers; we name only those EL0 uses.
      if (/^(mrs|msr)\t/.test(ours) && /\bs[0-3]_[0-7]_c\d+_c\d+_[0-7]\b/.test(ours)) return;
      if (ours !== ref) wrong.push(`${hexw}: objdump "${ref}" ours "${ours}"`);
    });
    expect(wrong.slice(0, 40)).toEqual([]);
    expect(unimplemented).toBeLessThan(COUNT);
  }, 60000);
});
