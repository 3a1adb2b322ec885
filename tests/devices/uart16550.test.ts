// PC16550D UART: registers, FIFOs, interrupts and line timing, checked
// against the PC16550D datasheet (National/TI, SNLS378). Section numbers
// are the datasheet's ("8.x Registers"); "Table IV" is "Interrupt Control
// Functions"; the reset values are the "UART Reset Configuration" table.
import { describe, expect, it } from "vitest";
import { Uart16550 } from "../../machine/devices/uart16550";
import { setup } from "./helpers";

const RBR = 0, THR = 0, IER = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;

function make(opts: { out2GatesIrq?: boolean } = {}) {
  const { clock, ctrl, irq } = setup(4);
  const out: number[] = [];
  const u = new Uart16550(clock, irq, { sink: (b) => out.push(b), ...opts });
  const r = (reg: number) => u.read(reg, 1);
  const w = (reg: number, v: number) => u.write(reg, 1, v);
  // 8N1 at divisor 1: a frame is start + 8 data + stop = 10 bits = 10 ticks.
  w(LCR, 0x83); w(0, 1); w(1, 0); w(LCR, 0x03);
  return { u, r, w, out, clock, ctrl };
}

describe("16550 reset values (UART Reset Configuration table)", () => {
  it("IER=0, IIR=0x01 (no interrupt pending), LCR=0, MCR=0, LSR=0x60 (THRE, TEMT), MSR delta bits clear", () => {
    const { clock, irq } = setup();
    const u = new Uart16550(clock, irq);
    expect(u.read(IER, 1)).toBe(0x00);
    expect(u.read(IIR, 1)).toBe(0x01);
    expect(u.read(LCR, 1)).toBe(0x00);
    expect(u.read(MCR, 1)).toBe(0x00);
    expect(u.read(LSR, 1)).toBe(0x60);
    expect(u.read(MSR, 1) & 0x0f).toBe(0);
  });
});

describe("16550 registers", () => {
  it("DLAB (LCR bit 7) switches offsets 0 and 1 to the divisor latch DLL/DLM (8.2)", () => {
    const { r, w } = make();
    w(LCR, 0x80); w(0, 0x0c); w(1, 0x00);
    expect(r(0)).toBe(0x0c);
    expect(r(1)).toBe(0x00);
    w(LCR, 0x03);
    w(IER, 0x05);
    expect(r(IER)).toBe(0x05);            // back to IER; the divisor kept
    w(LCR, 0x83);
    expect(r(0)).toBe(0x0c);
  });

  it("SCR is a plain scratch byte (8.10); IER bits 7:4 read 0", () => {
    const { r, w } = make();
    w(SCR, 0xa5); expect(r(SCR)).toBe(0xa5);
    w(IER, 0xff); expect(r(IER)).toBe(0x0f);
  });

  it("IIR bits 7:6 are set when FCR bit 0 enables the FIFOs (8.5)", () => {
    const { r, w } = make();
    w(FCR, 0x01);
    expect(r(IIR)).toBe(0xc1);
    w(FCR, 0x00);
    expect(r(IIR)).toBe(0x01);
  });
});

describe("16550 transmitter", () => {
  it("a byte reaches the sink one frame time after THR is written; THRE/TEMT follow the shift register", () => {
    const { r, w, out, clock } = make();
    w(THR, 0x41);
    // Non-FIFO mode: THR moves to the shift register at once, so THRE is 1 but TEMT is 0 (8.4, LSR bits 5, 6).
    expect(r(LSR) & 0x60).toBe(0x20);
    clock.advanceTo(9);
    expect(out).toEqual([]);
    clock.advanceTo(10);
    expect(out).toEqual([0x41]);
    expect(r(LSR) & 0x60).toBe(0x60);
  });

  it("frame length follows LCR: 5 data bits + parity + 2 stop bits = 9 bits; divisor 3 triples it", () => {
    const { w, out, clock } = make();
    w(LCR, 0x80 | 0x0c | 0x00); w(0, 3); w(LCR, 0x0c); // 5 bits, parity, 2 stop; divisor 3
    w(THR, 0x15);
    clock.advanceTo(26); expect(out).toEqual([]);
    clock.advanceTo(27); expect(out).toEqual([0x15]);
  });

  it("with the FIFO on, 16 bytes queue and drain one per frame", () => {
    const { r, w, out, clock } = make();
    w(FCR, 0x07);
    for (let i = 0; i < 16; i++) w(THR, 0x30 + i);
    expect(r(LSR) & 0x20).toBe(0);       // FIFO not empty: THRE clear
    clock.advanceTo(160);
    expect(out).toEqual(Array.from({ length: 16 }, (_, i) => 0x30 + i));
    expect(r(LSR) & 0x60).toBe(0x60);
  });

  it("THRE interrupt: raised when THR empties, cleared by reading IIR when it is the source, or by writing THR (Table IV)", () => {
    const { r, w, ctrl, clock } = make();
    w(MCR, 0x08);                         // OUT2: the PC's interrupt gate
    w(IER, 0x02);                         // enabling ETBEI with THR empty raises THRE at once
    expect(ctrl.high(4)).toBe(true);
    expect(r(IIR)).toBe(0x02);
    expect(ctrl.high(4)).toBe(false);     // reading IIR cleared it
    expect(r(IIR)).toBe(0x01);
    w(FCR, 0x01);
    w(THR, 1); w(THR, 2);                 // FIFO: THR not empty until the last byte leaves the FIFO
    expect(ctrl.high(4)).toBe(false);
    clock.advanceTo(10);                  // byte 1 sent, byte 2 moves to the shift register: FIFO empty
    expect(ctrl.high(4)).toBe(true);
    w(THR, 3);                            // writing THR clears it
    expect(ctrl.high(4)).toBe(false);
  });

  it("the PC's OUT2 gate: no interrupt reaches the controller while MCR.OUT2 is 0", () => {
    const { w, ctrl } = make();
    w(IER, 0x02);
    expect(ctrl.high(4)).toBe(false);
    w(MCR, 0x08);
    expect(ctrl.high(4)).toBe(true);
    const ungated = make({ out2GatesIrq: false });
    ungated.w(IER, 0x02);
    expect(ungated.ctrl.high(4)).toBe(true);
  });
});

describe("16550 receiver", () => {
  it("host input arrives one frame apart and sets LSR.DR; RBR reads it", () => {
    const { u, r, clock } = make();
    u.input("hi");
    expect(r(LSR) & 1).toBe(0);
    clock.advanceTo(10);
    expect(r(LSR) & 1).toBe(1);
    expect(r(RBR)).toBe(0x68);
    clock.advanceTo(20);
    expect(r(RBR)).toBe(0x69);
    expect(r(LSR) & 1).toBe(0);
  });

  it("flow control: with no FIFO the next byte waits for RBR to be read (no overrun)", () => {
    const { u, r, clock } = make();
    u.input([1, 2, 3]);
    clock.advanceTo(100);
    expect(r(LSR) & 0x03).toBe(0x01);     // DR, no OE
    expect(u.pendingInput).toBe(2);
    expect(r(RBR)).toBe(1);
    clock.advanceTo(110);
    expect(r(RBR)).toBe(2);
  });

  it("RDA interrupt at the FIFO trigger level (FCR bits 7:6 = 01: 4 bytes), cleared below it (8.5, Table IV)", () => {
    const { u, r, w, ctrl, clock } = make();
    w(MCR, 0x08); w(FCR, 0x41); w(IER, 0x01);
    u.input([10, 11, 12, 13, 14]);
    clock.advanceTo(30);
    expect(ctrl.high(4)).toBe(false);     // 3 bytes < trigger 4
    clock.advanceTo(40);
    expect(ctrl.high(4)).toBe(true);
    expect(r(IIR)).toBe(0xc4);            // FIFOs on, "received data available"
    r(RBR);
    expect(ctrl.high(4)).toBe(false);     // 3 left: below the trigger
  });

  it("character time-out: data below the trigger and 4 character times of silence give IIR=0xCC (Table IV)", () => {
    const { u, r, w, ctrl, clock } = make();
    w(MCR, 0x08); w(FCR, 0xc1); w(IER, 0x01); // trigger 14
    u.input([7]);
    clock.advanceTo(10);                  // byte in at t=10
    clock.advanceTo(49);
    expect(ctrl.high(4)).toBe(false);
    clock.advanceTo(50);                  // 4 frames (40 ticks) later
    expect(ctrl.high(4)).toBe(true);
    expect(r(IIR)).toBe(0xcc);
    expect(r(RBR)).toBe(7);               // reading RBR clears the time-out
    expect(r(IIR)).toBe(0xc1);
    expect(ctrl.high(4)).toBe(false);
  });

  it("receiver line status has priority over data available (Table IV): an overrun in loopback", () => {
    const { r, w, clock } = make();
    w(MCR, 0x10); w(IER, 0x05);          // loopback, no FIFO: RBR holds one byte
    w(THR, 1); clock.advanceTo(10);
    w(THR, 2); clock.advanceTo(20);       // arrives while RBR is full: overrun
    expect(r(IIR)).toBe(0x06);
    expect(r(LSR) & 0x03).toBe(0x03);     // DR and OE; reading LSR clears OE
    expect(r(LSR) & 0x02).toBe(0);
    expect(r(IIR)).toBe(0x04);
    expect(r(RBR)).toBe(1);
  });
});

describe("16550 loopback (8.7, MCR bit 4)", () => {
  it("transmitted bytes come back on the receiver and never reach the console", () => {
    const { u, r, w, out, clock } = make();
    w(FCR, 0x07); w(MCR, 0x10);
    const msg = [0x55, 0xaa, 0x00, 0xff];
    for (const b of msg) w(THR, b);
    u.input("x");                         // SIN is disconnected in loopback
    clock.advanceTo(1000);
    const got: number[] = [];
    while (r(LSR) & 1) got.push(r(RBR));
    expect(got).toEqual(msg);
    expect(out).toEqual([]);
    w(MCR, 0x00);                          // leaving loopback reconnects SIN
    clock.advanceTo(1010);
    expect(r(RBR)).toBe(0x78);
  });

  it("modem outputs loop to the MSR inputs: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD, with delta bits", () => {
    const { r, w } = make();
    w(MCR, 0x10);
    r(MSR);                               // clear deltas from entering loopback
    w(MCR, 0x10 | 0x01);                  // DTR
    expect(r(MSR)).toBe(0x20 | 0x02);     // DSR and DDSR
    expect(r(MSR)).toBe(0x20);            // reading MSR cleared the delta
    w(MCR, 0x10 | 0x0f);
    expect(r(MSR)).toBe(0xf0 | 0x01 | 0x08); // CTS DSR RI DCD, DCTS DDCD
    w(MCR, 0x10 | 0x0b);                  // OUT1 off: RI falls -> TERI
    expect(r(MSR) & 0x0f).toBe(0x04);
  });
});
