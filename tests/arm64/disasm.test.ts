// The disassembler against GNU objdump (binutils 2.40): every instruction of
// hand-written assembly covering each instruction class and alias, and of gcc
// output, must print exactly as `aarch64-linux-gnu-objdump -d` prints it
// (minus the `<symbol>` part of branch targets).

import { describe, expect } from "vitest";
import { disassemble } from "../../machine/arm64";
import { oracleIt } from "../oracles";
import { assemble, inTempDir, objdumpLines, wordBytes } from "./objdump";
import { ALIAS_SOURCE, ATOMIC_SOURCE, CLASS_SOURCE, SIMD_SOURCE } from "./asm-corpus";

const it = oracleIt(["aarch64-linux-gnu-as", "aarch64-linux-gnu-objdump"]);

function mismatches(source: string, march: string): string[] {
  return inTempDir((dir) => {
    const obj = assemble(dir, source, march);
    const bad: string[] = [];
    for (const l of objdumpLines(obj)) {
      const ours = disassemble(wordBytes(l.word), 0, l.address).text;
      if (ours !== l.text) bad.push(`${(l.word >>> 0).toString(16).padStart(8, "0")}: objdump "${l.text}" ours "${ours}"`);
    }
    return bad;
  });
}

describe("A64 disassembler vs objdump", () => {
  it("prints every instruction class like objdump (Arm ARM C4.1 groups)", () => {
    expect(mismatches(CLASS_SOURCE, "armv8.5-a")).toEqual([]);
  });
  it("picks objdump's preferred aliases (mov, cmp, lsl, ubfx, cset, ...)", () => {
    expect(mismatches(ALIAS_SOURCE, "armv8.5-a")).toEqual([]);
  });
  it("prints the LSE atomics (C6.2 LDADD ... CASP) and LDAPR", () => {
    expect(mismatches(ATOMIC_SOURCE, "armv8.3-a")).toEqual([]);
  });
  it("prints the SIMD forms libgcc's popcount uses (C7.2 FMOV, CNT, ADDV)", () => {
    expect(mismatches(SIMD_SOURCE, "armv8-a")).toEqual([]);
  });
});
