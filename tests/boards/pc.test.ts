// The PC board: LAPIC timer interrupts at the exact virtual time through the
// IDT (SDM Vol. 3A 10.5.4 "APIC Timer", 6.14), HLT skipping time to the next
// event, the TSC-deadline mode, the power and exit ports, 16550 output, and
// snapshots that replay identically.

import { describe, expect, it } from "vitest";
import { asm, boot, text } from "../x86_64/system-kit";
import type { X86KernelMode } from "../../machine/boards/x86_64-kernel";
import { MachineSnapshots, hashMachine } from "../../machine/core/snapshot";

const LAPIC = 0xfee00000;
const SVR = 0xf0, EOI = 0xb0, LVT_TIMER = 0x320, TIMER_INIT = 0x380, TIMER_DIV = 0x3e0;
const apic = (k: X86KernelMode, reg: number, v: number): void => k.write(LAPIC + reg, 4, BigInt(v));
const SPIN = "1:\n inc rax\n jmp 1b\n";

/** Program the one-shot LAPIC timer (divide by 1) to raise `vector` after `count` ticks. */
function armTimer(k: X86KernelMode, vector: number, count: number): void {
  apic(k, SVR, 0x1ff);                 // APIC software enable, spurious vector 0xFF
  apic(k, TIMER_DIV, 0xb);             // divide by 1 (10.5.4, Figure 10-10)
  apic(k, LVT_TIMER, vector);          // one-shot, unmasked
  apic(k, TIMER_INIT, count);
}

describe("PC board: LAPIC timer and virtual time", () => {
  it("the timer interrupt arrives through the IDT at exactly start + count ticks, with IF=1 in the frame", () => {
    let armedAt = -1;
    const seen: Record<string, unknown>[] = [];
    const kit = boot(asm(SPIN), {
      setup: (k) => { armedAt = k.now(); armTimer(k, 0x40, 5000); },
      onTrap: (k) => {
        seen.push({ kind: k.trap.kind, vector: k.trap.vector, now: k.now(), fromUser: k.trap.fromUser, flags: k.reg("rflags") & 0x200n });
        apic(k, EOI, 0);
        k.sys.outPort(0x501, 1, 7);
      },
    });
    const r = kit.m.run({ maxInstructions: 100000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(7);
    expect(seen).toEqual([{ kind: "irq", vector: 0x40, now: armedAt + 5000, fromUser: true, flags: 0x200n }]);
    // Every tick between the arming and the interrupt was a retired user instruction, except the main handler's cost
    // (charged as idle ticks after it returned).
    expect(armedAt).toBe(0);
    expect(kit.m.cpu.retired).toBe(5000 - kit.m.handlerCost);
    expect(Number(kit.m.cpu.getReg(0))).toBe((5000 - kit.m.handlerCost) / 2);
  });

  it("HLT (the handler's idle) skips virtual time straight to the timer's deadline", () => {
    let armedAt = -1, retiredAtIdle = -1;
    const seen: number[] = [];
    const kit = boot(asm("syscall\nud2\n"), {
      onSyscall: (k) => { armedAt = k.now(); armTimer(k, 0x41, 1_000_000); retiredAtIdle = kit.m.cpu.retired; k.idle(); },
      onTrap: (k) => { seen.push(k.trap.vector, k.now()); expect(k.trap.fromUser).toBe(false); apic(k, EOI, 0); k.sys.outPort(0x501, 1, 0); },
    });
    const r = kit.m.run({ maxInstructions: 100000 });
    expect(r.error).toBeUndefined();
    expect(seen).toEqual([0x41, armedAt + 1_000_000]);
    expect(kit.m.cpu.retired).toBe(retiredAtIdle);     // nothing ran while halted
  });

  it("TSC-deadline mode: WRMSR IA32_TSC_DEADLINE arms the timer for an absolute time (10.5.4.1)", () => {
    let deadline = 0;
    const seen: number[] = [];
    const kit = boot(asm(SPIN), {
      setup: (k) => {
        apic(k, SVR, 0x1ff);
        apic(k, LVT_TIMER, 0x42 | (2 << 17));
        deadline = k.now() + 3000;
        k.sys.wrmsr(0x6e0, BigInt(deadline));
      },
      onTrap: (k) => { seen.push(k.trap.vector, k.now()); k.sys.outPort(0x501, 1, 0); },
    });
    kit.m.run({ maxInstructions: 100000 });
    expect(seen).toEqual([0x42, deadline]);
  });

  it("RFLAGS.IF = 0 holds a pending timer interrupt off; it is taken right after SYSRETQ sets IF (SDM 6.8.1)", () => {
    const code = asm("mov ecx, 10000\n1:\n dec ecx\n jnz 1b\n syscall\n2:\n inc rax\n jmp 2b\n");
    let sysAt = -1, after = 0n;
    const seen: unknown[] = [];
    const kit = boot(code, {
      rflags: 0x2n,
      setup: (k) => armTimer(k, 0x40, 1000),
      onSyscall: (k) => { sysAt = k.now(); after = k.reg("rip"); k.setReg("rflags", k.reg("rflags") | 0x200n); k.eret(); },
      onTrap: (k) => { seen.push(k.trap.vector, k.now(), k.reg("rip")); apic(k, EOI, 0); k.sys.outPort(0x501, 1, 0); },
    });
    const r = kit.m.run({ maxInstructions: 100000 });
    expect(r.error).toBeUndefined();
    expect(sysAt).toBe(kit.m.handlerCost + 2 + 2 * 10000);    // mov, 10000 x (dec, jnz), syscall
    expect(seen).toEqual([0x40, sysAt + kit.m.handlerCost, after]);
  });

  it("RDTSC reads virtual time: retired instructions plus skipped ticks (here the main handler's cost)", () => {
    const seen: bigint[] = [];
    const kit = boot(asm("rdtsc\nshl rdx, 32\nor rax, rdx\nmov rdi, rax\nsyscall\n"), {
      onSyscall: (k) => { seen.push(k.reg("rdi"), BigInt(k.now())); k.sys.outPort(0x501, 1, 0); },
    });
    kit.m.run({ maxInstructions: 1000 });
    expect(seen).toEqual([BigInt(kit.m.handlerCost), BigInt(kit.m.handlerCost + 5)]);
  });

  it("a halted CPU with nothing pending is reported, not hung", () => {
    const kit = boot(asm("syscall\n"), { onSyscall: (k) => k.idle() });
    const r = kit.m.run({ maxInstructions: 1000 });
    expect(r.reason).toBe("error");
    expect(r.error).toMatch(/sleep forever/);
  });
});

describe("PC board: ports", () => {
  it("ACPI PM1a_CNT: SLP_TYP=0 with SLP_EN powers off with status 0; the exit port with its status", () => {
    const off = boot(asm("syscall\n"), { onSyscall: (k) => k.sys.outPort(0x604, 2, 1 << 13) });
    expect(off.m.run({ maxInstructions: 1000 })).toMatchObject({ reason: "power-off", status: 0 });
    const ex = boot(asm("syscall\n"), { onSyscall: (k) => k.sys.outPort(0x501, 1, 0x2a) });
    expect(ex.m.run({ maxInstructions: 1000 })).toMatchObject({ reason: "power-off", status: 42 });
  });

  it("16550 output reaches the console sink; IN from CPL 0 reads LSR", () => {
    const lsr: number[] = [];
    const kit = boot(asm("mov edi, 0x68\nsyscall\nmov edi, 0x69\nsyscall\nmov edi, 10\nsyscall\nmov edi, -1\nsyscall\n"), {
      onSyscall: (k) => {
        const c = Number(k.reg("rdi") & 0xffffffffn);
        if (c === 0xffffffff) { k.sys.outPort(0x501, 1, 0); return; }
        lsr.push(k.sys.inPort(0x3fd, 1) & 0x20);    // THRE (16550 LSR bit 5)
        k.sys.outPort(0x3f8, 1, c);
        k.eret();
      },
    });
    const r = kit.m.run({ maxInstructions: 10000 });
    expect(r.error).toBeUndefined();
    expect(text(kit)).toBe("hi\n");
    expect(lsr).toEqual([0x20, 0x20, 0x20]);
  });
});

describe("PC board: the 16550's interrupt through the IOAPIC", () => {
  /** Route IOAPIC pin 4 to `vector` (82093AA datasheet: IOREDTBL4 at index 0x18; edge, fixed, physical, unmasked). */
  const route = (k: X86KernelMode, vector: number): void => {
    k.write(0xfec00000, 4, 0x18n); k.write(0xfec00010, 4, BigInt(vector));
    k.write(0xfec00000, 4, 0x19n); k.write(0xfec00010, 4, 0n);
  };
  for (const out2 of [true, false]) {
    it(`THRE interrupt (IER bit 1) reaches the CPU as the IOAPIC's vector ${out2 ? "with" : "only with"} MCR.OUT2${out2 ? "" : " (here clear: nothing)"}`, () => {
      const seen: unknown[] = [];
      const kit = boot(asm("mov ecx, 100\n1:\n dec ecx\n jnz 1b\n syscall\n"), {
        setup: (k) => {
          apic(k, SVR, 0x1ff);
          route(k, 0x24);
          k.sys.outPort(0x3fc, 1, out2 ? 0x08 : 0);      // MCR.OUT2 gates the IRQ onto the ISA line
          k.sys.outPort(0x3f9, 1, 0x02);                  // IER: transmitter holding register empty
        },
        onTrap: (k) => { seen.push("irq", k.trap.vector, k.reg("rip") === 0x400000n, k.sys.inPort(0x3fa, 1) & 0x0f); apic(k, EOI, 0); k.sys.outPort(0x501, 1, 0); },
        onSyscall: (k) => { seen.push("syscall"); k.sys.outPort(0x501, 1, 0); },
      });
      expect(kit.m.run({ maxInstructions: 10000 }).error).toBeUndefined();
      expect(seen).toEqual(out2 ? ["irq", 0x24, true, 0x02] : ["syscall"]);   // IIR = 0x02: THR empty
    });
  }
});

describe("PC board: snapshots", () => {
  it("restoring mid-run replays identically (same machine hash at the end)", () => {
    const build = () => boot(asm(SPIN), {
      setup: (k) => armTimer(k, 0x40, 20000),
      onTrap: (k) => { apic(k, EOI, 0); armTimer(k, 0x40, 20000); k.eret(); },
    });
    const kit = build();
    kit.m.run({ maxInstructions: 30000 });              // one interrupt taken
    const parts = kit.m.snapshotParts();
    const snaps = new MachineSnapshots(parts);
    const snap = snaps.take();
    kit.m.run({ maxInstructions: 50000 });
    const h1 = hashMachine(parts);
    const regs1 = kit.m.cpu.save();
    snaps.restore(snap);
    kit.m.run({ maxInstructions: 50000 });
    expect(hashMachine(parts)).toEqual(h1);
    expect(kit.m.cpu.save()).toEqual(regs1);
  });
});
