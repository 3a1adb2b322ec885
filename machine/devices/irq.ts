// Interrupt wiring: how a device signals, and how a CPU notices.
//
// On a real board a device drives a wire; which interrupt controller the wire
// ends at (and at which input number) is the board's business, not the
// device's. So a device is handed an `IrqLine` — a controller and an input
// number — and only ever raises or lowers it. The same PL011 code works
// whether its line goes to GIC INTID 33 or anywhere else.
//
// All our lines are *levels*: a device holds its line high while it wants
// service (the UART has unread data, the block device has a completion not
// yet acknowledged). A controller that wants edges (the IOAPIC with an
// edge-triggered entry, a GIC input configured as edge) detects the rising
// transition itself, as the hardware does.
//
// The other end of the controller is the CPU's interrupt input. `CpuIrqPin`
// is a single boolean the controller keeps current on every change, so a
// CPU's run loop pays one field load per block to ask "may I be interrupted
// now?" (it also checks its own mask: RFLAGS.IF, PSTATE.I).

import { TRACE_IRQ, type Tracer } from "../core/trace";

/** Anything with numbered interrupt inputs: IOAPIC, GIC distributor. */
export interface IrqController {
  /** Drive input `n` high (true) or low (false). Idempotent. */
  setLine(n: number, level: boolean): void;
}

/** One wire from a device to a controller input. */
export class IrqLine {
  private level = false;
  /** Set to the machine's tracer to see level changes in the irq category. */
  tracer: Tracer | null = null;
  constructor(private readonly ctrl: IrqController, readonly n: number) {}

  /**
   * Set the wire's level; only changes reach the controller. (A device's
   * restore() sets its line this way too, so a machine restore puts the
   * interrupt controllers back after the devices: their own saved state is
   * the truth, whatever the devices' lines told them on the way.)
   */
  set(level: boolean): void {
    if (level === this.level) return;
    this.level = level;
    if (this.tracer !== null && this.tracer.irq) this.tracer.emit(TRACE_IRQ, level ? "raise" : "lower", this.n);
    this.ctrl.setLine(this.n, level);
  }
  raise(): void { this.set(true); }
  lower(): void { this.set(false); }
  get high(): boolean { return this.level; }
}

/** A line that goes nowhere: for a device tested alone, or left unwired. */
export const NO_IRQ: IrqController = { setLine() {} };

/**
 * The CPU's interrupt input (x86 INTR from the local APIC; Arm's IRQ signal
 * from the GIC CPU interface). `asserted` is true while the controller has an
 * interrupt the CPU should take as soon as its own mask allows.
 *
 * How the CPU takes one:
 *  - x86_64: if `asserted` and RFLAGS.IF = 1 (and no STI/MOV SS shadow), call
 *    `LocalApic.acknowledge()` (the INTA cycle), which returns the vector and
 *    moves it from IRR to ISR; then deliver through the IDT.
 *  - AArch64: if `asserted` and PSTATE.I = 0, take the IRQ exception to
 *    VBAR_EL1 + 0x280/0x480. The kernel acknowledges by reading GICC_IAR;
 *    the CPU itself tells the GIC nothing.
 * `onChange`, if set, is called when `asserted` changes (a halted machine
 * uses it to wake up; the debugger to log the event).
 */
export class CpuIrqPin {
  asserted = false;
  onChange: ((asserted: boolean) => void) | null = null;

  set(v: boolean): void {
    if (v === this.asserted) return;
    this.asserted = v;
    if (this.onChange !== null) this.onChange(v);
  }
}
