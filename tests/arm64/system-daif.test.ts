// MSR DAIFSet/DAIFClr at EL0 (Arm ARM C5.2 / C6.2.195 and D17.2.37): with
// SCTLR_EL1.UMA = 0 they trap to EL1 with EC 0x18 and an ISS naming the
// PSTATE access (Op0 0, Op1 3, CRn 4, Rt 31, Op2 6 DAIFSet / 7 DAIFClr,
// CRm the immediate, Direction 0); with UMA = 1 EL0 may mask interrupts.
// SPSel and PAN accesses stay UNDEFINED at EL0 (EC 0x00).
import { describe, expect, it } from "vitest";
import { MINOS_EXIT, userMachine } from "./system-kit";
import type { Arm64KernelMode } from "../../machine/boards/arm64-kernel";

function run(code: string, uma: boolean): { esr: bigint; daif: bigint } {
  let esr = -1n, daif = -1n;
  const handler = (k: Arm64KernelMode) => {
    esr = k.trap.kind === "syscall" ? 0n : k.sys.read("ESR_EL1");
    daif = k.reg("pstate") & 0x3c0n;
    k.sys.hvc(MINOS_EXIT, 0n);
  };
  const kit = userMachine(code, { el0t_64_sync: handler }, {
    extra: (k) => { if (uma) k.sys.write("SCTLR_EL1", k.sys.read("SCTLR_EL1") | (1n << 9n)); },
  });
  const r = kit.m.run({ maxInstructions: 1000 });
  expect(r.reason).toBe("power-off");
  return { esr, daif };
}

describe("EL0 and PSTATE.DAIF", () => {
  it("MSR DAIFSet, #2 traps with EC 0x18 when SCTLR_EL1.UMA is 0", () => {
    const { esr } = run("msr daifset, #2\nsvc #0", false);
    expect(esr >> 26n).toBe(0x18n);
    expect(esr & 0x1ffffffn).toBe((6n << 17n) | (3n << 14n) | (4n << 10n) | (31n << 5n) | (2n << 1n));
  });

  it("MSR DAIFClr, #15 traps with Op2 7 and CRm 15", () => {
    const { esr } = run("msr daifclr, #15\nsvc #0", false);
    expect(esr & 0x1ffffffn).toBe((7n << 17n) | (3n << 14n) | (4n << 10n) | (31n << 5n) | (15n << 1n));
  });

  it("with SCTLR_EL1.UMA set, EL0 masks IRQs itself", () => {
    const { esr, daif } = run("msr daifset, #2\nsvc #0", true);
    expect(esr).toBe(0n);                 // reached the SVC
    expect(daif).toBe(0x80n);             // SPSR_EL1.I set by the EL0 write
  });

  it("MSR SPSel at EL0 is UNDEFINED (EC 0x00)", () => {
    const { esr } = run("msr spsel, #1\nsvc #0", true);
    expect(esr >> 26n).toBe(0n);
  });
});
