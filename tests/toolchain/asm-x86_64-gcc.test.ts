// Real compiler output: gcc 12 compiles C to Intel-syntax assembly
// (`gcc -S -masm=intel`), and our assembler must produce the same object as
// GNU as from it: same code bytes, data, symbols and relocations — and, with
// gcc's default flags, the same .eh_frame built from its .cfi_* directives
// (DWARF 5 6.4; x86-64 psABI 3.7). This is the
// assembly the later C-compiler lessons imitate, and what students will read.

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe } from "vitest";
import { oracleIt } from "../oracles";
import { compareWithGas, withTmp } from "./asm-x86_64-gas";

const it = oracleIt(["gcc", "as", "objcopy", "nm", "readelf"]);
const DIR = join(__dirname, "asm-x86_64-c");

describe("gcc -S -masm=intel output assembles as GNU as assembles it", () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith(".c"))) {
    for (const opts of [["-O0"], ["-O1"], ["-O2"], ["-Os"], ["-O2", "-fpie"], ["-O1", "-fpic"],
      ["-O3", "-mgeneral-regs-only", "-fcf-protection=full"], ["-O3"], ["-O0", "(gcc defaults: PIE, CFI)"],
      ["-O2", "(gcc defaults: PIE, CFI)"]]) {
      it(`${file} ${opts.join(" ")}`, () => {
        const src = withTmp((dir) => {
          const out = join(dir, "x.s");
          const defaults = opts[1]?.startsWith("(");
          // Our usual flags leave out PIC and unwind tables; "gcc defaults" keeps both
          // (so .cfi_* directives and the .eh_frame built from them are compared too).
          const extra = defaults ? [] : [...(opts.some((o) => o.includes("pi")) ? [] : ["-fno-pic"]), "-fno-asynchronous-unwind-tables"];
          execFileSync("gcc", [opts[0], ...(defaults ? [] : opts.slice(1)), ...extra, "-S", "-masm=intel", "-o", out, join(DIR, file)]);
          return readFileSync(out, "utf8");
        });
        compareWithGas(src);
      }, 30_000);
    }
  }
});
