// A committed sample of objdump's output (tests/arm64/fixtures/
// disasm-golden.tsv: word, address, text), so the disassembler is checked
// against binutils even on a machine without the cross tools. The
// oracle-backed test below re-derives every line with objdump, so the file
// cannot drift from the reference; MINOS_WRITE_GOLDEN=1 rewrites it from
// the corpus sources and a fixed sample of random words.

import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { disassemble } from "../../machine/arm64";
import { oracleIt } from "../oracles";
import { ALIAS_SOURCE, ATOMIC_SOURCE, CLASS_SOURCE, SIMD_SOURCE } from "./asm-corpus";
import { assemble, inTempDir, objdumpLines, wordBytes } from "./objdump";
import { randomWord, rng, writeWords } from "./fuzz-util";

const GOLDEN = "tests/arm64/fixtures/disasm-golden.tsv";

interface Line { word: number; address: bigint; text: string }

function readGolden(): Line[] {
  return readFileSync(GOLDEN, "utf8").split("\n").filter((l) => l && !l.startsWith("#")).map((l) => {
    const [w, a, ...t] = l.split("\t");
    return { word: parseInt(w, 16) | 0, address: BigInt("0x" + a), text: t.join("\t") };
  });
}

/** What objdump says about `words` placed at consecutive addresses from 0 (flat binary, bare-hex targets). */
function objdumpWords(dir: string, words: number[]): string[] {
  const bin = join(dir, "w.bin");
  writeWords(bin, words);
  const out = execFileSync("aarch64-linux-gnu-objdump", ["-D", "-b", "binary", "-m", "aarch64", bin],
    { encoding: "utf8", maxBuffer: 1 << 28 });
  const texts: string[] = [];
  for (const line of out.split("\n")) {
    const m = /^\s*([0-9a-f]+):\t[0-9a-f]{8} \t(.*)$/.exec(line);
    if (m) texts[parseInt(m[1], 16) / 4] = m[2].replace(/ <[^>]*>/g, "").replace(/([\t ])0x([0-9a-f]+)(?=$|  \/\/)/, "$1$2");
  }
  return texts;
}

describe("disassembler vs committed objdump output", () => {
  it("prints every golden line exactly", () => {
    const bad = readGolden().filter((l) => disassemble(wordBytes(l.word), 0, l.address).text !== l.text)
      .map((l) => `${(l.word >>> 0).toString(16)}: want "${l.text}" got "${disassemble(wordBytes(l.word), 0, l.address).text}"`);
    expect(bad.slice(0, 20)).toEqual([]);
  });

  oracleIt(["aarch64-linux-gnu-as", "aarch64-linux-gnu-objdump"])("the golden file is what objdump prints", () => {
    inTempDir((dir) => {
      if (process.env.MINOS_WRITE_GOLDEN === "1") writeGolden(dir);
      const golden = readGolden();
      const texts = objdumpWords(dir, golden.map((l) => l.word));
      // objdump sees the words at 0, 4, 8...; check the lines whose text does not depend on the address.
      const bad = golden.flatMap((l, i) => {
        if (!/^(b|bl|b\.\w+|cbn?z|tbn?z|adrp?|ldr|ldrsw|prfm)\t/.test(l.text) && texts[i] !== l.text) {
          return [`${(l.word >>> 0).toString(16)}: golden "${l.text}" objdump "${texts[i]}"`];
        }
        return [];
      });
      expect(bad.slice(0, 20)).toEqual([]);
    });
  }, 60000);
});

function writeGolden(dir: string): void {
  const words: number[] = [];
  for (const [src, march] of [[CLASS_SOURCE, "armv8.5-a"], [ALIAS_SOURCE, "armv8.5-a"], [ATOMIC_SOURCE, "armv8.3-a"], [SIMD_SOURCE, "armv8-a"]]) {
    words.push(...objdumpLines(assemble(dir, src, march)).map((l) => l.word));
  }
  const next = rng(0x601de);
  for (let i = 0; i < 2500; i++) words.push(randomWord(next));
  const texts = objdumpWords(dir, words);
  // Keep the lines the disassembler is responsible for: words it decodes (they must print as
  // objdump does) and words objdump calls undefined. Words of unimplemented extensions
  // (MTE, PAC, ...) and system registers we print by number are left out, as in disasm-fuzz.
  const keep = words.map((w, i) => {
    const ours = disassemble(wordBytes(w), 0, BigInt(i * 4)).text;
    if (ours.startsWith(".inst")) return texts[i].startsWith(".inst");
    return !(/^(mrs|msr)\t/.test(ours) && /\bs[0-3]_[0-7]_c\d+_c\d+_[0-7]\b/.test(ours));
  });
  const lines = words.map((w, i) => `${(w >>> 0).toString(16).padStart(8, "0")}\t${(i * 4).toString(16)}\t${texts[i]}`)
    .filter((_, i) => keep[i]);
  writeFileSync(GOLDEN, "# word\taddress\tobjdump -d text (binutils 2.40), targets as bare hex\n" + lines.join("\n") + "\n");
}
