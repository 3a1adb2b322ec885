// Local APIC and I/O APIC against the Intel SDM Vol. 3A chapter 11 and the
// 82093AA I/O APIC datasheet (section 3). Virtual time: the bus clock is one
// tick per retired instruction.
import { describe, expect, it } from "vitest";
import { LocalApic } from "../../machine/devices/lapic";
import { IoApic } from "../../machine/devices/ioapic";
import { Uart16550 } from "../../machine/devices/uart16550";
import { CpuIrqPin, IrqLine } from "../../machine/devices/irq";
import { DeviceClock } from "../../machine/devices/time";

const ID = 0x20, VER = 0x30, TPR = 0x80, PPR = 0xa0, EOI = 0xb0, DFR = 0xe0, SVR = 0xf0;
const ISR0 = 0x100, TMR0 = 0x180, IRR0 = 0x200, LVT_TIMER = 0x320, LVT_LINT0 = 0x350, LVT_ERR = 0x370;
const TICR = 0x380, TCCR = 0x390, TDCR = 0x3e0;

function make() {
  const clock = new DeviceClock();
  const pin = new CpuIrqPin();
  const apic = new LocalApic(clock, pin);
  const r = (off: number) => apic.read(off, 4) >>> 0;
  const w = (off: number, v: number) => apic.write(off, 4, v);
  return { clock, pin, apic, r, w };
}

/** Take every interrupt the pin signals at this moment (the CPU's INTA), EOI it, and return the vectors. */
function drain(apic: LocalApic, pin: CpuIrqPin): number[] {
  const got: number[] = [];
  while (pin.asserted) { got.push(apic.acknowledge()); apic.write(EOI, 4, 0); }
  return got;
}

describe("local APIC reset state (11.4.7.1, 11.4.8)", () => {
  it("version 0x14 with Max LVT Entry 5; SVR 0xFF (software-disabled); LVTs masked; DFR all ones; timer divide /2", () => {
    const { r } = make();
    expect(r(VER)).toBe(0x00050014);
    expect(r(SVR)).toBe(0xff);
    for (const lvt of [0x2f0, 0x320, 0x330, 0x340, 0x350, 0x360, 0x370]) expect(r(lvt)).toBe(0x10000);
    expect(r(DFR)).toBe(0xffffffff);
    expect(r(TPR)).toBe(0); expect(r(TICR)).toBe(0); expect(r(TCCR)).toBe(0); expect(r(TDCR)).toBe(0);
    expect(r(ID)).toBe(0);
  });

  it("while software-disabled, LVT mask bits cannot be cleared (11.4.7.2)", () => {
    const { r, w } = make();
    w(LVT_TIMER, 0x40);
    expect(r(LVT_TIMER)).toBe(0x10040);
    w(SVR, 0x1ff);
    w(LVT_TIMER, 0x40);
    expect(r(LVT_TIMER)).toBe(0x40);
    w(SVR, 0x0ff);                        // disabling again masks every LVT
    expect(r(LVT_TIMER)).toBe(0x10040);
  });
});

describe("local APIC timer (11.5.4)", () => {
  it("one-shot: initial count 1000, divide by 16 -> fires at t0 + 16000; CCR counts down in virtual time", () => {
    const { clock, pin, apic, r, w } = make();
    w(SVR, 0x1ff); w(TDCR, 0x3); w(LVT_TIMER, 0x40);   // TDCR 0011 = divide by 16 (Figure 11-10)
    clock.advanceTo(500);
    w(TICR, 1000);
    expect(r(TCCR)).toBe(1000);
    clock.advanceTo(500 + 16 * 250 + 15);
    expect(r(TCCR)).toBe(750);
    clock.advanceTo(500 + 16000 - 1);
    expect(pin.asserted).toBe(false);
    expect(r(TCCR)).toBe(1);
    clock.advanceTo(500 + 16000);
    expect(pin.asserted).toBe(true);
    expect(r(TCCR)).toBe(0);              // one-shot stays at 0
    expect(drain(apic, pin)).toEqual([0x40]);
    clock.advanceTo(100_000);
    expect(pin.asserted).toBe(false);
  });

  it("periodic: reloads from the initial count; expiries at exact multiples of count*divisor", () => {
    const { clock, pin, apic, w } = make();
    w(SVR, 0x1ff); w(TDCR, 0xb); w(LVT_TIMER, 0x20000 | 0x41);  // TDCR 1011 = divide by 1
    w(TICR, 100);
    const fired: number[] = [];
    pin.onChange = (v) => { if (v) { fired.push(clock.now()); drain(apic, pin); } };
    clock.advanceTo(450);
    expect(fired).toEqual([100, 200, 300, 400]);
    w(TICR, 0);                           // writing 0 stops the timer
    clock.advanceTo(1000);
    expect(fired.length).toBe(4);
  });

  it("divide configuration: every encoding of bits 3,1:0 (Figure 11-10)", () => {
    const expected: [number, number][] = [[0x0, 2], [0x1, 4], [0x2, 8], [0x3, 16], [0x8, 32], [0x9, 64], [0xa, 128], [0xb, 1]];
    for (const [code, div] of expected) {
      const { clock, w, r } = make();
      w(SVR, 0x1ff); w(TDCR, code); w(TICR, 10);
      clock.advanceTo(div * 3);
      expect(r(TCCR)).toBe(7);
    }
  });

  it("switching periodic -> one-shot keeps the count running and stops after the next expiry; into TSC-deadline disarms", () => {
    const { clock, pin, apic, w, r } = make();
    w(SVR, 0x1ff); w(TDCR, 0xb); w(LVT_TIMER, 0x20000 | 0x40);
    w(TICR, 100);
    clock.advanceTo(150);
    expect(drain(apic, pin)).toEqual([0x40]);
    w(LVT_TIMER, 0x40);                   // one-shot now
    expect(r(TCCR)).toBe(50);
    clock.advanceTo(200);
    expect(drain(apic, pin)).toEqual([0x40]);
    clock.advanceTo(400);
    expect(pin.asserted).toBe(false);
    expect(r(TCCR)).toBe(0);
    w(TICR, 100);
    w(LVT_TIMER, 0x40000 | 0x40);         // TSC-deadline: the count stops
    expect(r(TCCR)).toBe(0);
    clock.advanceTo(1000);
    expect(pin.asserted).toBe(false);
  });

  it("a masked LVT timer still counts but delivers nothing", () => {
    const { clock, pin, w, r } = make();
    w(SVR, 0x1ff); w(TDCR, 0xb); w(LVT_TIMER, 0x10040);
    w(TICR, 50);
    clock.advanceTo(25);
    expect(r(TCCR)).toBe(25);
    clock.advanceTo(60);
    expect(pin.asserted).toBe(false);
    expect(r(IRR0 + 0x20)).toBe(0);
  });

  it("TSC-deadline mode (11.5.4.1): fires when the TSC reaches IA32_TSC_DEADLINE, which then reads 0; TICR writes are ignored", () => {
    const { clock, pin, apic, w, r } = make();
    w(SVR, 0x1ff); w(LVT_TIMER, 0x40000 | 0x50);
    w(TICR, 10);
    expect(r(TICR)).toBe(0);
    apic.writeTscDeadline(1234);
    expect(apic.readTscDeadline()).toBe(1234);
    clock.advanceTo(1233); expect(pin.asserted).toBe(false);
    clock.advanceTo(1234); expect(pin.asserted).toBe(true);
    expect(apic.tsc()).toBe(1234);
    expect(apic.readTscDeadline()).toBe(0);
    expect(drain(apic, pin)).toEqual([0x50]);
  });
});

describe("local APIC priorities, INTA and EOI (11.8)", () => {
  it("IRR -> ISR on acknowledge, highest vector first; EOI retires the highest ISR bit", () => {
    const { apic, pin, r, w } = make();
    w(SVR, 0x1ff);
    apic.accept(0x31); apic.accept(0x52);
    expect(r(IRR0 + 0x10)).toBe(1 << 17);   // 0x31 is IRR word 1 bit 17
    expect(r(IRR0 + 0x20)).toBe(1 << 18);   // 0x52 is IRR word 2 bit 18
    expect(apic.acknowledge()).toBe(0x52);
    expect(r(ISR0 + 0x20)).toBe(1 << 18);
    expect(r(PPR)).toBe(0x50);               // PPR = in-service class
    expect(pin.asserted).toBe(false);        // 0x31's class 3 does not beat class 5
    w(EOI, 0);
    expect(r(ISR0 + 0x20)).toBe(0);
    expect(pin.asserted).toBe(true);
    expect(apic.acknowledge()).toBe(0x31);
  });

  it("TPR blocks classes at or below it (11.8.3.1); the spurious vector answers an INTA with nothing deliverable (11.9)", () => {
    const { apic, pin, w } = make();
    w(SVR, 0x1ef); w(TPR, 0x40);
    apic.accept(0x45);
    expect(pin.asserted).toBe(false);
    expect(apic.acknowledge()).toBe(0xef);
    w(TPR, 0x30);
    expect(pin.asserted).toBe(true);
  });

  it("vectors 0-15 are illegal: ESR bit 6 'received illegal vector', nothing pended", () => {
    const { apic, pin, r, w } = make();
    w(SVR, 0x1ff);
    apic.accept(5);
    expect(pin.asserted).toBe(false);
    expect(r(0x280)).toBe(0x40);
    w(0x280, 0);
    expect(r(0x280)).toBe(0);
  });

  it("LINT0/LINT1 and the error LVT store their writable bits", () => {
    const { r, w } = make();
    w(SVR, 0x1ff);
    w(LVT_LINT0, 0x700); w(LVT_ERR, 0xfffff);
    expect(r(LVT_LINT0)).toBe(0x700);
    expect(r(LVT_ERR)).toBe(0x100ff);
  });
});

describe("I/O APIC (82093AA section 3)", () => {
  function pc() {
    const t = make();
    t.w(SVR, 0x1ff);
    const io = new IoApic(t.apic);
    const sel = (reg: number) => io.write(0x00, 4, reg);
    const rd = (reg: number) => { sel(reg); return io.read(0x10, 4) >>> 0; };
    const wr = (reg: number, v: number) => { sel(reg); io.write(0x10, 4, v); };
    return { ...t, io, rd, wr };
  }

  it("IOAPICVER = 0x00170011 (24 entries, version 0x11); entries reset masked; IOREGSEL reads back", () => {
    const { io, rd } = pc();
    expect(rd(0x01)).toBe(0x00170011);
    for (let n = 0; n < 24; n++) { expect(rd(0x10 + 2 * n)).toBe(0x10000); expect(rd(0x11 + 2 * n)).toBe(0); }
    io.write(0, 4, 0x12);
    expect(io.read(0, 4)).toBe(0x12);
  });

  it("the UART's ISA IRQ 4 on pin 4, edge-triggered, reaches the CPU as its vector and ends with EOI", () => {
    const { clock, pin, apic, io, wr, rd } = pc();
    wr(0x10 + 2 * 4, 0x24);               // fixed, physical, active high, edge, unmasked, vector 0x24
    wr(0x11 + 2 * 4, 0);                  // destination APIC 0
    const uart = new Uart16550(clock, new IrqLine(io, 4));
    uart.write(4, 1, 0x08);               // MCR.OUT2
    uart.write(1, 1, 0x01);               // IER: received data available
    uart.input("A");
    clock.advanceTo(uart.pendingInput ? 1000 : 0);
    expect(pin.asserted).toBe(true);
    expect(apic.acknowledge()).toBe(0x24);
    expect(uart.read(2, 1)).toBe(0x04);   // the driver sees RDA
    expect(uart.read(0, 1)).toBe(0x41);
    apic.write(EOI, 4, 0);
    expect(pin.asserted).toBe(false);
    expect(rd(0x10 + 8) & (1 << 14)).toBe(0); // edge entries never set Remote IRR
  });

  it("level-triggered entry: Remote IRR set on delivery, cleared by the EOI broadcast; re-delivered if still asserted", () => {
    const { pin, apic, io, wr, rd, r } = pc();
    wr(0x10 + 2 * 9, 0x8000 | 0x39);      // level, vector 0x39
    io.setLine(9, true);
    expect(rd(0x10 + 18) & (1 << 14)).not.toBe(0);
    expect(r(TMR0 + 0x10) & (1 << 25)).not.toBe(0); // TMR marks it level (11.8.4)
    expect(apic.acknowledge()).toBe(0x39);
    apic.write(EOI, 4, 0);                // line still high: sent again
    expect(pin.asserted).toBe(true);
    expect(apic.acknowledge()).toBe(0x39);
    io.setLine(9, false);
    apic.write(EOI, 4, 0);
    expect(rd(0x10 + 18) & (1 << 14)).toBe(0);
    expect(pin.asserted).toBe(false);
  });

  it("masked entries deliver nothing; polarity low inverts the input", () => {
    const { pin, io, wr } = pc();
    wr(0x10, 0x10000 | 0x30);
    io.setLine(0, true); io.setLine(0, false);
    expect(pin.asserted).toBe(false);
    wr(0x10 + 2, 0x2000 | 0x31);          // pin 1 active low, edge: a falling input is the rising edge
    io.setLine(1, true);
    expect(pin.asserted).toBe(false);
    io.setLine(1, false);
    expect(pin.asserted).toBe(true);
  });
});
