// A small ring buffer of bytes (or, for the PL011's receive side, 12-bit
// entries: 8 data bits plus 4 error flags). Both UARTs keep their transmit
// and receive FIFOs in one of these.

export class Fifo {
  private readonly buf: Uint16Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.buf = new Uint16Array(capacity);
  }

  get length(): number { return this.count; }
  get empty(): boolean { return this.count === 0; }
  get full(): boolean { return this.count === this.capacity; }

  /** Append; returns false (and drops the value) when full. */
  push(v: number): boolean {
    if (this.count === this.capacity) return false;
    this.buf[(this.head + this.count) % this.capacity] = v;
    this.count++;
    return true;
  }

  /** Remove the oldest entry; -1 when empty. */
  shift(): number {
    if (this.count === 0) return -1;
    const v = this.buf[this.head];
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return v;
  }

  /** The oldest entry without removing it; -1 when empty. */
  peek(): number { return this.count === 0 ? -1 : this.buf[this.head]; }

  clear(): void { this.head = 0; this.count = 0; }

  /** The entries, oldest first (for a snapshot). */
  save(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.buf[(this.head + i) % this.capacity]);
    return out;
  }

  restore(entries: readonly number[]): void {
    this.clear();
    for (const v of entries) this.push(v);
  }
}

/**
 * How long one character takes on the wire, in virtual ticks.
 * A real UART sends start bit + data bits + parity + stop bits at the baud
 * rate its divisor sets. We keep that shape — more bits or a larger divisor
 * take proportionally longer — but scale it so a character at the fastest
 * divisor costs `ticksPerBit` instructions per bit instead of the thousands
 * a real 115200 baud line would, so console output does not dominate a run.
 */
export function frameTicks(bitsPerFrame: number, divisor: number, ticksPerBit: number): number {
  return Math.max(1, Math.round(bitsPerFrame * Math.max(divisor, 1) * ticksPerBit));
}
