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

/**
 * What EventQueue.save returns. It holds the event objects themselves (their
 * `fire` closures can't be written down), so it is only good inside the
 * process that made it: snapshots for reverse stepping and replay are
 * in-process; devices' own save() data is plain and can go further.
 */
export interface EventQueueState {
  seq: number;
  events: { ev: TimedEvent; at: number; seq: number; cancelled: boolean }[];
}

/** A binary min-heap of events ordered by (at, seq). */
export class EventQueue {
  private heap: TimedEvent[] = [];
  private seq = 0;

  get size(): number { return this.heap.length; }

  /** The sequence number the next scheduled event will get. */
  get nextSeq(): number { return this.seq; }

  /** Schedule `fire` at virtual time `at`; returns a handle that can be cancelled. */
  schedule(at: number, fire: () => void): TimedEvent {
    const ev: TimedEvent = { at, seq: this.seq++, fire, cancelled: false };
    this.insert(ev);
    return ev;
  }

  /**
   * Re-install an event a device saved as (at, seq): the pending event with
   * that seq if the queue still (or, after restore(), again) holds it, else a
   * new one with the same (at, seq), so events due at the same tick keep
   * their original order. `fire` replaces the event's action.
   */
  adopt(at: number, seq: number, fire: () => void): TimedEvent {
    for (const ev of this.heap) {
      if (ev.seq === seq && ev.at === at) { ev.fire = fire; ev.cancelled = false; return ev; }
    }
    const ev: TimedEvent = { at, seq, fire, cancelled: false };
    if (seq >= this.seq) this.seq = seq + 1;
    this.insert(ev);
    return ev;
  }

  /** The pending events and the sequence counter (in-process only: see EventQueueState). */
  save(): EventQueueState {
    return { seq: this.seq, events: this.heap.map((ev) => ({ ev, at: ev.at, seq: ev.seq, cancelled: ev.cancelled })) };
  }

  /** Put back exactly the events pending at save(), the same objects, with their (at, seq) and cancelled state. */
  restore(s: EventQueueState): void {
    this.heap = [];
    for (const r of s.events) {
      r.ev.at = r.at; r.ev.seq = r.seq; r.ev.cancelled = r.cancelled;
      this.insert(r.ev);
    }
    this.seq = s.seq;
  }

  private insert(ev: TimedEvent): void {
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (before(h[p], ev)) break;
      h[i] = h[p]; i = p;
    }
    h[i] = ev;
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
