// The x86 I/O port space: 65536 byte-addressed ports reached only by IN and
// OUT (Intel SDM Vol. 1, ch. 19 "Input/Output"). It mirrors PhysMem's MMIO
// regions: a device claims a window of ports and sees offsets into it.
//
// A port nobody claims reads as all ones (on a PC the data lines float
// high; QEMU returns 0xFF / 0xFFFF / 0xFFFFFFFF too) and writes vanish, so
// a kernel probing for a missing device sees "nothing there", not a crash.
// The CPU calls `read`/`write` from IN/OUT after its own I/O privilege check
// (CPL <= IOPL, or the TSS bitmap), which is not the bus's concern.

import type { MmioDevice } from "../core/physmem";
import { TRACE_IO, Tracer } from "../core/trace";

/** A port device has the same shape as an MMIO device: offsets into its window. */
export type PortDevice = MmioDevice;

export class PortBus {
  /** For each port, 1 + the index of its device in `devs`, or 0. */
  private readonly owner = new Uint16Array(0x10000);
  private readonly devs: { base: number; dev: PortDevice }[] = [];
  /** Device I/O tracing (a board shares PhysMem's tracer here: `bus.tracer = mem.tracer`). */
  tracer = new Tracer();

  /** Claim ports [base, base+size) for `dev`. Windows may not overlap. */
  map(base: number, size: number, dev: PortDevice): void {
    if (!Number.isInteger(base) || !Number.isInteger(size) || base < 0 || size <= 0 || base + size > 0x10000) {
      throw new RangeError(`port window 0x${base.toString(16)}+${size} for ${dev.name} is outside 0..0xffff`);
    }
    for (let p = base; p < base + size; p++) {
      if (this.owner[p] !== 0) {
        throw new RangeError(`port 0x${p.toString(16)} for ${dev.name} is already ${this.devs[this.owner[p] - 1].dev.name}'s`);
      }
    }
    this.devs.push({ base, dev });
    this.owner.fill(this.devs.length, base, base + size);
  }

  /** The device that owns `port`, if any (for the debugger). */
  deviceAt(port: number): PortDevice | undefined {
    const o = this.owner[port & 0xffff];
    return o === 0 ? undefined : this.devs[o - 1].dev;
  }

  /** IN: read `size` (1, 2 or 4) bytes at `port`. */
  read(port: number, size: number): number {
    const o = this.owner[port & 0xffff];
    if (o === 0) return size === 4 ? -1 : size === 2 ? 0xffff : 0xff;
    const d = this.devs[o - 1];
    const v = d.dev.read((port & 0xffff) - d.base, size);
    if (this.tracer.io) this.tracer.emit(TRACE_IO, "port-in", port & 0xffff, size, v, 0, d.dev.name);
    return v;
  }

  /** OUT: write `size` bytes of `value` at `port`. */
  write(port: number, size: number, value: number): void {
    const o = this.owner[port & 0xffff];
    if (o === 0) return;
    const d = this.devs[o - 1];
    if (this.tracer.io) this.tracer.emit(TRACE_IO, "port-out", port & 0xffff, size, value, 0, d.dev.name);
    d.dev.write((port & 0xffff) - d.base, size, value);
  }
}
