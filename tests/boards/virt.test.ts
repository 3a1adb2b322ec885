// The virt board: virtual time, interrupts through the GIC, WFI/idle time
// skipping, PSCI power-off and PL011 output, driven by a tiny TypeScript
// kernel (tests/arm64/system-kit.ts) over real page tables.
// References: Arm ARM (DDI 0487) D1.10 (exception entry, IRQ vectors at
// +0x480 from EL0 and +0x280 from EL1 with SP_EL1), D11.2 (generic timer:
// the condition CVAL <= count), D1.16 / "Wait for Interrupt" (WFI wakes on a
// pending interrupt even when PSTATE.I masks it; SCTLR_EL1.nTWI = 0 traps
// EL0's WFI with EC 0x01); GICv2 (IHI 0048B) 4.4.4 GICC_IAR, 4.4.5
// GICC_EOIR; PSCI (DEN0022D) 5.1.9 SYSTEM_OFF; PL011 TRM 3.3.1 UARTDR.

import { describe, expect, it } from "vitest";
import { ap, D, exitOnSvc0, PA, userMachine, USER_CODE, MINOS_EXIT, PSCI_SYSTEM_OFF } from "../arm64/system-kit";
import { KERNEL_WINDOW, VirtMachine } from "../../machine/boards/virt";
import type { Arm64KernelMode } from "../../machine/boards/arm64-kernel";

const GICD = 0x08000000, GICC = 0x08010000, UART = 0x09000000;
const VTIMER = 27;

/** Distributor and CPU interface on, INTID `id` enabled, priority mask open. */
function gicOn(k: Arm64KernelMode, id: number): void {
  k.write(GICD + 0x000, 4, 1n);                                   // GICD_CTLR.Enable
  k.write(GICD + 0x100 + 4 * (id >> 5), 4, BigInt(1 << (id & 31)) & 0xffffffffn); // GICD_ISENABLERn
  k.write(GICD + 0x400 + id, 1, 0x80n);                           // GICD_IPRIORITYRn byte
  k.write(GICC + 0x004, 4, 0xf0n);                                // GICC_PMR
  k.write(GICC + 0x000, 4, 1n);                                   // GICC_CTLR.Enable
}

describe("timer interrupts at the exact virtual time", () => {
  it("the virtual timer's IRQ arrives through the GIC when the count reaches CVAL; the handler reads GICC_IAR = 27 and writes EOIR", () => {
    const seen: Record<string, bigint | number> = {};
    const kit = userMachine(`
      1: add x0, x0, #1
         b 1b
    `, {
      el0t_64_irq: (k) => {
        seen.now = k.now();
        seen.cntvct = k.sys.read("CNTVCT_EL0");
        seen.elr = k.reg("pc");
        seen.spsr = k.reg("pstate");
        seen.x0 = k.reg("x0");
        seen.isr = k.sys.read("ISR_EL1");
        const iar = k.read(GICC + 0x00c, 4);                      // GICC_IAR: acknowledge
        seen.iar = iar;
        k.sys.write("CNTV_CTL_EL0", 0n);                          // the level drops
        k.write(GICC + 0x010, 4, iar);                            // GICC_EOIR
        seen.pending = k.sys.read("ISR_EL1");
        k.sys.hvc(MINOS_EXIT, iar);
      },
    }, {
      extra: (k) => {
        gicOn(k, VTIMER);
        k.sys.write("CNTV_CVAL_EL0", 1001n);
        k.sys.write("CNTV_CTL_EL0", 1n);                          // ENABLE, not masked
      },
    });
    const r = kit.m.run({ maxInstructions: 100_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(VTIMER);
    // main ran at time 0 and was charged handlerCost (100) ticks; user code then retired
    // 901 instructions before the count reached 1001, so the IRQ is taken before instruction 901.
    expect(kit.m.handlerCost).toBe(100);
    expect(seen).toEqual({
      now: 1001, cntvct: 1001n, elr: BigInt(USER_CODE + 4), spsr: 0n, x0: 451n, isr: 0x80n, iar: BigInt(VTIMER), pending: 0n,
    });
  });

  it("WFI at EL0 (SCTLR_EL1.nTWI = 1) with IRQs masked sleeps until the timer fires, skipping virtual time, and then runs on", () => {
    let end: { now: number; retired: number } | null = null;
    const kit = userMachine(`
      wfi
      mov x0, #7
      svc #0
    `, {
      el0t_64_sync: (k) => { end = { now: k.now(), retired: kit.m.cpu.retired }; exitOnSvc0(k); },
    }, {
      spsr: 0x80n,                                                  // EL0t with PSTATE.I = 1
      extra: (k) => {
        gicOn(k, VTIMER);
        k.sys.write("SCTLR_EL1", k.sys.read("SCTLR_EL1") | (1n << 16n));
        k.sys.write("CNTV_CVAL_EL0", 50_000n);
        k.sys.write("CNTV_CTL_EL0", 1n);
      },
    });
    const r = kit.m.run({ maxInstructions: 1000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(7);
    expect(end).toEqual({ now: 50_000 + 2, retired: 3 });
  });

  it("a trapped EL0 WFI (EC 0x01) lets the kernel idle(); the IRQ is taken from EL1 at +0x280 at the deadline, and the kernel returns to EL0", () => {
    const log: unknown[] = [];
    let userPc = 0n;
    const kit = userMachine(`
      wfi
      mov x0, #5
      svc #0
    `, {
      el0t_64_sync: (k) => {
        if (exitOnSvc0(k)) return;
        log.push(["sync", k.sys.read("ESR_EL1"), k.now()]);
        userPc = k.reg("pc") + 4n;
        k.idle();
      },
      el1h_64_irq: (k) => {
        log.push(["irq", k.now(), k.reg("pstate"), k.reg("pc") - (0xffff000000000000n + BigInt(KERNEL_WINDOW.base))]);
        const iar = k.read(GICC + 0x00c, 4);
        k.sys.write("CNTV_CTL_EL0", 0n);
        k.write(GICC + 0x010, 4, iar);
        k.setReg("pc", userPc);
        k.setReg("pstate", 0n);
        k.eret();
      },
    }, {
      extra: (k) => {
        gicOn(k, VTIMER);
        k.sys.write("CNTV_CVAL_EL0", 20_000n);
        k.sys.write("CNTV_CTL_EL0", 1n);
      },
    });
    const r = kit.m.run({ maxInstructions: 1000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(5);
    // ESR: EC 0x01 | IL | CV | COND 0b1110 | TI 0 (WFI). SPSR at the IRQ: EL1h (0b0101), D, A, F masked, I clear.
    // ELR is the window's idle entry (the first one the board registers, at the window's base).
    expect(log).toEqual([["sync", 0x07e00000n, 100], ["irq", 20_000, 0x345n, 0n]]);
  });
});

describe("the idle loop", () => {
  it("an IRQ handler that ERETs to ELR (the idle entry) idles again; the next IRQ comes at its own deadline", () => {
    const log: unknown[] = [];
    let n = 0;
    const kit = userMachine(`svc #1\nmov x0, #8\nsvc #0`, {
      el0t_64_sync: (k) => {
        if (exitOnSvc0(k)) return;
        k.sys.write("TPIDR_EL1", k.reg("pc"));                    // the thread's return address, kept in a system register
        k.idle();
      },
      el1h_64_irq: (k) => {
        n++;
        log.push([n, k.now(), k.reg("pc") - (0xffff000000000000n + BigInt(KERNEL_WINDOW.base))]);
        const iar = k.read(GICC + 0x00c, 4);
        k.sys.write("CNTV_CVAL_EL0", k.sys.read("CNTV_CVAL_EL0") + 5000n);
        k.write(GICC + 0x010, 4, iar);
        if (n === 2) { k.setReg("pc", k.sys.read("TPIDR_EL1")); k.setReg("pstate", 0n); }
        k.eret();                                                   // n = 1: back to the idle entry
      },
    }, {
      extra: (k) => {
        gicOn(k, VTIMER);
        k.sys.write("CNTV_CVAL_EL0", 3000n);
        k.sys.write("CNTV_CTL_EL0", 1n);
      },
    });
    const r = kit.m.run({ maxInstructions: 1000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(8);
    expect(log).toEqual([[1, 3000, 0n], [2, 8000, 0n]]);
  });
});

describe("interrupt masking", () => {
  it("an IRQ already pending when the kernel ERETs with PSTATE.I = 0 is taken before the first user instruction", () => {
    const seen: unknown[] = [];
    const kit = userMachine(`mov x0, #1\nsvc #0`, {
      el0t_64_irq: (k) => {
        seen.push(k.reg("pc"), kit.m.cpu.retired, k.read(GICC + 0x00c, 4));
        k.sys.hvc(MINOS_EXIT, 0n);
      },
    }, {
      extra: (k) => {
        gicOn(k, VTIMER);
        k.sys.write("CNTV_CVAL_EL0", 0n);                         // the condition already holds
        k.sys.write("CNTV_CTL_EL0", 1n);
        expect(k.sys.read("ISR_EL1")).toBe(0x80n);                 // pending, masked at EL1 (DAIF.I)
      },
    });
    kit.m.run({ maxInstructions: 100 });
    expect(seen).toEqual([BigInt(USER_CODE), 0, BigInt(VTIMER)]);
  });

  it("a PL011 receive interrupt (SPI 1 = INTID 33) reaches the kernel, which reads the byte from UARTDR", () => {
    const seen: unknown[] = [];
    const kit = userMachine(`1: b 1b`, {
      el0t_64_irq: (k) => {
        const iar = k.read(GICC + 0x00c, 4);
        seen.push(iar, k.read(UART + 0x040, 4), k.read(UART, 4) & 0xffn); // UARTMIS (RXMIS, bit 4), UARTDR
        k.write(GICC + 0x010, 4, iar);
        k.sys.hvc(MINOS_EXIT, 0n);
      },
    }, {
      extra: (k) => {
        gicOn(k, 33);
        k.write(UART + 0x2c, 4, 0x60n);                           // UARTLCR_H: 8 bits, FIFOs off (interrupt per byte)
        k.write(UART + 0x38, 4, 0x10n);                           // UARTIMSC.RXIM
        k.write(UART + 0x30, 4, 0x301n);                          // UARTCR: UARTEN | TXE | RXE
      },
    });
    kit.m.uart.input("x");
    const r = kit.m.run({ maxInstructions: 10_000 });
    expect(r.error).toBeUndefined();
    expect(seen).toEqual([33n, 0x10n, 0x78n]);
  });
});

describe("power and console", () => {
  it("PSCI SYSTEM_OFF from the kernel (HVC) ends the run with status 0", () => {
    const kit = userMachine(`svc #0`, { el0t_64_sync: (k) => { k.sys.hvc(PSCI_SYSTEM_OFF); } });
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r).toMatchObject({ reason: "power-off", status: 0 });
    expect(kit.m.power.reason).toBe("PSCI SYSTEM_OFF");
  });

  it("HVC #0 executed as EL1 machine code calls PSCI: MINOS_EXIT powers off with x1's status", () => {
    const kit = userMachine(`
      movz x0, #0x8200, lsl #16
      movk x0, #1
      mov x1, #42
      hvc #0
      b .
    `, {}, {
      spsr: 0x3c5n, pc: 0x410000n,                                  // ERET to EL1h, DAIF masked
      // EL1 runs the code through a second mapping EL0 cannot write (AP = 10), PXN = 0.
      extra: (_k, t, kit) => { t.map(kit.roots.ttbr0, 0x410000n, PA.code, ap(2) | D.UXN); },
    });
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r).toMatchObject({ reason: "power-off", status: 42, retired: 4 });
  });

  it("EL1 fetching from a PXN page takes an instruction abort (EC 0x21); without a handler the run ends naming the vector and syndrome", () => {
    const kit = userMachine(`b .`, {}, { spsr: 0x3c5n });           // USER_CODE is PXN
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r.reason).toBe("error");
    expect(r.error).toMatch(/vector el1h_64_sync: ESR_EL1 0x8600000f \(page-fault, permission fault, level 3\), ELR_EL1 0x400000, FAR_EL1 0x400000/);
  });

  it("bytes the kernel writes to UARTDR reach the console sink one frame time later", () => {
    const kit = userMachine(`
      mov x0, #72
      svc #2
      mov x0, #105
      svc #2
      mov x0, #0
      svc #0
    `, {
      el0t_64_sync: (k) => {
        if (exitOnSvc0(k)) return;
        k.write(UART, 4, k.reg("x0"));                            // UARTDR
        k.eret();
      },
    }, { extra: (k) => k.write(UART + 0x30, 4, 0x301n) });        // UARTCR: UARTEN | TXE | RXE
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r.error).toBeUndefined();
    expect(String.fromCharCode(...kit.out)).toBe("Hi");
  });

  it("a WFI with nothing to wake it ends the run with a clear error, not a hang", () => {
    const m = new VirtMachine({ ramSize: 1 << 20 });
    m.start((k) => k.idle());
    const r = m.run({ maxInstructions: 100 });
    expect(r.reason).toBe("error");
    expect(r.error).toMatch(/sleep forever/);
  });
});
