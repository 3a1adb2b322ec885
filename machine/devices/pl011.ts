// The Arm PrimeCell UART (PL011), as on QEMU's `virt` board at 0x09000000.
// Offsets, bits and reset values follow the PL011 Technical Reference
// Manual r1p5 (Arm DDI 0183G): chapter 3 "Programmers Model", Table 3-1
// "UART register summary" and the register sections 3.3.1-3.3.17; the
// interrupts follow section 3.4.
//
// Timing works like the 16550 (see uart16550.ts): a character spends one
// frame time in the transmit shift register before it reaches `sink`;
// host bytes arrive one frame apart while the receive FIFO has room. The
// r1p5 FIFOs are 32 entries deep (section 2.1).
//
// As with the 16550 the wire is perfect (no framing, parity or break
// errors; an overrun only in loopback), IrDA (ILPR) and DMA (DMACR) are
// plain storage, and the modem-status interrupts never fire.
//
// A point the TRM makes (3.4.3, UARTTXINTR) that surprises people: with the
// FIFOs on, the transmit interrupt fires when the FIFO level *passes down
// through* the trigger level, not while it sits below it. Enabling TXIM on
// an idle UART therefore raises nothing; a driver primes it by writing
// characters. We model exactly that.

import type { MmioDevice } from "../core/physmem";
import type { TimedEvent } from "../core/clock";
import { Fifo, frameTicks } from "./fifo";
import { IrqLine } from "./irq";
import { DeviceClock, cancel, pendingOf, type PendingEvent } from "./time";

/** UARTFR bits (3.3.3). */
export const FR_BUSY = 1 << 3, FR_RXFE = 1 << 4, FR_TXFF = 1 << 5, FR_RXFF = 1 << 6, FR_TXFE = 1 << 7;
/** Interrupt bits shared by IMSC/RIS/MIS/ICR (3.3.10-3.3.13). */
export const INT_RX = 1 << 4, INT_TX = 1 << 5, INT_RT = 1 << 6, INT_OE = 1 << 10;
/** UARTCR bits (3.3.8). */
export const CR_UARTEN = 1 << 0, CR_LBE = 1 << 7, CR_TXE = 1 << 8, CR_RXE = 1 << 9;
const LCRH_FEN = 1 << 4;

/** UARTPeriphID0-3 and UARTPCellID0-3 at 0xFE0-0xFFC (3.3.14-3.3.17); revision 3 = r1p5. */
export const PL011_ID = [0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

/** Everything a snapshot needs (plain data). */
export interface Pl011State {
  ibrd: number; fbrd: number; lcrh: number; cr: number; ifls: number; imsc: number; ris: number;
  ilpr: number; dmacr: number; rsr: number;
  rx: number[]; tx: number[]; shifting: number; hostQueue: number[];
  txDone: PendingEvent | null; rxArrive: PendingEvent | null; rxTimeout: PendingEvent | null;
  irq: boolean;
}

const DEPTH = 32;
/** IFLS trigger levels for a 32-entry FIFO: 1/8, 1/4, 1/2, 3/4, 7/8 full. */
const LEVEL = [4, 8, 16, 24, 28, 16, 16, 16];

export interface Pl011Options {
  sink?: (byte: number) => void;
  /** Virtual ticks per bit at divisor 1 (default 1). */
  ticksPerBit?: number;
}

export class Pl011 implements MmioDevice {
  readonly name = "pl011";
  sink: (byte: number) => void;
  private readonly ticksPerBit: number;

  private ibrd = 0; private fbrd = 0; private lcrh = 0; private cr = 0x300;
  private ifls = 0x12; private imsc = 0; private ris = 0; private ilpr = 0; private dmacr = 0;
  private rsr = 0;

  private readonly rx = new Fifo(DEPTH);
  private readonly tx = new Fifo(DEPTH);
  private shifting = -1;
  private txDone: TimedEvent | null = null;
  private rxArrive: TimedEvent | null = null;
  private rxTimeout: TimedEvent | null = null;
  private readonly hostQueue: number[] = [];

  constructor(private readonly clock: DeviceClock, private readonly irq: IrqLine, opts: Pl011Options = {}) {
    this.sink = opts.sink ?? (() => {});
    this.ticksPerBit = opts.ticksPerBit ?? 1;
  }

  /** Bytes from the host terminal. */
  input(bytes: Uint8Array | number[] | string): void {
    if (typeof bytes === "string") bytes = Array.from(new TextEncoder().encode(bytes));
    for (const b of bytes) this.hostQueue.push(b & 0xff);
    this.scheduleArrival();
  }

  get pendingInput(): number { return this.hostQueue.length; }

  read(offset: number, _size: number): number {
    switch (offset) {
      case 0x000: return this.readDr();
      case 0x004: return this.rsr;
      case 0x018: return this.flags();
      case 0x020: return this.ilpr;
      case 0x024: return this.ibrd;
      case 0x028: return this.fbrd;
      case 0x02c: return this.lcrh;
      case 0x030: return this.cr;
      case 0x034: return this.ifls;
      case 0x038: return this.imsc;
      case 0x03c: return this.ris;
      case 0x040: return this.ris & this.imsc;
      case 0x048: return this.dmacr;
    }
    if (offset >= 0xfe0 && offset <= 0xffc && (offset & 3) === 0) return PL011_ID[(offset - 0xfe0) >> 2];
    return 0; // reserved and write-only registers read as zero
  }

  write(offset: number, _size: number, value: number): void {
    switch (offset) {
      case 0x000: this.writeDr(value & 0xff); break;
      case 0x004: this.rsr = 0; break;                 // UARTECR: any write clears the errors
      case 0x020: this.ilpr = value & 0xff; break;
      case 0x024: this.ibrd = value & 0xffff; break;
      case 0x028: this.fbrd = value & 0x3f; break;
      case 0x02c: this.lcrh = value & 0xff; break;
      case 0x030: this.writeCr(value & 0xffff); break;
      case 0x034: this.ifls = value & 0x3f; break;
      case 0x038: this.imsc = value & 0x7ff; this.update(); break;
      case 0x044: this.ris &= ~value; this.update(); break; // UARTICR: write 1 to clear
      case 0x048: this.dmacr = value & 7; break;
      default: break; // read-only and reserved registers ignore writes
    }
  }

  private get fifoOn(): boolean { return (this.lcrh & LCRH_FEN) !== 0; }
  private depth(): number { return this.fifoOn ? DEPTH : 1; }
  private txLevel(): number { return this.fifoOn ? LEVEL[this.ifls & 7] : 0; }
  private rxLevel(): number { return this.fifoOn ? LEVEL[(this.ifls >> 3) & 7] : 1; }
  private enabled(bit: number): boolean { return (this.cr & CR_UARTEN) !== 0 && (this.cr & bit) !== 0; }

  /** Frame length from LCR_H: start + WLEN data + parity + 1 or 2 stop bits, at IBRD+FBRD/64. */
  private frame(bits = 0): number {
    const n = bits || 1 + 5 + ((this.lcrh >> 5) & 3) + ((this.lcrh >> 1) & 1) + ((this.lcrh & 8) ? 2 : 1);
    return frameTicks(n, this.ibrd + this.fbrd / 64, this.ticksPerBit);
  }

  private flags(): number {
    let f = 0;
    if (this.rx.empty) f |= FR_RXFE;
    if (this.rx.length >= this.depth()) f |= FR_RXFF;
    if (this.tx.empty) f |= FR_TXFE;
    if (this.tx.length >= this.depth()) f |= FR_TXFF;
    if (!this.tx.empty || this.shifting >= 0) f |= FR_BUSY;
    return f;
  }

  // ---- Receive ----

  private readDr(): number {
    const v = this.rx.shift();
    if (v < 0) return 0;
    if (this.rx.length < this.rxLevel()) this.ris &= ~INT_RX;   // fell below the trigger level
    if (this.rx.empty) this.ris &= ~INT_RT;                      // time-out clears when emptied
    this.rxActivity();
    this.scheduleArrival();
    this.update();
    return v;
  }

  private receive(b: number): void {
    if (this.rx.length >= this.depth()) {                     // overrun: the new character is lost
      this.rsr |= 8; this.ris |= INT_OE; this.update(); return;
    }
    this.rx.push(b);
    if (this.rx.length >= this.rxLevel()) this.ris |= INT_RX;
    this.rxActivity();
    this.update();
  }

  /** Receive time-out: FIFO not empty and 32 bit periods without a new character (3.4.4). */
  private rxActivity(): void {
    this.rxTimeout = cancel(this.rxTimeout);
    if (this.rx.empty) return;
    this.rxTimeout = this.clock.after(this.frame(32), this.rxTimedOut);
  }

  // Event actions are fields, not inline closures, so restore() can re-attach them.
  private readonly rxTimedOut = (): void => {
    this.rxTimeout = null;
    if (!this.rx.empty) { this.ris |= INT_RT; this.update(); }
  };

  private readonly arrive = (): void => {
    this.rxArrive = null;
    if ((this.cr & CR_LBE) || !this.enabled(CR_RXE) || this.hostQueue.length === 0) return;
    if (this.rx.length < this.depth()) this.receive(this.hostQueue.shift()!);
    this.scheduleArrival();
  };

  private readonly txFinished = (): void => this.finishTx();

  private scheduleArrival(): void {
    if (this.rxArrive !== null || this.hostQueue.length === 0) return;
    if ((this.cr & CR_LBE) || !this.enabled(CR_RXE) || this.rx.length >= this.depth()) return;
    this.rxArrive = this.clock.after(this.frame(), this.arrive);
  }

  // ---- Transmit ----

  private writeDr(b: number): void {
    if (this.tx.length >= this.depth()) return;  // writing a full FIFO loses the character
    this.tx.push(b);
    if (this.tx.length > this.txLevel()) this.ris &= ~INT_TX;    // filled above the level
    this.startTx();
    this.update();
  }

  private startTx(): void {
    if (this.shifting >= 0 || this.tx.empty || !this.enabled(CR_TXE)) return;
    const before = this.tx.length;
    this.shifting = this.tx.shift();
    if (before > this.txLevel() && this.tx.length <= this.txLevel()) this.ris |= INT_TX; // passed down through the level
    this.txDone = this.clock.after(this.frame(), this.txFinished);
  }

  private finishTx(): void {
    const b = this.shifting;
    this.txDone = null; this.shifting = -1;
    if (this.cr & CR_LBE) { if (this.enabled(CR_RXE)) this.receive(b); } else this.sink(b);
    this.startTx();
    this.update();
  }

  private writeCr(v: number): void {
    this.cr = v;
    this.startTx();
    this.scheduleArrival();
  }

  /** UARTINTR: the OR of the masked interrupt status (3.4.7). */
  private update(): void {
    this.irq.set((this.ris & this.imsc) !== 0);
  }

  // ---- Snapshots ----

  save(): Pl011State {
    return {
      ibrd: this.ibrd, fbrd: this.fbrd, lcrh: this.lcrh, cr: this.cr, ifls: this.ifls, imsc: this.imsc, ris: this.ris,
      ilpr: this.ilpr, dmacr: this.dmacr, rsr: this.rsr,
      rx: this.rx.save(), tx: this.tx.save(), shifting: this.shifting, hostQueue: this.hostQueue.slice(),
      txDone: pendingOf(this.txDone), rxArrive: pendingOf(this.rxArrive), rxTimeout: pendingOf(this.rxTimeout),
      irq: this.irq.high,
    };
  }

  restore(s: Pl011State): void {
    this.ibrd = s.ibrd; this.fbrd = s.fbrd; this.lcrh = s.lcrh; this.cr = s.cr; this.ifls = s.ifls; this.imsc = s.imsc;
    this.ris = s.ris; this.ilpr = s.ilpr; this.dmacr = s.dmacr; this.rsr = s.rsr;
    this.rx.restore(s.rx); this.tx.restore(s.tx); this.shifting = s.shifting;
    this.hostQueue.length = 0; this.hostQueue.push(...s.hostQueue);
    cancel(this.txDone); cancel(this.rxArrive); cancel(this.rxTimeout);
    this.txDone = this.clock.adopt(s.txDone, this.txFinished);
    this.rxArrive = this.clock.adopt(s.rxArrive, this.arrive);
    this.rxTimeout = this.clock.adopt(s.rxTimeout, this.rxTimedOut);
    this.irq.set(s.irq);
  }

  /** Cancel pending wire activity (a board reset). */
  reset(): void {
    this.txDone = cancel(this.txDone); this.rxArrive = cancel(this.rxArrive); this.rxTimeout = cancel(this.rxTimeout);
    this.ibrd = 0; this.fbrd = 0; this.lcrh = 0; this.cr = 0x300; this.ifls = 0x12;
    this.imsc = 0; this.ris = 0; this.ilpr = 0; this.dmacr = 0; this.rsr = 0;
    this.rx.clear(); this.tx.clear(); this.shifting = -1;
    this.update();
  }
}
