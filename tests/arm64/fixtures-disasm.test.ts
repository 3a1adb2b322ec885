// Disassembly of whole programs against objdump: every instruction in the
// .text of gcc output (C snippets compiled here at -O0 and -O2, and every
// committed ELF under conformance/fixtures/arm64/) must print exactly as
// `aarch64-linux-gnu-objdump -d` prints it, minus `<symbol>` annotations.

import { describe, expect } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { oracleIt } from "../oracles";
import { compile, disasmMismatches, inTempDir } from "./objdump";
import { C_SNIPPETS } from "./c-snippets";

const FIXTURE_DIRS = ["conformance/fixtures/arm64", "conformance/fixtures/lockstep/arm64"];

describe("disassembly of gcc output vs objdump", () => {
  const it = oracleIt(["aarch64-linux-gnu-gcc", "aarch64-linux-gnu-objdump"]);
  for (const opt of ["-O0", "-O2"]) {
    it(`C snippets at ${opt}`, () => {
      const bad = inTempDir((dir) => disasmMismatches(compile(dir, C_SNIPPETS, opt)));
      expect(bad.slice(0, 30)).toEqual([]);
    }, 60000);
  }
  const itFix = oracleIt(["aarch64-linux-gnu-objdump"]);
  const elfs = FIXTURE_DIRS.filter((d) => existsSync(d))
    .flatMap((d) => readdirSync(d).filter((f) => f.endsWith(".elf")).map((f) => join(d, f)));
  itFix(`every committed fixture ELF (${elfs.length} files)`, () => {
    const bad = elfs.flatMap((f) => disasmMismatches(f).map((m) => `${f} ${m}`));
    expect(bad.slice(0, 30)).toEqual([]);
  }, 120000);
});
