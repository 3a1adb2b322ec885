// Power-off and reset: ACPI PM1a_CNT (ACPI 6.4, 4.8.3.2.1, Table 4.13),
// the exit port, and PSCI 0.2 (Arm DEN0022D, 5.1 function IDs, 5.1.1
// PSCI_VERSION, 5.10 SYSTEM_OFF, 5.11 SYSTEM_RESET).
import { describe, expect, it } from "vitest";
import { PortBus } from "../../machine/devices/portbus";
import { ExitPort, Pm1aControl, PowerState, Psci, PM1A_CNT_PORT, EXIT_PORT } from "../../machine/devices/power";

function pc() {
  const power = new PowerState();
  const bus = new PortBus();
  bus.map(PM1A_CNT_PORT, 2, new Pm1aControl(power));
  bus.map(EXIT_PORT, 1, new ExitPort(power));
  return { power, bus };
}

describe("x86_64 power ports", () => {
  it("PM1a_CNT at 0x604: SLP_TYPa=0 (QEMU's \\_S5) with SLP_EN (bit 13) powers off with status 0", () => {
    const { power, bus } = pc();
    expect(bus.read(0x604, 2) & 1).toBe(1);           // SCI_EN: ACPI mode
    bus.write(0x604, 2, 0 << 10);                     // SLP_TYP without SLP_EN: nothing
    expect(power.off).toBe(false);
    bus.write(0x604, 2, (0 << 10) | (1 << 13));
    expect(power.off).toBe(true);
    expect(power.status).toBe(0);
    expect(power.reason).toMatch(/S5/);
  });

  it("SLP_TYPa=7 (ICH9's S5 encoding) also powers off; S1-S4 types are ignored; SLP_EN reads 0", () => {
    const a = pc();
    a.bus.write(0x604, 2, (7 << 10) | (1 << 13));
    expect(a.power.off).toBe(true);
    const b = pc();
    b.bus.write(0x604, 2, (5 << 10) | (1 << 13));
    expect(b.power.off).toBe(false);
    expect(b.bus.read(0x604, 2)).toBe((5 << 10) | 1);
  });

  it("the exit port at 0x501 powers off with the written status", () => {
    const { power, bus } = pc();
    let calls = 0;
    power.onChange = () => calls++;
    bus.write(0x501, 1, 42);
    expect([power.off, power.status, calls]).toEqual([true, 42, 1]);
    power.clear();
    bus.write(0x501, 4, 0x100);
    expect(power.status).toBe(0);
  });
});

describe("PSCI 0.2 (AArch64 HVC/SMC)", () => {
  it("PSCI_VERSION 0x84000000 returns 0x00000002 (major 0, minor 2)", () => {
    expect(new Psci(new PowerState()).call(0x84000000n)).toBe(2n);
  });

  it("SYSTEM_OFF 0x84000008 powers off; SYSTEM_RESET 0x84000009 requests a reset", () => {
    const p = new Psci(new PowerState());
    p.call(0x84000008n);
    expect([p.power.off, p.power.status]).toEqual([true, 0]);
    const q = new Psci(new PowerState());
    q.call(0x84000009n);
    expect([q.power.off, q.power.reset]).toEqual([false, true]);
  });

  it("unknown functions return NOT_SUPPORTED (-1 as a 64-bit x0); the upper half of x0 is ignored for SMC32 IDs", () => {
    const p = new Psci(new PowerState());
    expect(p.call(0x84000003n)).toBe(0xffffffffffffffffn); // CPU_ON: one CPU, not offered
    expect(p.call(0xdead_0000_8400_0000n)).toBe(2n);
  });

  it("MINOS_EXIT 0x82000001 (SiP range) powers off with status x1", () => {
    const p = new Psci(new PowerState());
    p.call(0x82000001n, 3n);
    expect([p.power.off, p.power.status, p.power.reason]).toEqual([true, 3, "MINOS_EXIT"]);
  });
});
