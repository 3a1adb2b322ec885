// x86-64 encodings, checked against GNU as (binutils 2.40).
//
// A few thousand instruction forms (asm-x86_64-gen.ts) are assembled by both
// GNU as and our assembler; each instruction's bytes must be identical. The
// forms and their encodings are those of the Intel SDM Vol. 2 (opcode tables
// in chapters 3-4, ModRM/SIB in 2.1.5, REX in 2.2.1); where several encodings
// are valid, gas's choice is the reference (shortest imm8 form, MR form for
// reg,reg, accumulator short forms, no zero displacement, REX only if needed).

import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { assembleToBytes, formatError } from "../../toolchain/asm/assemble";
import { oracleIt } from "../oracles";
import { generate } from "./asm-x86_64-gen";
import { gas, hex, withTmp } from "./asm-x86_64-gas";

const it = oracleIt(["as", "objcopy", "nm"]);

function compare(lines: string[]) {
  const src = ".intel_syntax noprefix\n.text\n" + lines.map((l, i) => `L_${i}: ${l}`).join("\n") + `\nL_${lines.length}:\n`;
  const ref = gas(src);
  const ours = assembleToBytes(src, { arch: "x86_64", file: "gen.s" });
  expect(ours.errors.map(formatError)).toEqual([]);
  const bad: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const a = ref.labels.get(`L_${i}`)!, b = ref.labels.get(`L_${i + 1}`)!;
    const sa = ours.state.symbols.get(`L_${i}`)!.offset!, sb = ours.state.symbols.get(`L_${i + 1}`)!.offset!;
    const want = hex(ref.text.subarray(a, b)), got = hex(ours.text.subarray(sa, sb));
    if (want !== got) bad.push(`${lines[i]}\n    gas:  ${want}\n    ours: ${got}`);
  }
  expect(bad.slice(0, 30).join("\n")).toBe("");
}

describe("x86-64 assembler encodings vs GNU as", () => {
  const lines = generate();
  it(`generated forms (${lines.length} instructions) encode byte-for-byte as gas does`, () => {
    compare(lines);
  }, 60_000);
});

// objdump's Intel syntax (what our disassembler prints) must read back: the
// disassembly of all the forms above, re-assembled by gas and by us, gives
// identical bytes.
describe("x86-64 assembler reads objdump -M intel output", () => {
  const it2 = oracleIt(["as", "objcopy", "nm", "objdump"]);
  it2("objdump -d -M intel of the generated forms re-assembles as gas does", () => {
    const src = ".intel_syntax noprefix\n.text\n" + generate().join("\n") + "\n";
    const text = withTmp((dir) => {
      writeFileSync(join(dir, "a.o"), gas(src).object);
      return execFileSync("objdump", ["-d", "-M", "intel", "--no-show-raw-insn", join(dir, "a.o")], { encoding: "utf8", maxBuffer: 1 << 28 });
    });
    const lines = text.split("\n").map((l) => l.match(/^\s+[0-9a-f]+:\t(.*)$/)?.[1]).filter((l): l is string => !!l)
      .map((l) => l.replace(/\s+#.*$/, "").trim());
    expect(lines.length).toBeGreaterThan(10000);
    compare(lines);
  }, 60_000);
});
