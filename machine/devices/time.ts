// Device time: the virtual clock as the devices see it.
//
// Virtual time is the number of instructions the CPU has retired
// (machine/core/clock.ts). A device needs two things from it: "what time is
// it?" (the APIC's current-count register, the Arm counter CNTVCT) and "call
// me at time T" (a UART finishing a byte, a disk request completing, a
// timer expiring). `DeviceClock` gives both over one EventQueue.
//
// Who moves time: the board sets `source` to read the CPU's retired count
// and calls `runDue()` after each run slice. When the CPU halts (HLT/WFI)
// nothing retires, so the board calls `advanceTo(nextEventTime())`: the
// clock adds the skipped ticks to an idle offset, so `now()` is always
// retired + time spent idle. Tests, which have no CPU, keep the default
// source (always 0) and drive time with `advanceTo` alone.
//
// Nominal speed: the machine pretends one instruction takes 10 ns, i.e. a
// 100 MHz CPU (`NOMINAL_HZ`). It is only used where a register must state a
// frequency (CNTFRQ_EL0); every latency a device documents is in ticks.

import { EventQueue, type TimedEvent } from "../core/clock";

/** Virtual ticks (retired instructions) per nominal second. */
export const NOMINAL_HZ = 100_000_000;

export class DeviceClock {
  readonly events: EventQueue;
  /** Ticks skipped while idle (or, in tests, all of time). */
  private idle = 0;
  /** The running count under the clock: the CPU's retired instructions (0 in tests). */
  source: () => number = () => 0;

  constructor(events: EventQueue = new EventQueue()) {
    this.events = events;
  }

  /** The current virtual time, in ticks. */
  now(): number { return this.source() + this.idle; }

  /** Call `fire` at absolute time `at` (at least now). */
  at(at: number, fire: () => void): TimedEvent {
    return this.events.schedule(Math.max(at, this.now()), fire);
  }

  /** Call `fire` `delay` ticks from now. */
  after(delay: number, fire: () => void): TimedEvent {
    return this.events.schedule(this.now() + delay, fire);
  }

  /** Fire every event due by now. */
  runDue(): void { this.events.runDue(this.now()); }

  /** Time of the next device event, or Infinity (for idling: skip to it). */
  nextEventTime(): number { return this.events.nextTime(); }

  /** Ticks skipped so far without retiring instructions. */
  get idleTicks(): number { return this.idle; }

  /**
   * Skip forward to `t` without executing (a halted CPU, or a test), firing
   * events in order, each seeing `now()` equal to its own time. Never goes back.
   */
  advanceTo(t: number): void {
    if (!Number.isFinite(t)) throw new RangeError("advanceTo: no finite time to advance to (a halted CPU with no device event pending waits forever)");
    for (;;) {
      const next = this.events.nextTime();
      if (next > t) break;
      if (next > this.now()) this.idle += next - this.now();
      this.events.runDue(this.now());
    }
    if (t > this.now()) this.idle += t - this.now();
  }
}

/** Cancel a pending event handle, if any; returns null for reassignment. */
export function cancel(ev: TimedEvent | null): null {
  if (ev !== null) ev.cancelled = true;
  return null;
}
