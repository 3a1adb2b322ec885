// Flags and results of the integer instructions, compared with qemu-x86_64.
//
// One generated program runs every case in flags-cases.ts: it loads rax, rcx,
// rdx and RFLAGS, executes the instruction, and appends rax, rcx, rdx and
// the status flags (CF PF AF ZF SF OF) to a buffer it finally writes to
// stdout. qemu-x86_64 and our CPU run the same ELF (assembled and linked
// by GNU as/ld); their outputs must be identical. The SDM defines most of
// the expected values; where it says "undefined" the reference is qemu.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { runLinux } from "../../linux/run";
import { oracleIt } from "../oracles";
import { type FlagCase, flagCases } from "./flags-cases";

const it = oracleIt(["as", "ld", "qemu-x86_64"]);
const STATUS = 0x8d5;

function program(cases: FlagCase[]): string {
  const lines = [".intel_syntax noprefix", ".globl _start", ".text", "_start:", "lea rbx, [rip+buf]"];
  for (const k of cases) {
    lines.push(
      `mov rax, ${k.f}`, "push rax", "popfq",
      `mov rax, 0x${u64(k.a)}`, `mov rcx, 0x${u64(k.b)}`, `mov rdx, 0x${u64(k.c)}`,
      k.asm,
      "pushfq", "pop r11",
      "mov [rbx], rax", "mov [rbx+8], rcx", "mov [rbx+16], rdx", "mov [rbx+24], r11", "add rbx, 32",
    );
  }
  lines.push(
    "lea rsi, [rip+buf]", "mov rdx, rbx", "sub rdx, rsi", "mov edi, 1", "mov eax, 1", "syscall",
    "mov eax, 60", "xor edi, edi", "syscall",
    ".bss", ".align 16", "scratch: .skip 256", `buf: .skip ${cases.length * 32}`,
  );
  return lines.join("\n") + "\n";
}

describe("x86_64 flags and results against qemu-x86_64", () => {
  it("every case matches qemu bit for bit", () => {
    const cases = flagCases();
    const dir = mkdtempSync(join(tmpdir(), "minos-x86flags-"));
    writeFileSync(join(dir, "t.s"), program(cases));
    execFileSync("as", ["-o", join(dir, "t.o"), join(dir, "t.s")]);
    execFileSync("ld", ["-static", "-o", join(dir, "t"), join(dir, "t.o")]);
    const elf = readFileSync(join(dir, "t"));
    const want = execFileSync("qemu-x86_64", [join(dir, "t")], { maxBuffer: 64 << 20 });
    const chunks: Uint8Array[] = [];
    const got = runLinux(new Uint8Array(elf), { arch: "x86_64", ramSize: 256 << 20, onStdout: (b) => chunks.push(b.slice()) });
    expect(got.error).toBeUndefined();
    const ours = Buffer.concat(chunks);
    expect(ours.length).toBe(want.length);
    const failures: string[] = [];
    const names = ["rax", "rcx", "rdx", "flags"];
    for (let i = 0; i < cases.length && failures.length < 60; i++) {
      for (let r = 0; r < 4; r++) {
        const mask = r === 3 ? BigInt(STATUS) : (1n << 64n) - 1n;
        const q = want.readBigUInt64LE(i * 32 + r * 8) & mask, o = ours.readBigUInt64LE(i * 32 + r * 8) & mask;
        if (q !== o) {
          const k = cases[i];
          failures.push(`${k.asm.replace(/\n/g, "; ")} [a=0x${k.a.toString(16)} b=0x${k.b.toString(16)} c=0x${k.c.toString(16)} f=0x${k.f.toString(16)}]: ` +
            `${names[r]} qemu 0x${q.toString(16)} ours 0x${o.toString(16)}`);
        }
      }
    }
    expect(failures, failures.join("\n")).toEqual([]);
  }, 120_000);
});

function u64(v: bigint): string { return BigInt.asUintN(64, v).toString(16); }
