// EL0 code in system mode (MMU on, the VMSA walker behind the TLB, the IRQ
// check per block) with a periodic timer interrupt every 100k ticks handled
// by a TypeScript kernel: the interrupts arrive on schedule in virtual time.
// (How fast this runs is `minos bench`'s business, not a test's.)

import { describe, expect, it } from "vitest";
import { userMachine } from "../arm64/system-kit";

describe("periodic timer interrupts", () => {
  it("a user loop is interrupted once every 100k ticks of virtual time (Arm ARM D11.2, the generic timer)", () => {
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
    const r = kit.m.run({ maxInstructions: 2_000_000 });
    expect(r.reason).toBe("budget");
    // Deadlines at 100k, 200k, ... 2M ticks; the handlers' own ticks only add to time.
    expect(irqs).toBe(20);
  });
});
