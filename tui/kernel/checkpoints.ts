// Checkpoints for reverse steps: the machine's snapshot (machine/core/snapshot.ts:
// RAM by copy-on-write, clock, devices, CPU) taken together with a copy of
// the kernel's state (plain data by rule, so structuredClone copies all of
// it) and whatever the session keeps beside them (console text, counters).
//
// At most MAX checkpoints are kept: when there are more, every other one
// of the older half goes (the first always stays), so a long run keeps
// dense checkpoints near the present and sparse ones far back, and a step
// back never replays more than the gap between two of them.

import { MachineSnapshots, type MachineParts, type MachineSnapshot } from "../../machine/core/snapshot";
import type { Hash64 } from "../../machine/core/hash";

export interface Checkpoint<Extra> {
  position: number;
  machine: MachineSnapshot;
  /** structuredClone of kernel.state when taken. */
  kernelState: unknown;
  extra: Extra;
}

const MAX = 64;

export class Checkpoints<Extra> {
  private readonly snaps: MachineSnapshots;
  private readonly list: Checkpoint<Extra>[] = [];

  constructor(parts: MachineParts) { this.snaps = new MachineSnapshots(parts); }

  get first(): Checkpoint<Extra> | undefined { return this.list[0]; }
  get last(): Checkpoint<Extra> | undefined { return this.list[this.list.length - 1]; }

  /** Take one now (between events only: never inside a kernel handler). */
  take(position: number, kernelState: unknown, extra: Extra): void {
    this.list.push({ position, machine: this.snaps.take(), kernelState: structuredClone(kernelState), extra });
    if (this.list.length <= MAX) return;
    const keep: Checkpoint<Extra>[] = [];
    const half = this.list.length >> 1;
    this.list.forEach((c, i) => { if (i === 0 || i >= half || i % 2 === 0) keep.push(c); else this.snaps.release(c.machine); });
    this.list.splice(0, this.list.length, ...keep);
  }

  /** The latest checkpoint at or before `position`, if any. */
  nearest(position: number): Checkpoint<Extra> | undefined {
    let c: Checkpoint<Extra> | undefined;
    for (const h of this.list) if (h.position <= position) c = h;
    return c;
  }

  /**
   * Put the machine back as it was at `c`, forget later checkpoints, and
   * return a fresh copy of the kernel state to put in place.
   */
  restore(c: Checkpoint<Extra>): unknown {
    this.snaps.restore(c.machine);
    while (this.list.length && this.list[this.list.length - 1].position > c.position) this.snaps.release(this.list.pop()!.machine);
    return structuredClone(c.kernelState);
  }

  /** A fingerprint of the machine now (RAM, devices, controllers, CPUs, time). */
  machineHash(): Hash64 { return this.snaps.hash(); }
}
