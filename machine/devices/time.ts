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

// Snapshots: `save()`/`restore()` keep the idle offset and the event queue
// (the same event objects, in-process; see EventQueueState). Devices save
// their own pending events as plain (at, seq) pairs (`pendingOf`) and put
// them back with `adopt`, which re-uses the queue's event when the queue was
// restored too and schedules an equal one when it was not, so a device's
// restore is right either way and same-tick events keep their order.

import { EventQueue, type EventQueueState, type TimedEvent } from "../core/clock";

/** A device's pending event as plain data: when, and its place among same-tick events. */
export interface PendingEvent { at: number; seq: number }

/** The clock's part of a machine snapshot (in-process: it holds the event objects). */
export interface DeviceClockState { idle: number; events: EventQueueState }

/** A pending event handle as plain data, or null if none (or cancelled). */
export function pendingOf(ev: TimedEvent | null): PendingEvent | null {
  return ev === null || ev.cancelled ? null : { at: ev.at, seq: ev.seq };
}

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

  /** Re-install a saved pending event (null: none) with action `fire`; returns the handle. */
  adopt(p: PendingEvent | null, fire: () => void): TimedEvent | null {
    return p === null ? null : this.events.adopt(p.at, p.seq, fire);
  }

  /** The idle offset and the pending events. */
  save(): DeviceClockState { return { idle: this.idle, events: this.events.save() }; }

  /** Back to a save(): the CPU restores its own retired count, which `source` reads. */
  restore(s: DeviceClockState): void {
    this.idle = s.idle;
    this.events.restore(s.events);
  }

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
