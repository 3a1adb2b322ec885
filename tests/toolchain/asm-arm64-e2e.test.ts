// The whole MinOS A64 tool chain on the conformance programs
// (conformance/src/*.c): gcc only compiles C to assembly (-S); our assembler
// turns that (and the runtime, conformance/rt) into objects; our linker links
// them with gcc's libgcc.a; then the program runs twice, under qemu-aarch64
// and on our own AArch64 CPU (linux/run.ts). Both runs must print and exit
// exactly as recorded in conformance/fixtures/arm64/*.expected, which came
// from gcc+gas+ld builds under qemu. A failure here names the program; the
// narrower tests (asm-arm64*.test.ts, ld.test.ts, tests/arm64) say which
// piece is wrong. The last test closes the loop the other way: our
// disassembler's text goes back through our assembler.

import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assemble, formatError } from "../../toolchain/asm/assemble";
import { encodeA64 } from "../../toolchain/asm/arm64/index";
import { readElf, sectionBytes } from "../../toolchain/elf/read";
import { disassemble } from "../../machine/arm64/index";
import { link } from "../../toolchain/ld/link";
import { runLinux } from "../../linux/run";
import { QEMU, withTmp } from "./asm-arm64-oracle";
import { oracleIt } from "../oracles";

const CC = "aarch64-linux-gnu-gcc";
const ROOT = join(import.meta.dirname, "../..");
const CONF = join(ROOT, "conformance");
const FLAGS = ["-ffreestanding", "-nostdlib", "-fno-pie", "-mgeneral-regs-only", "-fno-stack-protector",
  "-fno-asynchronous-unwind-tables", `-I${CONF}/rt`];
const PROGRAMS = readdirSync(join(CONF, "src")).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2));

/** Our assembler on gcc's (or cpp's) output; throws with gas-style messages on errors. */
function ours(source: string, name: string) {
  const r = assemble(source, { arch: "arm64", file: name });
  if (r.errors.length) throw new Error(r.errors.map(formatError).slice(0, 5).join("\n"));
  return { name: name.replace(/\.s$/, ".o"), bytes: r.object };
}

const gccS = (args: string[]) => execFileSync(CC, [...FLAGS, "-S", "-o", "-", ...args], { encoding: "utf8" });

describe("conformance programs: gcc -S, then our assembler and linker; qemu and our CPU run them", () => {
  for (const opt of ["-O0", "-O2"]) {
    oracleIt([CC, QEMU])(`arm64 ${opt}: all ${PROGRAMS.length} programs`, () => {
      const start = ours(execFileSync(CC, ["-E", join(CONF, "rt/start_arm64.S")], { encoding: "utf8" }), "start.s");
      const rt = ours(gccS([opt, "-fno-builtin", "-fno-tree-loop-distribute-patterns", join(CONF, "rt/rt.c")]), "rt.s");
      const libgcc = execFileSync(CC, ["-print-libgcc-file-name"], { encoding: "utf8" }).trim();
      const lib = { name: "libgcc.a", bytes: new Uint8Array(readFileSync(libgcc)) };
      const failures: string[] = [];
      withTmp((dir) => {
        for (const p of PROGRAMS) {
          try {
            const obj = ours(gccS([opt, join(CONF, "src", `${p}.c`)]), `${p}.s`);
            const r = link([start, rt, obj, lib], { arch: "arm64" });
            if (!r.elf) { failures.push(`${p}: link: ${r.errors.join("; ")}`); continue; }
            const want = readFileSync(join(CONF, "fixtures/arm64", `${p}${opt}.expected`), "utf8");
            const exe = join(dir, p);
            writeFileSync(exe, r.elf);
            chmodSync(exe, 0o755);
            const q = spawnSync(QEMU, [exe], { encoding: "utf8", timeout: 20_000 });
            if (`exit ${q.status}\n${q.stdout}` !== want) failures.push(`${p}: qemu: exit ${q.status}`);
            const m = runLinux(r.elf, { arch: "arm64", maxInstructions: 200_000_000 });
            if (`exit ${m.exitCode}\n${m.stdout}` !== want) failures.push(`${p}: our CPU: exit ${m.exitCode} ${m.error ?? ""}`);
          } catch (e) {
            failures.push(`${p}: ${(e as Error).message}`);
          }
        }
      });
      expect(failures).toEqual([]);
    }, 180_000);
  }
});

// Our disassembler prints what objdump prints, and our assembler reads what
// objdump prints: so every word of .text in the committed conformance
// executables (built by gcc and GNU ld) must survive disassemble ->
// assemble at its own address. No tools needed.
describe("our disassembler's text re-assembles to the same word", () => {
  it("every .text word of conformance/fixtures/arm64/*.elf", () => {
    const dir = join(CONF, "fixtures/arm64");
    const diffs: string[] = [];
    let words = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".elf"))) {
      const elf = readElf(new Uint8Array(readFileSync(join(dir, f))), f);
      const text = elf.sections.find((x) => x.name === ".text")!;
      const bytes = sectionBytes(elf, text);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let off = 0; off + 4 <= bytes.length; off += 4) {
        const addr = text.addr + BigInt(off);
        const { text: line } = disassemble(bytes, off, addr);
        const word = view.getUint32(off, true);
        words++;
        let got: number | string;
        try { got = encodeA64(line, Number(addr), {}, true).word; } catch (e) { got = (e as Error).message; }
        if (got !== word) diffs.push(`${f}+${off.toString(16)}: ${word.toString(16)} "${line}" -> ${typeof got === "number" ? got.toString(16) : got}`);
      }
    }
    expect(diffs.slice(0, 20)).toEqual([]);
    expect(words).toBeGreaterThan(10_000);
  }, 60_000);
});
