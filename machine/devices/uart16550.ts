// The PC serial port: a National/TI PC16550D UART at I/O ports 0x3F8..0x3FF.
// Register numbers, bits and reset values follow the PC16550D datasheet
// (section 8, "Registers"; Table II "Summary of registers"; Table IV
// "Interrupt control functions"; "UART reset configuration").
//
//   off  read            write          (DLAB = LCR bit 7)
//   0    RBR             THR            DLL when DLAB=1
//   1    IER             IER            DLM when DLAB=1
//   2    IIR             FCR
//   3    LCR             LCR
//   4    MCR             MCR
//   5    LSR             (factory test)
//   6    MSR             -
//   7    SCR             SCR
//
// The wire: transmitting a byte takes one frame time in virtual ticks
// (start + data + parity + stop bits, scaled by the divisor; see
// fifo.ts:frameTicks); when it has left the shift register the byte goes to
// `sink` (the console). Bytes typed at the host terminal go to `input()` and
// arrive one frame time apart. The host side obeys flow control: a byte waits
// in the host queue while the receive FIFO is full, so typing fast never
// overruns. In loopback (MCR bit 4) the transmitter feeds the receiver
// instead, as section 8.7 describes, and there an overrun can happen.
//
// The wire is perfect: parity, framing and break errors (LSR bits 2-4, 7)
// never occur, and LCR's parity and break settings only change the frame
// length. Left out as well: the FIFO-mode delay of the first THRE interrupt
// by one character time, and DMA mode (FCR bit 3).
//
// On a PC the UART's INTR pin reaches the interrupt controller through a gate
// driven by the OUT2 modem-control output, so a driver must set MCR.OUT2 to
// get interrupts (Linux does, in serial8250_set_mctrl). We model that gate
// (`out2GatesIrq`, on by default); in loopback OUT2 is forced inactive
// (section 8.7), which closes it.

import type { MmioDevice } from "../core/physmem";
import type { TimedEvent } from "../core/clock";
import { Fifo, frameTicks } from "./fifo";
import { IrqLine } from "./irq";
import { DeviceClock, cancel, pendingOf, type PendingEvent } from "./time";

export const UART_IER_RDA = 0x01, UART_IER_THRE = 0x02, UART_IER_RLS = 0x04, UART_IER_MSI = 0x08;
export const UART_LSR_DR = 0x01, UART_LSR_OE = 0x02, UART_LSR_THRE = 0x20, UART_LSR_TEMT = 0x40;
export const UART_MCR_OUT2 = 0x08, UART_MCR_LOOP = 0x10;
/** IIR interrupt identification codes (bits 3:0), highest priority first (Table IV). */
export const IIR_NONE = 0x01, IIR_RLS = 0x06, IIR_RDA = 0x04, IIR_TIMEOUT = 0x0c, IIR_THRE = 0x02, IIR_MSI = 0x00;

export interface Uart16550Options {
  /** Where transmitted bytes go (the console). */
  sink?: (byte: number) => void;
  /** Virtual ticks per bit at divisor 1 (default 1: a 10-bit frame at divisor 1 is 10 ticks). */
  ticksPerBit?: number;
  /** Model the PC's OUT2 interrupt gate (default true). */
  out2GatesIrq?: boolean;
}

/** Everything a snapshot needs (plain data; see restore()). */
export interface Uart16550State {
  ier: number; lcr: number; mcr: number; scr: number; dll: number; dlm: number;
  fifoOn: boolean; trigger: number; oe: boolean; msrDelta: number; msrLines: number;
  thrPending: boolean; timeoutPending: boolean;
  rx: number[]; tx: number[]; shifting: number; hostQueue: number[];
  txDone: PendingEvent | null; rxArrive: PendingEvent | null; rxTimeout: PendingEvent | null;
  irq: boolean;
}

const FIFO_DEPTH = 16;
const TRIGGER = [1, 4, 8, 14];

export class Uart16550 implements MmioDevice {
  readonly name = "uart16550";
  sink: (byte: number) => void;
  private readonly ticksPerBit: number;
  private readonly out2Gates: boolean;

  // Registers (datasheet reset values set in reset()).
  private ier = 0; private lcr = 0; private mcr = 0; private scr = 0;
  private dll = 0; private dlm = 0;
  private fifoOn = false; private trigger = 1;
  private oe = false;                 // LSR bit 1, sticky until LSR is read
  private msrDelta = 0;               // MSR bits 3:0
  private msrLines = 0;               // MSR bits 7:4
  private thrPending = false;         // the THRE interrupt latch
  private timeoutPending = false;     // character time-out indication

  private readonly rx = new Fifo(FIFO_DEPTH);
  private readonly tx = new Fifo(FIFO_DEPTH);
  private shifting = -1;              // byte in the transmit shift register, or -1
  private txDone: TimedEvent | null = null;
  private rxArrive: TimedEvent | null = null;
  private rxTimeout: TimedEvent | null = null;
  private readonly hostQueue: number[] = [];

  constructor(private readonly clock: DeviceClock, private readonly irq: IrqLine, opts: Uart16550Options = {}) {
    this.sink = opts.sink ?? (() => {});
    this.ticksPerBit = opts.ticksPerBit ?? 1;
    this.out2Gates = opts.out2GatesIrq ?? true;
    this.reset();
  }

  /** Master reset: the "UART reset configuration" table of the datasheet. */
  reset(): void {
    this.ier = 0; this.lcr = 0; this.mcr = 0; this.fifoOn = false; this.trigger = 1;
    this.oe = false; this.msrDelta = 0; this.thrPending = false; this.timeoutPending = false;
    this.msrLines = 0xb0; // a terminal is attached: DCD, DSR and CTS asserted
    this.rx.clear(); this.tx.clear(); this.shifting = -1;
    this.txDone = cancel(this.txDone); this.rxArrive = cancel(this.rxArrive); this.rxTimeout = cancel(this.rxTimeout);
    this.update();
    this.scheduleArrival();
  }

  /** Bytes from the host terminal, delivered at line speed. */
  input(bytes: Uint8Array | number[] | string): void {
    if (typeof bytes === "string") bytes = Array.from(new TextEncoder().encode(bytes));
    for (const b of bytes) this.hostQueue.push(b & 0xff);
    this.scheduleArrival();
  }

  /** Bytes typed but not yet received by the UART. */
  get pendingInput(): number { return this.hostQueue.length; }

  // ---- Register access ----

  read(offset: number, _size: number): number {
    switch (offset & 7) {
      case 0: return this.dlab ? this.dll : this.readRbr();
      case 1: return this.dlab ? this.dlm : this.ier;
      case 2: return this.readIir();
      case 3: return this.lcr;
      case 4: return this.mcr;
      case 5: return this.readLsr();
      case 6: return this.readMsr();
      default: return this.scr;
    }
  }

  write(offset: number, _size: number, value: number): void {
    const v = value & 0xff;
    switch (offset & 7) {
      case 0: if (this.dlab) this.dll = v; else this.writeThr(v); break;
      case 1: if (this.dlab) this.dlm = v; else this.writeIer(v); break;
      case 2: this.writeFcr(v); break;
      case 3: this.lcr = v; break;
      case 4: this.writeMcr(v); break;
      case 7: this.scr = v; break;
      default: break; // LSR writes are factory test; MSR is read-only
    }
  }

  private get dlab(): boolean { return (this.lcr & 0x80) !== 0; }
  private get loop(): boolean { return (this.mcr & UART_MCR_LOOP) !== 0; }

  /** One frame's duration from LCR: start + 5..8 data + parity + 1 or 2 stop bits. */
  private frame(): number {
    const data = 5 + (this.lcr & 3), parity = (this.lcr >> 3) & 1, stop = (this.lcr & 4) ? 2 : 1;
    return frameTicks(1 + data + parity + stop, this.dll | (this.dlm << 8), this.ticksPerBit);
  }

  // ---- Receiver ----

  private readRbr(): number {
    const b = this.rx.shift();
    this.timeoutPending = false;
    if (b >= 0) this.rxActivity();
    this.scheduleArrival();          // room again: the host may send the next byte
    this.update();
    return b < 0 ? 0 : b;
  }

  private rxCapacity(): number { return this.fifoOn ? FIFO_DEPTH : 1; }

  /** A byte finished arriving on SIN (from the host, or looped back). */
  private receive(b: number): void {
    if (this.rx.length >= this.rxCapacity()) { this.oe = true; this.update(); return; }
    this.rx.push(b);
    this.rxActivity();
    this.update();
  }

  /** Start (re)timing the FIFO character time-out: 4 character times of silence. */
  private rxActivity(): void {
    this.rxTimeout = cancel(this.rxTimeout);
    if (!this.fifoOn || this.rx.empty) return;
    this.rxTimeout = this.clock.after(4 * this.frame(), this.rxTimedOut);
  }

  // Event actions are fields, not inline closures, so restore() can re-attach them.
  private readonly rxTimedOut = (): void => {
    this.rxTimeout = null;
    if (this.fifoOn && !this.rx.empty) { this.timeoutPending = true; this.update(); }
  };

  private readonly arrive = (): void => {
    this.rxArrive = null;
    if (this.loop || this.hostQueue.length === 0) return;
    if (this.rx.length < this.rxCapacity()) this.receive(this.hostQueue.shift()!);
    this.scheduleArrival();
  };

  private readonly txFinished = (): void => this.finishTx();

  /** Host bytes arrive one frame apart while there is room (flow control) and SIN is connected. */
  private scheduleArrival(): void {
    if (this.rxArrive !== null || this.hostQueue.length === 0 || this.loop) return;
    if (this.rx.length >= this.rxCapacity()) return;
    this.rxArrive = this.clock.after(this.frame(), this.arrive);
  }

  // ---- Transmitter ----

  private writeThr(b: number): void {
    if (this.fifoOn) this.tx.push(b);             // a full FIFO drops the byte
    else { this.tx.clear(); this.tx.push(b); }   // the holding register is overwritten
    this.thrPending = false;
    this.startTx();
    this.update();
  }

  /** Move the next byte into the shift register if it is idle. */
  private startTx(): void {
    if (this.shifting >= 0 || this.tx.empty) return;
    this.shifting = this.tx.shift();
    if (this.tx.empty) this.thrPending = true;  // THR (or the FIFO) just became empty
    this.txDone = this.clock.after(this.frame(), this.txFinished);
  }

  private finishTx(): void {
    const b = this.shifting;
    this.txDone = null; this.shifting = -1;
    if (this.loop) this.receive(b); else this.sink(b);
    this.startTx();
    this.update();
  }

  // ---- Control and status ----

  private writeIer(v: number): void {
    const was = this.ier;
    this.ier = v & 0x0f;
    // Enabling ETBEI while THR is empty raises a THRE interrupt at once.
    if ((this.ier & UART_IER_THRE) && !(was & UART_IER_THRE) && this.tx.empty) this.thrPending = true;
    this.update();
  }

  private writeFcr(v: number): void {
    const on = (v & 1) !== 0;
    let txCleared = (v & 4) !== 0;
    if (on !== this.fifoOn) { this.rx.clear(); this.timeoutPending = false; txCleared = true; }
    this.fifoOn = on;
    if (v & 2) { this.rx.clear(); this.timeoutPending = false; }
    if (txCleared && !this.tx.empty) { this.tx.clear(); this.thrPending = true; } // THR just emptied
    this.trigger = TRIGGER[v >> 6];
    this.scheduleArrival();
    this.update();
  }

  private writeMcr(v: number): void {
    const wasLoop = this.loop;
    const before = this.msrNow();
    this.mcr = v & 0x1f;
    this.noteMsrChange(before, this.msrNow());
    if (wasLoop && !this.loop) this.scheduleArrival();
    this.update();
  }

  /** MSR bits 7:4 as the pins read now: in loopback they are MCR's outputs (section 8.7). */
  private msrNow(): number {
    if (!this.loop) return this.msrLines;
    const m = this.mcr;
    return ((m & 2) << 3) | ((m & 1) << 5) | ((m & 4) << 4) | ((m & 8) << 4); // CTS=RTS DSR=DTR RI=OUT1 DCD=OUT2
  }

  private noteMsrChange(before: number, after: number): void {
    const ch = before ^ after;
    if (ch & 0x10) this.msrDelta |= 1;                        // DCTS
    if (ch & 0x20) this.msrDelta |= 2;                        // DDSR
    if ((ch & 0x40) && !(after & 0x40)) this.msrDelta |= 4;   // TERI: RI trailing edge
    if (ch & 0x80) this.msrDelta |= 8;                        // DDCD
  }

  private readLsr(): number {
    let v = 0;
    if (!this.rx.empty) v |= UART_LSR_DR;
    if (this.oe) v |= UART_LSR_OE;
    if (this.tx.empty) v |= UART_LSR_THRE;
    if (this.tx.empty && this.shifting < 0) v |= UART_LSR_TEMT;
    this.oe = false; // error bits clear when LSR is read
    this.update();
    return v;
  }

  private readMsr(): number {
    const v = this.msrNow() | this.msrDelta;
    this.msrDelta = 0;
    this.update();
    return v;
  }

  /** The highest-priority pending interrupt (Table IV), or IIR_NONE. */
  private pendingId(): number {
    const ier = this.ier;
    if ((ier & UART_IER_RLS) && this.oe) return IIR_RLS;
    if (ier & UART_IER_RDA) {
      if (this.fifoOn ? this.rx.length >= this.trigger : !this.rx.empty) return IIR_RDA;
      if (this.timeoutPending) return IIR_TIMEOUT;
    }
    if ((ier & UART_IER_THRE) && this.thrPending) return IIR_THRE;
    if ((ier & UART_IER_MSI) && this.msrDelta !== 0) return IIR_MSI;
    return IIR_NONE;
  }

  private readIir(): number {
    const id = this.pendingId();
    if (id === IIR_THRE) { this.thrPending = false; this.update(); } // reading IIR clears a THRE source
    return id | (this.fifoOn ? 0xc0 : 0);
  }

  // ---- Snapshots ----

  save(): Uart16550State {
    return {
      ier: this.ier, lcr: this.lcr, mcr: this.mcr, scr: this.scr, dll: this.dll, dlm: this.dlm,
      fifoOn: this.fifoOn, trigger: this.trigger, oe: this.oe, msrDelta: this.msrDelta, msrLines: this.msrLines,
      thrPending: this.thrPending, timeoutPending: this.timeoutPending,
      rx: this.rx.save(), tx: this.tx.save(), shifting: this.shifting, hostQueue: this.hostQueue.slice(),
      txDone: pendingOf(this.txDone), rxArrive: pendingOf(this.rxArrive), rxTimeout: pendingOf(this.rxTimeout),
      irq: this.irq.high,
    };
  }

  /** Back to a save(): registers, FIFOs, the byte on the wire and its pending events, the line level. */
  restore(s: Uart16550State): void {
    this.ier = s.ier; this.lcr = s.lcr; this.mcr = s.mcr; this.scr = s.scr; this.dll = s.dll; this.dlm = s.dlm;
    this.fifoOn = s.fifoOn; this.trigger = s.trigger; this.oe = s.oe; this.msrDelta = s.msrDelta; this.msrLines = s.msrLines;
    this.thrPending = s.thrPending; this.timeoutPending = s.timeoutPending;
    this.rx.restore(s.rx); this.tx.restore(s.tx); this.shifting = s.shifting;
    this.hostQueue.length = 0; this.hostQueue.push(...s.hostQueue);
    cancel(this.txDone); cancel(this.rxArrive); cancel(this.rxTimeout);
    this.txDone = this.clock.adopt(s.txDone, this.txFinished);
    this.rxArrive = this.clock.adopt(s.rxArrive, this.arrive);
    this.rxTimeout = this.clock.adopt(s.rxTimeout, this.rxTimedOut);
    this.irq.set(s.irq);
  }

  /** Drive INTR (through the OUT2 gate on a PC). */
  private update(): void {
    let level = this.pendingId() !== IIR_NONE;
    if (this.out2Gates && (!(this.mcr & UART_MCR_OUT2) || this.loop)) level = false;
    this.irq.set(level);
  }
}
