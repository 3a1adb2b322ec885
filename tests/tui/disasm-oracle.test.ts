// The disassembly pane against binutils: every line of the window around the
// PC (address, instruction, and the <symbol> after a branch target) is what
// objdump prints for the same program, on both arches.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect } from "vitest";
import type { Arch } from "../../machine/core/cpu";
import { LinuxSession } from "../../tui/linux-session";
import { oracleIt } from "../oracles";
import { tinyProgram } from "./programs";

const OBJDUMP: Record<Arch, string[]> = {
  x86_64: ["objdump", "-d", "-M", "intel", "--no-show-raw-insn"],
  arm64: ["aarch64-linux-gnu-objdump", "-d", "--no-show-raw-insn"],
};

/** address -> instruction text, whitespace collapsed, from objdump's listing. */
function objdumpListing(arch: Arch, file: string): Map<string, string> {
  const [tool, ...args] = OBJDUMP[arch];
  const out = execFileSync(tool, [...args, file], { encoding: "utf8", maxBuffer: 64 << 20 });
  const map = new Map<string, string>();
  for (const line of out.split("\n")) {
    const m = /^\s+([0-9a-f]+):\t(.*)$/.exec(line);
    if (m) map.set(m[1], norm(m[2]));
  }
  return map;
}

const norm = (s: string) => s.replace(/\s+/g, " ").trim();

describe.each(["x86_64", "arm64"] as Arch[])("disassembly pane vs objdump (%s)", (arch) => {
  oracleIt([OBJDUMP[arch][0]])("shows what objdump prints, line for line, at several points of a run", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "minos-tui-objdump-")), "tiny");
    const elf = tinyProgram(arch);
    writeFileSync(file, elf);
    const ref = objdumpListing(arch, file);
    const s = new LinuxSession(elf, { arch });
    let compared = 0;
    for (const steps of [0, 40, 200, 400]) {
      s.step(steps - s.retired);
      for (const line of s.snapshot({ disasmBefore: 8, disasmAfter: 16 }).disassembly) {
        const want = ref.get(line.address);
        if (want === undefined) continue;     // past .text (objdump lists only code sections)
        expect(norm(line.text), `at 0x${line.address}`).toBe(want);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(60);
  });

  for (const fixture of ["printf_test-O2", "numtheory-O0"]) {
    oracleIt([OBJDUMP[arch][0]])(`and on a gcc-built static program (committed fixture ${fixture})`, () => {
      const file = path.resolve(import.meta.dirname, `../../conformance/fixtures/${arch}/${fixture}.elf`);
      const elf = new Uint8Array(readFileSync(file));
      const ref = objdumpListing(arch, file);
      const s = new LinuxSession(elf, { arch });
      let compared = 0;
      for (const steps of [0, 500, 2000, 5000, 9000]) {
        s.step(steps - s.retired);
        for (const line of s.snapshot({ disasmBefore: 8, disasmAfter: 16 }).disassembly) {
          const want = ref.get(line.address);
          if (want === undefined) continue;
          expect(norm(line.text), `at 0x${line.address}`).toBe(want);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(60);
    });
  }
});
