// Differential testing of data-processing instructions against qemu-aarch64.
//
// For a list of instruction words we build one static program. For each
// word it loads X0..X26, X29, X30 and NZCV from a table of random values
// (X28 walks the table), executes the word, and stores the registers and
// NZCV to an output buffer (X27 walks it). At the end it write()s the buffer
// to stdout and exits. Running the program under qemu and under our CPU and
// comparing the buffers case by case pinpoints any instruction whose result
// or flags differ. The words may not write X27, X28 or SP, nor read SP.
// A scratch buffer follows, for loads and stores: it is written to stdout
// after the register dumps, so a store that went wrong shows up there.

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { rng } from "./fuzz-util";

/** Registers each case loads and dumps, in order (X27 and X28 are the program's pointers). */
export const CASE_REGS = [...Array.from({ length: 27 }, (_, i) => i), 29, 30];
/** Bytes per case in the table and in the dump: 29 registers and NZCV. */
export const CASE_BYTES = (CASE_REGS.length + 1) * 8;

const INTERESTING = [0n, 1n, 2n, 0x7fn, 0x80n, 0xffn, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n,
  0x7fffffffffffffffn, 0x8000000000000000n, 0xffffffffffffffffn, 0xfffffffffffffffen, 0x123456789abcdef0n];

/** Random register values: a mix of edge cases and uniform 64-bit values. */
function randomValue(next: () => number): bigint {
  const r = next() % 4;
  if (r === 0) return INTERESTING[next() % INTERESTING.length];
  if (r === 1) return BigInt(next() % 64);
  return (BigInt(next()) << 32n) | BigInt(next());
}

/** Bytes of the scratch buffer memory cases work in; register values can point into it. */
export const SCRATCH_BYTES = 48 * 1024;

/**
 * A register's value for one case, as assembler text for `.quad`: a number,
 * or an expression such as `scratch+16384`. Undefined: a random value.
 */
export type ValueChooser = (caseIndex: number, reg: number, next: () => number) => string | undefined;

/** The assembly source of the test program for `words`. */
export function diffProgram(words: number[], seed: number, choose?: ValueChooser): string {
  const next = rng(seed);
  const lines: string[] = [".text", ".global _start", "_start:", "  adrp x28, table", "  add x28, x28, :lo12:table",
    "  adrp x27, dump", "  add x27, x27, :lo12:dump"];
  for (const w of words) {
    lines.push(`  ldr x0, [x28, #${CASE_REGS.length * 8}]`, "  msr nzcv, x0");
    CASE_REGS.forEach((r, i) => lines.push(`  ldr x${r}, [x28, #${i * 8}]`));
    lines.push(`  .inst 0x${(w >>> 0).toString(16).padStart(8, "0")}`);
    CASE_REGS.forEach((r) => lines.push(`  str x${r}, [x27], #8`));
    lines.push("  mrs x0, nzcv", "  str x0, [x27], #8", `  add x28, x28, #${CASE_BYTES}`);
  }
  lines.push("  mov x0, #1", "  adrp x1, dump", "  add x1, x1, :lo12:dump", `  ldr x2, =${words.length * CASE_BYTES}`,
    "  mov x8, #64", "  svc #0",
    "  mov x0, #1", "  adrp x1, scratch", "  add x1, x1, :lo12:scratch", `  ldr x2, =${SCRATCH_BYTES}`, "  mov x8, #64", "  svc #0",
    "  mov x0, #0", "  mov x8, #93", "  svc #0", ".ltorg");
  lines.push(".data", ".balign 16", "table:");
  for (let i = 0; i < words.length; i++) {
    for (const r of CASE_REGS) lines.push(`  .quad ${choose?.(i, r, next) ?? "0x" + randomValue(next).toString(16)}`);
    lines.push(`  .quad 0x${((next() & 0xf) << 28).toString(16)}`);
  }
  lines.push(".balign 16", "dump:", `  .fill ${words.length * CASE_BYTES}, 1, 0`);
  lines.push(".balign 4096", "scratch:", `  .fill ${SCRATCH_BYTES / 8}, 8, 0x0123456789abcdef`);
  return lines.join("\n") + "\n";
}

/** Assemble and link the program; returns the ELF path in `dir`. */
export function buildDiffProgram(dir: string, words: number[], seed: number, choose?: ValueChooser, name = "diff"): string {
  const s = join(dir, `${name}.s`), o = join(dir, `${name}.o`), elf = join(dir, name);
  writeFileSync(s, diffProgram(words, seed, choose));
  execFileSync("aarch64-linux-gnu-as", ["-o", o, s]);
  execFileSync("aarch64-linux-gnu-ld", ["-static", "-z", "max-page-size=4096", "-o", elf, o]);
  return elf;
}

/** Run under qemu-aarch64 and return stdout's bytes. */
export function runQemu(elf: string): Uint8Array {
  return new Uint8Array(execFileSync("qemu-aarch64", [elf], { maxBuffer: 1 << 28 }));
}

/** Describe the differences of case `i` between two dumps, or "" if equal. */
export function caseDiff(ref: Uint8Array, ours: Uint8Array, i: number): string {
  const a = new DataView(ref.buffer, ref.byteOffset), b = new DataView(ours.buffer, ours.byteOffset);
  const out: string[] = [];
  for (let k = 0; k <= CASE_REGS.length; k++) {
    const off = i * CASE_BYTES + k * 8;
    if (off + 8 > ref.length || off + 8 > ours.length) return "output too short";
    const x = a.getBigUint64(off, true), y = b.getBigUint64(off, true);
    if (x !== y) out.push(`${k < CASE_REGS.length ? "x" + CASE_REGS[k] : "nzcv"}: qemu ${x.toString(16)} ours ${y.toString(16)}`);
  }
  return out.join(", ");
}
