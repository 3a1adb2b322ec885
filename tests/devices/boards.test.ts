// Both boards' device sets wired as README.md says, driven the way a kernel
// would: through physical-address reads and writes (PhysMem's MMIO bus) and
// I/O ports (PortBus). Checks the address maps do not collide and that the
// interrupt paths end at the CPU pin with the right vector / INTID.
import { describe, expect, it } from "vitest";
import { PhysMem } from "../../machine/core/physmem";
import {
  CpuIrqPin, DeviceClock, ExitPort, GenericTimer, Gic, IoApic, IrqLine, LocalApic, Pl011, Pm1aControl, PortBus,
  PowerState, Psci, TimerReg, Uart16550, VirtioBlk, PC_MAP, VIRT_MAP,
} from "../../machine/devices";

describe("the PC (x86_64) device set", () => {
  function pc() {
    const clock = new DeviceClock(), pin = new CpuIrqPin(), mem = new PhysMem(64 << 20), ports = new PortBus();
    const power = new PowerState(), out: number[] = [];
    const lapic = new LocalApic(clock, pin);
    const ioapic = new IoApic(lapic);
    const uart = new Uart16550(clock, new IrqLine(ioapic, PC_MAP.uartIoApicPin), { sink: (b) => out.push(b) });
    const blk = new VirtioBlk(clock, mem, new IrqLine(ioapic, PC_MAP.virtioIoApicPin), new Uint8Array(4096));
    mem.mapDevice(PC_MAP.lapic, PC_MAP.lapicSize, lapic);
    mem.mapDevice(PC_MAP.ioapic, PC_MAP.ioapicSize, ioapic);
    mem.mapDevice(PC_MAP.virtio, PC_MAP.virtioSize, blk.transport);
    ports.map(PC_MAP.uartPort, PC_MAP.uartPorts, uart);
    ports.map(PC_MAP.pm1aCntPort, 2, new Pm1aControl(power));
    ports.map(PC_MAP.exitPort, 1, new ExitPort(power));
    return { clock, pin, mem, ports, power, out, lapic, uart };
  }

  it("timer tick and a keypress arrive as their vectors; console output and power-off work through ports", () => {
    const { clock, pin, mem, ports, power, out, lapic, uart } = pc();
    const L = PC_MAP.lapic, IO = PC_MAP.ioapic;
    mem.write(L + 0xf0, 4, 0x1ff);                    // SVR: enable, spurious 0xFF
    mem.write(L + 0x3e0, 4, 0xb);                     // divide by 1
    mem.write(L + 0x320, 4, 0x20000 | 0x20);          // periodic, vector 0x20
    mem.write(L + 0x380, 4, 10_000);
    mem.write(IO, 4, 0x10 + 2 * 4); mem.write(IO + 0x10, 4, 0x24); // pin 4 -> vector 0x24, edge
    ports.write(0x3f8 + 4, 1, 0x08);                  // MCR.OUT2
    ports.write(0x3f8 + 1, 1, 0x01);                  // IER.RDA
    ports.write(0x3f8 + 2, 1, 0x07);                  // FCR: FIFOs on (without them a driver must poll THRE per byte)
    for (const c of "boot\n") ports.write(0x3f8, 1, c.charCodeAt(0));
    uart.input("k");
    clock.advanceTo(5000);
    expect(String.fromCharCode(...out)).toBe("boot\n");
    expect(pin.asserted).toBe(true);
    expect(lapic.acknowledge()).toBe(0x24);
    expect(ports.read(0x3f8, 1)).toBe(0x6b);
    mem.write(L + 0xb0, 4, 0);
    expect(pin.asserted).toBe(false);
    clock.advanceTo(10_000);
    expect(lapic.acknowledge()).toBe(0x20);
    mem.write(L + 0xb0, 4, 0);
    expect(mem.read(L + 0x390, 4)).toBe(10_000);      // periodic: reloaded at 10000
    ports.write(0x501, 1, 7);
    expect([power.off, power.status]).toEqual([true, 7]);
  });
});

describe("the virt (AArch64) device set", () => {
  function virt() {
    const clock = new DeviceClock(), pin = new CpuIrqPin(), mem = new PhysMem(64 << 20), out: number[] = [];
    const gic = new Gic(pin, 128);
    const uart = new Pl011(clock, new IrqLine(gic, VIRT_MAP.uartIntid), { sink: (b) => out.push(b) });
    const timer = new GenericTimer(clock, new IrqLine(gic, VIRT_MAP.physTimerIntid), new IrqLine(gic, VIRT_MAP.virtTimerIntid));
    const blk = new VirtioBlk(clock, mem, new IrqLine(gic, VIRT_MAP.virtioIntid), new Uint8Array(4096));
    mem.mapDevice(VIRT_MAP.gicd, VIRT_MAP.gicdSize, gic.distributor);
    mem.mapDevice(VIRT_MAP.gicc, VIRT_MAP.giccSize, gic.cpuInterface);
    mem.mapDevice(VIRT_MAP.uart, VIRT_MAP.uartSize, uart);
    mem.mapDevice(VIRT_MAP.virtio, VIRT_MAP.virtioSize, blk.transport);
    return { clock, pin, mem, out, uart, timer, psci: new Psci(new PowerState()) };
  }

  it("the timer (PPI 27) and the UART (SPI 1) arrive by priority through GICC_IAR; PSCI powers off", () => {
    const { clock, pin, mem, out, uart, timer, psci } = virt();
    const D = VIRT_MAP.gicd, C = VIRT_MAP.gicc, U = VIRT_MAP.uart;
    mem.write(D + 0x100, 4, 1 << 27);                 // enable PPI 27
    mem.write(D + 0x104, 4, 1 << 1);                  // enable SPI 1 (INTID 33)
    mem.write(D + 0x400 + 27, 1, 0x80);
    mem.write(D + 0x400 + 33, 1, 0x40);               // the UART is more urgent
    mem.write(D, 4, 1); mem.write(C, 4, 1); mem.write(C + 4, 4, 0xff);
    expect(mem.read(0x09000fe0, 4)).toBe(0x11);
    mem.write(U + 0x24, 4, 1); mem.write(U + 0x2c, 4, 0x60); mem.write(U + 0x30, 4, 0x301);
    mem.write(U + 0x38, 4, 0x10);                     // RXIM
    for (const c of "hi") mem.write(U, 4, c.charCodeAt(0));
    timer.write(TimerReg.CNTV_TVAL, 100);
    timer.write(TimerReg.CNTV_CTL, 1);
    uart.input("x");
    clock.advanceTo(100);
    expect(String.fromCharCode(...out)).toBe("hi");
    expect(pin.asserted).toBe(true);
    expect(mem.read(C + 0x0c, 4)).toBe(33);           // priority 0x40 first
    expect(mem.read(U, 4)).toBe(0x78);
    mem.write(C + 0x10, 4, 33);
    expect(mem.read(C + 0x0c, 4)).toBe(27);
    timer.write(TimerReg.CNTV_CTL, 0);
    mem.write(C + 0x10, 4, 27);
    expect(pin.asserted).toBe(false);
    expect(mem.read(C + 0x0c, 4)).toBe(1023);
    psci.call(0x84000008n);
    expect(psci.power.off).toBe(true);
  });
});
