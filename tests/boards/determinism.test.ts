// Determinism: the same machine, program and inputs give the same run,
// event for event. Each board runs a workload with every trace category
// listening (instructions, traps, interrupts, MMU/TLB, device I/O), twice on
// fresh machines; a hash over every event must agree, and so must the counts.
// This is what reverse stepping and reproducible grading stand on.
import { describe, expect, it } from "vitest";
import { fnv64 } from "../../machine/core/hash";
import { TRACE_NAMES, type TraceEvent } from "../../machine/core/trace";
import type { PhysMem } from "../../machine/core/physmem";
import { exitOnSvc0, userMachine } from "../arm64/system-kit";
import { asm, boot } from "../x86_64/system-kit";

interface Recording { hash: string; counts: Record<string, number>; retired: number; ticks: number; out: string }

function record(mem: PhysMem, run: () => { retired: number; ticks: number }, out: () => string): Recording {
  const h = fnv64();
  const counts: Record<string, number> = Object.fromEntries(TRACE_NAMES.map((n) => [n, 0]));
  const unsubscribe = mem.tracer.subscribe(["insn", "trap", "irq", "mmu", "io"], (e: TraceEvent) => {
    counts[TRACE_NAMES[e.cat]]++;
    h.value([e.seq, e.cat, e.kind, e.a, e.b, e.c, e.d, e.name]);
  });
  const r = run();
  unsubscribe();
  return { hash: h.digest(), counts, retired: r.retired, ticks: r.ticks, out: out() };
}

describe("deterministic runs (every event hashed)", () => {
  it("virt (AArch64): a user loop with SVCs, UART output and timer interrupts, twice", () => {
    const once = (): Recording => {
      const PERIOD = 5_000n;
      const kit = userMachine(`
            mov x3, #0
        1:  add x3, x3, #1
            mov x0, #1
            mov x8, #64
            svc #1
            cmp x3, #300
            b.ne 1b
            mov x0, #7
            svc #0
      `, {
        el0t_64_sync: (k) => {
          if (exitOnSvc0(k)) return;
          k.write(0x09000000, 1, 0x30n + (k.reg("x3") % 10n));        // a digit to the PL011
          k.eret();
        },
        el0t_64_irq: (k) => {
          const iar = k.read(0x0801000c, 4);
          k.sys.write("CNTV_CVAL_EL0", k.sys.read("CNTV_CVAL_EL0") + PERIOD);
          k.write(0x08010010, 4, iar);
          k.eret();
        },
      }, {
        extra: (k) => {
          k.write(0x08000000, 4, 1n); k.write(0x08000100, 4, 1n << 27n);
          k.write(0x08010004, 4, 0xf0n); k.write(0x08010000, 4, 1n);
          k.write(0x09000030, 4, 0x301n);                              // PL011: UARTEN, TXE
          k.sys.write("CNTV_CVAL_EL0", PERIOD);
          k.sys.write("CNTV_CTL_EL0", 1n);
        },
      });
      return record(kit.m.mem, () => kit.m.run({ maxInstructions: 1_000_000 }), () => String.fromCharCode(...kit.out));
    };
    const a = once(), b = once();
    expect(a.out).toMatch(/^(1234567890){30}$/);
    for (const cat of TRACE_NAMES) expect(a.counts[cat], `${cat} events`).toBeGreaterThan(0);
    expect(a.counts.trap).toBeGreaterThanOrEqual(2 * 301);                // each SVC in and out
    expect(b).toEqual(a);
  });

  it("PC (x86_64): a user loop with SYSCALLs and 16550 output, twice", () => {
    const once = (): Recording => {
      const code = asm(`
            xor ebx, ebx
        1:  inc ebx
            mov eax, 1
            syscall
            cmp ebx, 300
            jne 1b
            mov eax, 60
            mov edi, 5
            syscall
      `);
      const kit = boot(code, {
        onSyscall: (k) => {
          if (k.reg("rax") === 60n) { k.sys.outPort(0x501, 1, Number(k.reg("rdi"))); return; }  // the exit port
          k.sys.outPort(0x3f8, 1, 0x30 + Number(k.reg("rbx") % 10n));                         // a digit to COM1
          k.eret();
        },
      });
      return record(kit.m.mem, () => kit.m.run({ maxInstructions: 1_000_000 }), () => String.fromCharCode(...kit.out));
    };
    const a = once(), b = once();
    expect(a.out).toMatch(/^(1234567890){30}$/);
    for (const cat of ["insn", "trap", "mmu", "io"]) expect(a.counts[cat], `${cat} events`).toBeGreaterThan(0);
    expect(a.counts.trap).toBeGreaterThanOrEqual(2 * 300);
    expect(b).toEqual(a);
  });
});
