// The I/O APIC (Intel 82093AA datasheet, section 3 "Register
// descriptions"), at physical 0xFEC00000: it turns device interrupt lines
// into interrupt messages for the local APIC, one 64-bit redirection entry
// per input pin.
//
// The kernel reaches its registers indirectly: write a register number to
// IOREGSEL (offset 0x00), then read or write it through IOWIN (offset 0x10).
//   0x00 IOAPICID   0x01 IOAPICVER   0x02 IOAPICARB
//   0x10 + 2n, 0x11 + 2n: redirection entry n (low, high word)
//
// A redirection entry (3.2.4): vector 7:0, delivery mode 10:8, destination
// mode 11, delivery status 12 (RO), polarity 13 (1 = active low), remote
// IRR 14 (RO), trigger mode 15 (1 = level), mask 16, destination 63:56.
// Edge entries send one message per rising edge of the (polarity-adjusted)
// input. Level entries send a message while the input is asserted and set
// Remote IRR; the local APIC's EOI for that vector clears Remote IRR, and a
// still-asserted input sends again. On a PC the UART is ISA IRQ 4: pin 4,
// edge-triggered, active high.
//
// One CPU: every entry goes to our single local APIC whatever its
// destination says. Fixed and lowest-priority delivery are supported; SMI,
// NMI, INIT and ExtINT entries are stored but deliver nothing.

import type { MmioDevice } from "../core/physmem";
import type { IrqController } from "./irq";
import type { LocalApic } from "./lapic";

export const IOAPIC_BASE = 0xfec00000;
export const IOAPIC_PINS = 24;
/** IOAPICVER (3.2.2): version 0x11, Maximum Redirection Entry 23. */
export const IOAPIC_VERSION = 0x00170011;
const MASK = 1 << 16, LEVEL = 1 << 15, REMOTE_IRR = 1 << 14, LOW = 1 << 13;

/** Everything a snapshot needs (plain data). */
export interface IoApicState { sel: number; id: number; lo: number[]; hi: number[]; input: number[] }

export class IoApic implements MmioDevice, IrqController {
  readonly name = "ioapic";
  private sel = 0;
  private id = 0;
  private readonly lo = new Int32Array(IOAPIC_PINS);
  private readonly hi = new Int32Array(IOAPIC_PINS);
  /** Raw input levels as the devices drive them. */
  private readonly input = new Uint8Array(IOAPIC_PINS);

  constructor(private readonly lapic: LocalApic) {
    lapic.onLevelEoi = (v) => this.eoi(v);
    this.reset();
  }

  /** Reset (3.2.4): every entry masked, the rest zero. */
  reset(): void {
    this.sel = 0; this.id = 0;
    this.lo.fill(MASK); this.hi.fill(0);
  }

  read(offset: number, _size: number): number {
    if (offset === 0x00) return this.sel;
    if (offset !== 0x10) return 0;
    const r = this.sel;
    if (r === 0x00) return this.id << 24;
    if (r === 0x01) return IOAPIC_VERSION;
    if (r === 0x02) return this.id << 24; // arbitration ID mirrors the ID
    const n = (r - 0x10) >> 1;
    if (r >= 0x10 && n < IOAPIC_PINS) return (r & 1) ? this.hi[n] : this.lo[n];
    return 0;
  }

  write(offset: number, _size: number, value: number): void {
    if (offset === 0x00) { this.sel = value & 0xff; return; }
    if (offset !== 0x10) return;
    const r = this.sel;
    if (r === 0x00) { this.id = (value >>> 24) & 0x0f; return; }
    const n = (r - 0x10) >> 1;
    if (r < 0x10 || n >= IOAPIC_PINS) return;
    if (r & 1) { this.hi[n] = value & 0xff000000; return; }
    // Delivery status and Remote IRR are read-only.
    this.lo[n] = (value & ~(REMOTE_IRR | (1 << 12))) | (this.lo[n] & REMOTE_IRR);
    if (!(this.lo[n] & LEVEL)) this.lo[n] &= ~REMOTE_IRR;
    this.service(n, false);
  }

  save(): IoApicState {
    return { sel: this.sel, id: this.id, lo: Array.from(this.lo), hi: Array.from(this.hi), input: Array.from(this.input) };
  }

  /** Back to a save(): entries (Remote IRR included) and input levels; nothing is sent. */
  restore(s: IoApicState): void {
    this.sel = s.sel; this.id = s.id;
    this.lo.set(s.lo); this.hi.set(s.hi); this.input.set(s.input);
  }

  /** Entry n's low word, for tests and the debugger. */
  entry(n: number): number { return this.lo[n]; }

  /** A device drives pin n. */
  setLine(n: number, level: boolean): void {
    if (n < 0 || n >= IOAPIC_PINS) return;
    const was = this.asserted(n);
    this.input[n] = level ? 1 : 0;
    this.service(n, !was && this.asserted(n));
  }

  private asserted(n: number): boolean {
    return (this.input[n] === 1) !== ((this.lo[n] & LOW) !== 0);
  }

  /** Send entry n's message if its trigger rule says so. */
  private service(n: number, rising: boolean): void {
    const e = this.lo[n];
    if (e & MASK) return;               // a masked edge is lost, as on the 82093AA
    if (e & LEVEL) {
      if (!this.asserted(n) || (e & REMOTE_IRR)) return;
      this.lo[n] = e | REMOTE_IRR;
      this.send(n, true);
    } else if (rising) {
      this.send(n, false);
    }
  }

  private send(n: number, level: boolean): void {
    const mode = (this.lo[n] >> 8) & 7;
    if (mode === 0 || mode === 1) this.lapic.accept(this.lo[n] & 0xff, level);
  }

  /** The local APIC's EOI broadcast for a level vector: clear Remote IRR, resend if still asserted. */
  private eoi(vector: number): void {
    for (let n = 0; n < IOAPIC_PINS; n++) {
      if ((this.lo[n] & LEVEL) && (this.lo[n] & 0xff) === vector && (this.lo[n] & REMOTE_IRR)) {
        this.lo[n] &= ~REMOTE_IRR;
        this.service(n, false);
      }
    }
  }
}
