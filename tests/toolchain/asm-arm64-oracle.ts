// Running the real AArch64 tools for the assembler tests: GNU as decides
// which generated lines are valid and what they encode to; objdump prints
// them back. Nothing here is tuned to our output.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const AS = "aarch64-linux-gnu-as";
export const OBJDUMP = "aarch64-linux-gnu-objdump";
export const OBJCOPY = "aarch64-linux-gnu-objcopy";
export const LD = "aarch64-linux-gnu-ld";
export const QEMU = "qemu-aarch64";

export function withTmp<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "minos-a64-"));
  try { return fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** Assemble a source; returns gas's stderr ("" if it succeeded). */
export function gasRun(dir: string, source: string, name = "g"): { stderr: string; object: string } {
  const s = join(dir, `${name}.s`), o = join(dir, `${name}.o`);
  writeFileSync(s, source);
  try {
    execFileSync(AS, [s, "-o", o], { stdio: ["ignore", "ignore", "pipe"] });
    return { stderr: "", object: o };
  } catch (e) {
    return { stderr: String((e as { stderr: Buffer }).stderr), object: o };
  }
}

/** The .text words of an object. */
export function textWords(dir: string, object: string): number[] {
  const bin = join(dir, "text.bin");
  execFileSync(OBJCOPY, ["-O", "binary", "-j", ".text", object, bin]);
  const b = readFileSync(bin);
  const out: number[] = [];
  for (let i = 0; i + 4 <= b.length; i += 4) out.push(b.readUInt32LE(i));
  return out;
}

/**
 * What gas makes of each line (one instruction per line): its word, or
 * undefined if gas rejects the line. gas reports some errors only when the
 * rest assembled (e.g. offsets out of range are found late), so the lines it
 * rejects are removed and the rest re-assembled until it succeeds.
 * `preamble` (e.g. ".arch armv8.3-a\n") goes before the lines.
 */
export function gasWords(lines: string[], preamble = ""): { words: (number | undefined)[]; object?: string; disasm: string } {
  const skip = preamble === "" ? 0 : preamble.split("\n").length - 1;   // preamble ends with a newline
  return withTmp((dir) => {
    const rejected = new Set<number>();
    for (let round = 0; round < 20; round++) {
      const keep = lines.map((_, i) => i).filter((i) => !rejected.has(i));
      const { stderr, object } = gasRun(dir, preamble + keep.map((i) => lines[i]).join("\n") + "\n");
      const errs = [...stderr.matchAll(/g\.s:(\d+): Error/g)].map((m) => keep[Number(m[1]) - 1 - skip]);
      if (errs.length === 0) {
        const words = textWords(dir, object);
        const out: (number | undefined)[] = new Array(lines.length).fill(undefined);
        keep.forEach((li, k) => { out[li] = words[k]; });
        const disasm = execFileSync(OBJDUMP, ["-d", object], { maxBuffer: 1 << 28 }).toString();
        return { words: out, disasm };
      }
      for (const e of errs) rejected.add(e);
    }
    throw new Error("gas kept reporting errors");
  });
}

/** objdump -d lines: address, word and the instruction text as objdump prints it. */
export function parseObjdump(disasm: string): { pc: number; word: number; text: string }[] {
  const out: { pc: number; word: number; text: string }[] = [];
  for (const line of disasm.split("\n")) {
    const m = /^\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*)$/.exec(line);
    if (!m) continue;
    // drop objdump's trailing "// #-1" value comments and "<sym+0x10>" annotations
    const text = m[3].replace(/\s*\/\/.*$/, "").replace(/\s*<[^>]*>\s*$/, "").replace(/\t/, " ").trim();
    out.push({ pc: parseInt(m[1], 16), word: parseInt(m[2], 16), text });
  }
  return out;
}
