// The contract between the CPU's disassembler and this assembler: what
// machine/x86_64 `disassemble` prints (objdump's Intel syntax) must assemble
// back to the same bytes. Both sides are checked against binutils on their
// own; this checks they agree with each other on ~14,000 forms. Forms the
// disassembler does not decode yet (it prints "(bad)": system instructions,
// most of SSE) are counted and skipped.

import { describe, expect, it } from "vitest";
import { disassemble } from "../../machine/x86_64/index";
import { assembleToBytes, formatError } from "../../toolchain/asm/assemble";
import { generate } from "./asm-x86_64-gen";
import { hex } from "./asm-x86_64-gas";

function assembleLines(lines: string[]) {
  const src = ".intel_syntax noprefix\n.text\n" + lines.map((l, i) => `L_${i}: ${l}`).join("\n") + `\nL_${lines.length}:\n`;
  const r = assembleToBytes(src, { arch: "x86_64", file: "rt.s" });
  expect(r.errors.map(formatError).slice(0, 5)).toEqual([]);
  const at = (i: number) => r.state.symbols.get(`L_${i}`)!.offset!;
  return lines.map((_, i) => r.text.subarray(at(i), at(i + 1)));
}

describe("x86-64 disassembler output re-assembles to the same bytes", () => {
  it("every generated form the disassembler decodes", () => {
    const lines = generate();
    const bytes = assembleLines(lines);
    const texts: string[] = [], want: Uint8Array[] = [], src: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const d = disassemble(bytes[i], 0, 0n);
      if (d.text === "(bad)") continue;
      expect(d.length, `${lines[i]} decoded as '${d.text}'`).toBe(bytes[i].length);
      texts.push(d.text.replace(/\s+#.*$/, "")); want.push(bytes[i]); src.push(lines[i]);
    }
    expect(texts.length).toBeGreaterThan(13_000);
    const again = assembleLines(texts);
    const bad = texts.map((t, i) => hex(again[i]) === hex(want[i]) ? "" : `${src[i]} -> '${t}': ${hex(want[i])} vs ${hex(again[i])}`)
      .filter(Boolean);
    expect(bad.slice(0, 20).join("\n")).toBe("");
  }, 60_000);
});
