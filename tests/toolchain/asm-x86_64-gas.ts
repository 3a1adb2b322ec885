// Run GNU as on Intel-syntax source and read back what it produced: the
// bytes of .text and the offset of every label. Used by the x86-64 tests.

import { execFileSync } from "node:child_process";
import { expect } from "vitest";
import { assemble, formatError } from "../../toolchain/asm/assemble";
import { readObject } from "./asm-elf-read";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface GasResult { text: Uint8Array; labels: Map<string, number>; object: Uint8Array }

export function withTmp<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "minos-asm-"));
  try { return fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** Assemble with `as --64` (the source must start with `.intel_syntax noprefix`). */
export function gas(source: string): GasResult {
  return withTmp((dir) => {
    writeFileSync(join(dir, "a.s"), source);
    execFileSync("as", ["--64", "-o", join(dir, "a.o"), join(dir, "a.s")], { stdio: ["ignore", "ignore", "pipe"] });
    execFileSync("objcopy", ["-O", "binary", "-j", ".text", join(dir, "a.o"), join(dir, "a.bin")]);
    const labels = new Map<string, number>();
    const nm = execFileSync("nm", [join(dir, "a.o")], { encoding: "utf8" });
    for (const line of nm.split("\n")) {
      const m = line.match(/^([0-9a-f]+) [tT] (\S+)$/);
      if (m) labels.set(m[2], parseInt(m[1], 16));
    }
    return { text: new Uint8Array(readFileSync(join(dir, "a.bin"))), labels, object: new Uint8Array(readFileSync(join(dir, "a.o"))) };
  });
}

export const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");

/** Assemble `src` with gas and with ours; the objects must have the same
 *  sections (type, flags, size, alignment, contents), symbols and
 *  relocations, and readelf must read ours without a warning. */
export function compareWithGas(src: string) {
  const ref = readObject(gas(src).object);
  const r = assemble(src, { arch: "x86_64", file: "t.s" });
  expect(r.errors.map(formatError)).toEqual([]);
  const ours = readObject(r.object);
  expect(ours.sections).toEqual(ref.sections);
  expect(ours.symbols).toEqual(ref.symbols);
  expect(ours.relocs).toEqual(ref.relocs);
  withTmp((dir) => {
    writeFileSync(join(dir, "o.o"), r.object);
    const out = execFileSync("readelf", ["-a", "-W", join(dir, "o.o")], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(out).not.toMatch(/warning|error/i);
  });
}
