// Virtual time. The machine's clock is the number of instructions the CPU has
// retired; devices schedule their events on it (a timer fires at tick T, the
// UART finishes a byte at tick T). Wall-clock time never enters the machine,
// so a run is the same every time it is replayed.

export interface TimedEvent {
  /** Virtual time at which the event fires. */
  at: number;
  /** Insertion order, so events due at the same tick fire in the order scheduled. */
  seq: number;
  fire(): void;
  /** Set when cancelled; the queue skips it. */
  cancelled: boolean;
}

/** A binary min-heap of events ordered by (at, seq). */
export class EventQueue {
  private heap: TimedEvent[] = [];
  private seq = 0;

  get size(): number { return this.heap.length; }

  /** Schedule `fire` at virtual time `at`; returns a handle that can be cancelled. */
  schedule(at: number, fire: () => void): TimedEvent {
    const ev: TimedEvent = { at, seq: this.seq++, fire, cancelled: false };
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (before(h[p], ev)) break;
      h[i] = h[p]; i = p;
    }
    h[i] = ev;
    return ev;
  }

  /** Time of the earliest pending event, or Infinity. */
  nextTime(): number {
    this.dropCancelled();
    return this.heap.length ? this.heap[0].at : Infinity;
  }

  /** Fire every event due at or before `now`, in order. */
  runDue(now: number): void {
    for (;;) {
      this.dropCancelled();
      const h = this.heap;
      if (h.length === 0 || h[0].at > now) return;
      this.pop().fire();
    }
  }

  private dropCancelled(): void {
    while (this.heap.length && this.heap[0].cancelled) this.pop();
  }

  private pop(): TimedEvent {
    const h = this.heap, top = h[0], last = h.pop()!;
    if (h.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        const cand = m === i ? last : h[m];
        let best = cand;
        if (l < h.length && before(h[l], best)) { m = l; best = h[l]; }
        if (r < h.length && before(h[r], best)) { m = r; best = h[r]; }
        if (m === i) break;
        h[i] = h[m]; i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: TimedEvent, b: TimedEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
