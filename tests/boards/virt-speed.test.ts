// How fast EL0 code runs in system mode (MMU on, the VMSA walker behind the
// TLB, the IRQ check per block, a timer interrupt every 100k ticks handled
// by a TypeScript kernel). Printed, not asserted: the machine is shared.

import { describe, expect, it } from "vitest";
import { userMachine } from "../arm64/system-kit";

describe("speed", () => {
  it("runs a user loop with periodic timer interrupts and reports instructions per second", () => {
    let irqs = 0;
    const PERIOD = 100_000n;
    const kit = userMachine(`
      1: add x0, x0, #1
         ldr x1, [sp, #-16]
         subs x2, x0, #3
         b.ne 1b
         b 1b
    `, {
      el0t_64_irq: (k) => {
        irqs++;
        const iar = k.read(0x0801000c, 4);
        k.sys.write("CNTV_CVAL_EL0", k.sys.read("CNTV_CVAL_EL0") + PERIOD);
        k.write(0x08010010, 4, iar);
        k.eret();
      },
    }, {
      extra: (k) => {
        k.write(0x08000000, 4, 1n); k.write(0x08000100, 4, 1n << 27n);
        k.write(0x08010004, 4, 0xf0n); k.write(0x08010000, 4, 1n);
        k.sys.write("CNTV_CVAL_EL0", PERIOD);
        k.sys.write("CNTV_CTL_EL0", 1n);
      },
    });
    const t0 = process.hrtime.bigint(), c0 = process.cpuUsage();
    const r = kit.m.run({ maxInstructions: 20_000_000 });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9, cpu = (process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1e6;
    expect(r.reason).toBe("budget");
    expect(irqs).toBeGreaterThan(190);
    console.log(`virt EL0 loop: ${r.retired} instructions, ${irqs} timer IRQs, ${(r.retired / wall / 1e6).toFixed(1)} M/s wall, ${(r.retired / cpu / 1e6).toFixed(1)} M/s per CPU second`);
  });
});
