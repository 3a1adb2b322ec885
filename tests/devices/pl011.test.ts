// PL011 UART against the PrimeCell UART (PL011) Technical Reference Manual,
// r1p5 (Arm DDI 0183G): Table 3-1 (register summary with reset values),
// 3.3.x register descriptions, 3.4 interrupts.
import { describe, expect, it } from "vitest";
import { Pl011 } from "../../machine/devices/pl011";
import { setup } from "./helpers";

const DR = 0x000, RSR = 0x004, FR = 0x018, IBRD = 0x024, FBRD = 0x028, LCRH = 0x02c, CR = 0x030;
const IFLS = 0x034, IMSC = 0x038, RIS = 0x03c, MIS = 0x040, ICR = 0x044, DMACR = 0x048, ILPR = 0x020;
const TXFE = 0x80, RXFF = 0x40, TXFF = 0x20, RXFE = 0x10, BUSY = 0x08;
const RXI = 0x10, TXI = 0x20, RTI = 0x40, OEI = 0x400;

function make() {
  const { clock, ctrl, irq } = setup(33);
  const out: number[] = [];
  const u = new Pl011(clock, irq, { sink: (b) => out.push(b) });
  const r = (off: number) => u.read(off, 4);
  const w = (off: number, v: number) => u.write(off, 4, v);
  return { u, r, w, out, clock, ctrl };
}

/** 8 data bits, FIFOs per `fifo`, divisor 1: 10-tick frames; UART, TX and RX enabled. */
function configured(fifo: boolean) {
  const t = make();
  t.w(IBRD, 1); t.w(FBRD, 0); t.w(LCRH, 0x60 | (fifo ? 0x10 : 0)); t.w(CR, 0x301);
  return t;
}

describe("PL011 identification (3.3.14-3.3.17)", () => {
  it("UARTPeriphID0-3 = 0x11 0x10 0x34 0x00 (part 0x011, designer Arm 0x41, revision 3 = r1p5); UARTPCellID0-3 = 0x0D 0xF0 0x05 0xB1", () => {
    const { r } = make();
    const ids = [0xfe0, 0xfe4, 0xfe8, 0xfec, 0xff0, 0xff4, 0xff8, 0xffc].map(r);
    expect(ids).toEqual([0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1]);
    // As a Linux AMBA bus probe assembles them: periphid 0x00341011, cellid 0xB105F00D.
    expect((ids[3] << 24 | ids[2] << 16 | ids[1] << 8 | ids[0]) >>> 0).toBe(0x00341011);
    expect((ids[7] << 24 | ids[6] << 16 | ids[5] << 8 | ids[4]) >>> 0).toBe(0xb105f00d);
  });
});

describe("PL011 reset values (Table 3-1)", () => {
  it("FR: TXFE and RXFE set, not busy; CR=0x300 (TXE, RXE); IFLS=0x12; the rest 0", () => {
    const { r } = make();
    expect(r(FR)).toBe(TXFE | RXFE);
    expect(r(CR)).toBe(0x300);
    expect(r(IFLS)).toBe(0x12);
    for (const off of [RSR, ILPR, IBRD, FBRD, LCRH, IMSC, RIS, MIS, DMACR]) expect(r(off)).toBe(0);
  });

  it("register widths: IBRD 16 bits, FBRD 6 bits, IMSC 11 bits", () => {
    const { r, w } = make();
    w(IBRD, 0xfffff); w(FBRD, 0xff); w(IMSC, 0xffff);
    expect([r(IBRD), r(FBRD), r(IMSC)]).toEqual([0xffff, 0x3f, 0x7ff]);
  });
});

describe("PL011 transmit", () => {
  it("nothing is sent until UARTEN and TXE are both set (3.3.8)", () => {
    const { r, w, out, clock } = make();
    w(IBRD, 1); w(LCRH, 0x70);
    w(DR, 0x41);
    clock.advanceTo(100);
    expect(out).toEqual([]);
    expect(r(FR) & (BUSY | TXFE)).toBe(BUSY);
    w(CR, 0x301);
    clock.advanceTo(109); expect(out).toEqual([]);
    clock.advanceTo(110); expect(out).toEqual([0x41]);
    expect(r(FR) & (BUSY | TXFE)).toBe(TXFE);
  });

  it("the 32-entry FIFO (r1p5) fills: TXFF after 32 bytes", () => {
    const { r, w } = make();
    w(LCRH, 0x70);                        // FIFOs on, UART still disabled: nothing drains
    for (let i = 0; i < 31; i++) w(DR, i);
    expect(r(FR) & TXFF).toBe(0);
    w(DR, 31);
    expect(r(FR) & TXFF).toBe(TXFF);
  });

  it("TX interrupt fires when the FIFO level passes down through the trigger (3.4.3), not on an idle UART", () => {
    const { r, w, ctrl, clock } = configured(true);
    w(IFLS, 0x00);                        // TX trigger 1/8 = 4 entries
    w(IMSC, TXI);
    expect(ctrl.high(33)).toBe(false);    // empty FIFO, but no transition yet
    for (let i = 0; i < 8; i++) w(DR, 0x61 + i); // one goes straight to the shifter: FIFO holds 7
    clock.advanceTo(29);                  // two more taken: FIFO 5 > 4
    expect(ctrl.high(33)).toBe(false);
    clock.advanceTo(30);                  // third taken: FIFO 4 <= 4
    expect(ctrl.high(33)).toBe(true);
    expect(r(MIS)).toBe(TXI);
    w(ICR, TXI);                          // cleared by UARTICR
    expect(ctrl.high(33)).toBe(false);
    expect(r(RIS) & TXI).toBe(0);
  });

  it("FIFOs off: TX interrupt when the holding register empties, cleared by the next write", () => {
    const { w, ctrl, clock } = configured(false);
    w(IMSC, TXI);
    w(DR, 1);
    expect(ctrl.high(33)).toBe(true);     // moved to the shifter at once: holding register empty
    w(DR, 2);
    expect(ctrl.high(33)).toBe(false);
    clock.advanceTo(10);
    expect(ctrl.high(33)).toBe(true);
  });
});

describe("PL011 receive", () => {
  it("host bytes arrive one frame apart; DR returns them; FR tracks RXFE", () => {
    const { u, r, clock } = configured(true);
    u.input("ok");
    clock.advanceTo(20);
    expect(r(FR) & RXFE).toBe(0);
    expect(r(DR)).toBe(0x6f);
    expect(r(DR)).toBe(0x6b);
    expect(r(FR) & RXFE).toBe(RXFE);
  });

  it("RX interrupt at the trigger level (IFLS RXIFLSEL 000 = 1/8 = 4 entries), cleared when reads take it below (3.4.2)", () => {
    const { u, r, w, ctrl, clock } = configured(true);
    w(IFLS, 0x00); w(IMSC, RXI);
    u.input([1, 2, 3, 4, 5]);
    clock.advanceTo(30);
    expect(ctrl.high(33)).toBe(false);
    clock.advanceTo(40);
    expect(ctrl.high(33)).toBe(true);
    expect(r(MIS)).toBe(RXI);
    r(DR);
    expect(ctrl.high(33)).toBe(false);    // 3 left
  });

  it("receive time-out: FIFO not empty and no new character for 32 bit periods (3.4.4)", () => {
    const { u, r, w, ctrl, clock } = configured(true);
    w(IMSC, RTI);
    u.input([9]);
    clock.advanceTo(10);
    clock.advanceTo(41);
    expect(ctrl.high(33)).toBe(false);
    clock.advanceTo(42);                  // 32 bits at divisor 1 = 32 ticks after arrival
    expect(ctrl.high(33)).toBe(true);
    expect(r(DR)).toBe(9);                // emptying the FIFO clears it
    expect(ctrl.high(33)).toBe(false);
  });

  it("flow control holds host bytes while the RX FIFO is full (RXFF), so none are lost", () => {
    const { u, r, clock } = configured(true);
    u.input(Array.from({ length: 40 }, (_, i) => i));
    clock.advanceTo(10_000);
    expect(r(FR) & RXFF).toBe(RXFF);
    expect(u.pendingInput).toBe(8);
    const got: number[] = [];
    for (let i = 0; i < 40; i++) { got.push(r(DR)); clock.advanceTo(clock.now() + 10); }
    expect(got).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(r(RSR)).toBe(0);
  });
});

describe("PL011 loopback (CR.LBE, 3.3.8)", () => {
  it("transmit feeds receive; an overrun sets RSR.OE and OEIS; writing ECR clears RSR", () => {
    const { r, w, out, clock } = configured(false);
    w(CR, 0x381); w(IMSC, OEI);
    w(DR, 0x5a);
    clock.advanceTo(10);
    expect(out).toEqual([]);
    expect(r(FR) & RXFE).toBe(0);
    w(DR, 0x5b);
    clock.advanceTo(20);                  // the 1-entry "FIFO" is full: overrun
    expect(r(RSR)).toBe(0x8);
    expect(r(MIS)).toBe(OEI);
    expect(r(DR)).toBe(0x5a);
    w(RSR, 0);
    expect(r(RSR)).toBe(0);
  });
});
