// End to end: gcc's x86_64 output, run at CPL 3 under a tiny TypeScript
// kernel on the PC board, prints what it prints under qemu-x86_64 and exits
// with the same status. The kernel (tests/x86_64/system-kit.ts plus the
// loader below) maps the ELF's PT_LOAD segments into pages of its own 4-level
// tables, IRETQs to the entry point, and serves two Linux system calls through
// LSTAR: write (1: bytes go to the 16550's THR while LSR.THRE says it is
// empty, so a write may be short, as Linux allows) and exit / exit_group
// (60 / 231: the debug exit port, once the UART's LSR.TEMT says all is sent).

import { describe, expect } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readElf } from "../../toolchain/elf/read";
import { oracleIt } from "../oracles";
import { boot, RW, US, XD, type Kit } from "../x86_64/system-kit";
import type { X86KernelMode } from "../../machine/boards/x86_64-kernel";

const PROGRAM = `
typedef unsigned long u64;
static long sys(long n, long a, long b, long c) {
  long r;
  __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
  return r;
}
static void out(const char *p, long n) { while (n > 0) { long k = sys(1, 1, (long)p, n); p += k; n -= k; } }
static char buf[4096]; static int len;
static void put(const char *s) { while (*s) buf[len++] = *s++; }
static void num(u64 v) { char t[24]; int i = 0; do t[i++] = '0' + v % 10; while (v /= 10); while (i) buf[len++] = t[--i]; }
u64 table[64];
void _start(void) {
  put("primes:");
  for (u64 n = 2, found = 0; found < 40; n++) {
    int p = 1;
    for (u64 d = 2; d * d <= n; d++) if (n % d == 0) { p = 0; break; }
    if (p) { put(" "); num(n); table[found++] = n; }
  }
  u64 h = 1469598103934665603UL;
  for (int i = 0; i < 64; i++) h = (h ^ table[i]) * 1099511628211UL;
  put("\\nhash: "); num(h); put("\\n");
  out(buf, len);
  sys(60, (int)(h & 0x7f), 0, 0);
  for (;;) ;
}
`;

const COM1 = 0x3f8, LSR = COM1 + 5, THRE = 0x20, TEMT = 0x40;
const FRAMES = 0x400000;

function runOnPc(elfBytes: Uint8Array): { out: string; status: number; error?: string } {
  const elf = readElf(elfBytes);
  const pageOf = new Map<bigint, number>();
  let next = FRAMES;
  const userPa = (va: bigint): number => { const f = pageOf.get(va & ~0xfffn); if (f === undefined) throw new Error(`user address 0x${va.toString(16)} not mapped`); return f + Number(va & 0xfffn); };
  const stackTop = 0x7ff0000n;
  let kit: Kit | null = null;
  const onSyscall = (k: X86KernelMode): void => {
    const nr = k.reg("rax");
    if (nr === 60n || nr === 231n) {
      // Powering off loses what the UART has not sent: until LSR.TEMT, run the SYSCALL again
      // (each entry costs handlerCost ticks, which drain the transmitter).
      if ((k.sys.inPort(LSR, 1) & TEMT) === 0) { k.setReg("rip", k.reg("rip") - 2n); k.eret(); return; }
      k.sys.outPort(0x501, 1, Number(k.reg("rdi") & 0xffn));
      return;
    }
    if (nr !== 1n) { k.setReg("rax", BigInt.asUintN(64, -38n)); k.eret(); return; }     // -ENOSYS
    let p = k.reg("rsi"), done = 0;
    const n = Number(k.reg("rdx"));
    while (done < n && (k.sys.inPort(LSR, 1) & THRE) !== 0) {
      k.sys.outPort(COM1, 1, Number(k.read(userPa(p), 1)));
      p++; done++;
    }
    k.setReg("rax", BigInt(done));
    k.eret();
  };
  kit = boot(new Uint8Array([0x0f, 0x0b]), {
    entry: elf.entry, userRsp: stackTop - 256n, onSyscall,
    onTrap: (k) => { throw new Error(`user fault: ${k.trap.kind} ${k.trap.detail} vector ${k.trap.vector} at 0x${k.reg("rip").toString(16)}`); },
    setup: (k, kt) => {
      const t = kt.tables!;
      for (const ph of elf.programHeaders) {
        if (ph.type !== 1) continue;                                                    // PT_LOAD
        const exec = (ph.flags & 1) !== 0, write = (ph.flags & 2) !== 0;
        const flags = US | (write ? RW : 0n) | (exec ? 0n : XD);
        for (let va = ph.vaddr & ~0xfffn; va < ph.vaddr + BigInt(ph.memsz); va += 4096n) {
          if (!pageOf.has(va)) {
            const pa = next; next += 4096;
            for (let i = 0; i < 4096; i += 8) k.write(pa + i, 8, 0n);
            pageOf.set(va, pa);
            t.map(kt.root, va, pa, flags);
          }
        }
        for (let i = 0; i < ph.filesz; i++) k.write(userPa(ph.vaddr + BigInt(i)), 1, BigInt(elfBytes[ph.offset + i]));
      }
      for (let va = stackTop - 0x8000n; va < stackTop; va += 4096n) {
        const pa = next; next += 4096; pageOf.set(va, pa);
        t.map(kt.root, va, pa, US | RW | XD);
      }
    },
  });
  const r = kit.m.run({ maxInstructions: 50_000_000 });
  return { out: String.fromCharCode(...kit.out), status: r.status, error: r.error ?? (r.reason === "power-off" ? undefined : r.reason) };
}

describe("gcc output on the PC board under a TypeScript kernel", () => {
  oracleIt(["gcc", "qemu-x86_64"])("prints and exits exactly as under qemu-x86_64", () => {
    const dir = mkdtempSync(join(tmpdir(), "minos-pc-elf-"));
    writeFileSync(join(dir, "p.c"), PROGRAM);
    const exe = join(dir, "p");
    execFileSync("gcc", ["-O2", "-ffreestanding", "-nostdlib", "-static", "-fno-pie", "-no-pie", "-mgeneral-regs-only",
      "-fno-asynchronous-unwind-tables", "-o", exe, join(dir, "p.c")]);
    const q = spawnSync("qemu-x86_64", [exe], { encoding: "utf8" });
    expect(q.stdout).toMatch(/^primes: 2 3 5 /);
    const ours = runOnPc(new Uint8Array(readFileSync(exe)));
    expect(ours.error).toBeUndefined();
    expect(ours.out).toBe(q.stdout);
    expect(ours.status).toBe(q.status);
  });
});
