// Helpers for tests that hold our AArch64 decoder up against the real
// toolchain: assemble or compile with binutils/gcc, then read back what
// `aarch64-linux-gnu-objdump -d` says about every instruction.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { disassemble } from "../../machine/arm64";

export interface ObjdumpLine { address: bigint; word: number; text: string }

/** Every instruction objdump prints: address, the 32-bit word, and the text with `<sym>` removed. */
export function objdumpLines(file: string, extra: string[] = []): ObjdumpLine[] {
  const out = execFileSync("aarch64-linux-gnu-objdump", ["-d", ...extra, file], { encoding: "utf8", maxBuffer: 1 << 28 });
  const lines: ObjdumpLine[] = [];
  for (const line of out.split("\n")) {
    const m = /^\s*([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$/.exec(line);
    if (!m) continue;
    lines.push({ address: BigInt("0x" + m[1]), word: parseInt(m[2], 16) | 0, text: m[3].replace(/ <[^>]*>/g, "") });
  }
  return lines;
}

/** Work in a fresh temporary directory, removed afterwards. */
export function inTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "minos-a64-"));
  try { return fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** Assemble `source` (GNU as syntax) into an object file; returns its path inside `dir`. */
export function assemble(dir: string, source: string, march = "armv8-a"): string {
  writeFileSync(join(dir, "t.s"), source);
  execFileSync("aarch64-linux-gnu-as", [`-march=${march}`, "-o", join(dir, "t.o"), join(dir, "t.s")]);
  return join(dir, "t.o");
}

/** Compile a freestanding static program with gcc at `opt` (-O0, -O2); returns the ELF path. */
export function compile(dir: string, csource: string, opt: string, name = "prog"): string {
  const src = join(dir, `${name}.c`), out = join(dir, name);
  writeFileSync(src, csource);
  execFileSync("aarch64-linux-gnu-gcc", [opt, "-ffreestanding", "-nostdlib", "-static", "-mgeneral-regs-only",
    "-fno-asynchronous-unwind-tables", "-o", out, src]);
  return out;
}

export const readBytes = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/** The 4 little-endian bytes of a word. */
export function wordBytes(w: number): Uint8Array {
  return new Uint8Array([w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, (w >>> 24) & 0xff]);
}

/** Every instruction of an ELF's code where our disassembler and objdump disagree. */
export function disasmMismatches(elf: string): string[] {
  const bad: string[] = [];
  for (const l of objdumpLines(elf)) {
    // A `$d` mapping symbol marks data in .text (literal pools): objdump prints `.word`, which
    // only the symbol table can tell; a disassembler given bytes alone decodes them as code.
    if (/^\.(word|short|byte)\t/.test(l.text)) continue;
    const ours = disassemble(wordBytes(l.word), 0, l.address).text;
    if (ours !== l.text) bad.push(`${l.address.toString(16)}: ${(l.word >>> 0).toString(16).padStart(8, "0")} objdump "${l.text}" ours "${ours}"`);
  }
  return bad;
}
