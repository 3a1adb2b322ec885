// End to end: gcc's AArch64 output, run at EL0 under a tiny TypeScript
// kernel on the virt board, prints what it prints under qemu-aarch64 and
// exits with the same status. The kernel loads the ELF's PT_LOAD segments
// into pages it maps itself (VMSAv8-64 tables in RAM), ERETs to the entry
// point, and serves two Linux system calls through its SVC vector: write
// (64: bytes go to the PL011's UARTDR while its FIFO has room, so a write
// may be short, as Linux allows) and exit / exit_group (93 / 94: PSCI
// MINOS_EXIT with the status).

import { describe, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { VirtMachine, KERNEL_WINDOW } from "../../machine/boards/virt";
import type { Arm64KernelMode } from "../../machine/boards/arm64-kernel";
import { readElf } from "../../toolchain/elf/read";
import { oracleIt } from "../oracles";
import { compile, inTempDir } from "../arm64/objdump";
import { Tables, ap, D, KWIN_VA, TCR, MAIR, MINOS_EXIT } from "../arm64/system-kit";

const PROGRAM = `
typedef unsigned long u64;
static long sys(long n, long a, long b, long c) {
  register long x8 __asm__("x8") = n, x0 __asm__("x0") = a, x1 __asm__("x1") = b, x2 __asm__("x2") = c;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}
static void out(const char *p, long n) { while (n > 0) { long k = sys(64, 1, (long)p, n); p += k; n -= k; } }
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
  sys(93, (int)(h & 0x7f), 0, 0);
}
`;

const GCC = "aarch64-linux-gnu-gcc", QEMU = "qemu-aarch64";
const UART = 0x09000000, FR_BUSY = 1 << 3, FR_TXFF = 1 << 5;

/** The tiny kernel: maps the ELF and a stack, then serves write and exit. */
function runOnVirt(elfBytes: Uint8Array): { out: string; status: number; error?: string } {
  const elf = readElf(elfBytes);
  const m = new VirtMachine({ ramSize: 16 << 20 });
  const out: number[] = [];
  m.uart.sink = (b) => out.push(b);
  const pageOf = new Map<bigint, number>();                   // user page VA -> physical frame
  let nextFrame = 0x40400000;
  const userPa = (va: bigint) => { const f = pageOf.get(va & ~0xfffn); return f === undefined ? -1 : f + Number(va & 0xfffn); };
  const sync = (k: Arm64KernelMode) => {
    if (k.trap.kind !== "syscall") throw new Error(`user fault: ${k.trap.kind} ${k.trap.detail} at ${k.reg("pc").toString(16)}`);
    const nr = k.reg("x8");
    if (nr === 93n || nr === 94n) {
      // Power-off loses what the UART has not sent yet, as on hardware: until UARTFR.BUSY
      // clears, run the exit SVC again (each entry costs handlerCost ticks, which drain it).
      if ((Number(k.read(UART + 0x18, 4)) & FR_BUSY) !== 0) { k.setReg("pc", k.reg("pc") - 4n); k.eret(); return; }
      k.sys.hvc(MINOS_EXIT, k.reg("x0"));
      return;
    }
    if (nr !== 64n) { k.setReg("x0", BigInt.asUintN(64, -38n)); k.eret(); return; }       // -ENOSYS
    let p = k.reg("x1"), n = Number(k.reg("x2")), done = 0;
    while (done < n && (Number(k.read(UART + 0x18, 4)) & FR_TXFF) === 0) {                // UARTFR.TXFF
      k.write(UART, 4, BigInt(k.read(userPa(p), 1)));
      p++; done++;
    }
    k.setReg("x0", BigInt(done));
    k.eret();
  };
  const vectors = m.vectorTable({ el0t_64_sync: sync });
  m.start((k) => {
    const t = new Tables(k);
    const r0 = t.page(), r1 = t.page();
    k.write(UART + 0x2c, 4, 0x70n);                                                       // UARTLCR_H: 8 bits, FIFOs on
    k.write(UART + 0x30, 4, 0x301n);                                                      // UARTCR: enable, TX, RX
    for (const ph of elf.programHeaders) {
      if (ph.type !== 1) continue;                                                        // PT_LOAD
      const exec = (ph.flags & 1) !== 0, write = (ph.flags & 2) !== 0;
      const attrs = (write ? ap(1) : ap(3)) | (exec ? 0n : D.UXN) | D.PXN | D.NG;
      for (let va = ph.vaddr & ~0xfffn; va < ph.vaddr + BigInt(ph.memsz); va += 4096n) {
        if (!pageOf.has(va)) {
          const pa = nextFrame; nextFrame += 4096;
          for (let i = 0; i < 4096; i += 8) k.write(pa + i, 8, 0n);
          pageOf.set(va, pa);
          t.map(r0, va, pa, attrs);
        }
      }
      for (let i = 0; i < ph.filesz; i++) k.write(userPa(ph.vaddr + BigInt(i)), 1, BigInt(elfBytes[ph.offset + i]));
    }
    const stackTop = 0x7ff0000n;
    for (let va = stackTop - 0x8000n; va < stackTop; va += 4096n) {
      const pa = nextFrame; nextFrame += 4096; pageOf.set(va, pa);
      t.map(r0, va, pa, ap(1) | D.UXN | D.PXN | D.NG);
    }
    for (let off = 0; off < KERNEL_WINDOW.size; off += 4096) t.map(r1, KWIN_VA + BigInt(off), KERNEL_WINDOW.base + off, ap(2) | D.UXN);
    k.sys.write("MAIR_EL1", MAIR);
    k.sys.write("TCR_EL1", TCR);
    k.sys.write("TTBR0_EL1", BigInt(r0) | (1n << 48n));
    k.sys.write("TTBR1_EL1", BigInt(r1));
    k.sys.write("VBAR_EL1", KWIN_VA + BigInt(vectors - KERNEL_WINDOW.base));
    k.sys.write("SCTLR_EL1", k.sys.read("SCTLR_EL1") | 1n | (1n << 4n));                  // M, SA0
    k.setReg("sp", stackTop - 256n);
    k.setReg("pc", elf.entry);
    k.setReg("pstate", 0n);
    k.eret();
  });
  const r = m.run({ maxInstructions: 50_000_000 });
  return { out: String.fromCharCode(...out), status: r.status, error: r.error ?? (r.reason === "power-off" ? undefined : r.reason) };
}

describe("gcc output on the virt board under a TypeScript kernel", () => {
  oracleIt([GCC, QEMU])("prints and exits exactly as under qemu-aarch64", () => {
    inTempDir((dir) => {
      const exe = compile(dir, PROGRAM, "-O2");
      const q = spawnSync(QEMU, [exe], { encoding: "utf8" });
      expect(q.stdout).toMatch(/^primes: 2 3 5 /);
      const ours = runOnVirt(new Uint8Array(readFileSync(exe)));
      expect(ours.error).toBeUndefined();
      expect(ours.out).toBe(q.stdout);
      expect(ours.status).toBe(q.status);
    });
  });
});
