// Tracing: what the debugger's timeline, `--trace` logs and the grader's
// failure reports are made of.
//
// The machine emits events in five categories. Each category is one boolean
// field on the Tracer, true only while somebody listens, and every emitter is
// written as
//
//     if (tracer.io) tracer.emit(TRACE_IO, "mmio-write", pa, size, value, 0, dev.name);
//
// so with nobody listening an emitter costs one field load and a branch: no
// event object, no closure, no string is built. (The arguments are numbers
// and strings that already exist; `emit` allocates the event only when it
// runs, i.e. when a listener wants it.)
//
// Events of all categories share one sequence counter, so a listener that
// subscribed to several categories can merge them into a single timeline;
// each listener gets the events in the order they happened.
//
// What the fields mean, per category (a..d are numbers, `name` a string):
//   insn  "insn"        a,b = PC lo/hi   c = retired count (low 32 bits)
//   trap  kind = "syscall" | "exception" | "eret" ...
//                       a = Exc kind or vector  b = code  c,d = PC lo/hi
//   irq   "raise" | "lower" (an IrqLine changing level: a = input number),
//         "take" (a CPU taking an interrupt: a = vector/INTID)
//   mmu   "fill"        a,b = VA lo/hi  c = physical page  d = access (0 R, 1 W, 2 X)
//         "flush-all"   a = 1 if global entries went too
//         "flush-asid"  a = asid
//         "flush-page"  a,b = VA lo/hi  c = asid, or -1 for every asid
//         "snapshot-wp" (a snapshot dropped every write entry)
//   io    "mmio-read" | "mmio-write"  a = physical address  b = size  c = value  name = device
//         "port-in" | "port-out"      a = port              b = size  c = value  name = device
// The CPUs emit insn and trap events; devices, PhysMem, PortBus and the Mmu
// emit the rest.

export const TRACE_INSN = 0, TRACE_TRAP = 1, TRACE_IRQ = 2, TRACE_MMU = 3, TRACE_IO = 4;
export type TraceCategory = 0 | 1 | 2 | 3 | 4;
export const TRACE_NAMES = ["insn", "trap", "irq", "mmu", "io"] as const;
export type TraceCategoryName = (typeof TRACE_NAMES)[number];

export interface TraceEvent {
  /** Position in the machine's event order (all categories). */
  seq: number;
  cat: TraceCategory;
  kind: string;
  a: number;
  b: number;
  c: number;
  d: number;
  name: string;
}

export type TraceListener = (e: TraceEvent) => void;

export class Tracer {
  // One flag per category: true while it has a listener. Emitters test these.
  insn = false;
  trap = false;
  irq = false;
  mmu = false;
  io = false;
  private readonly listeners: TraceListener[][] = [[], [], [], [], []];
  private seq = 0;

  /**
   * Listen to one or more categories (by number or name). Returns the
   * function that unsubscribes again.
   */
  subscribe(cats: TraceCategory | TraceCategoryName | readonly (TraceCategory | TraceCategoryName)[], fn: TraceListener): () => void {
    const list = (Array.isArray(cats) ? cats : [cats]) as (TraceCategory | TraceCategoryName)[];
    const nums = list.map((c) => {
      const n = typeof c === "number" ? c : TRACE_NAMES.indexOf(c);
      if (!(n >= 0 && n < 5)) throw new RangeError(`unknown trace category ${String(c)} (known: ${TRACE_NAMES.join(", ")})`);
      return n;
    });
    for (const n of nums) { this.listeners[n].push(fn); this.refresh(n); }
    return () => {
      for (const n of nums) {
        const i = this.listeners[n].indexOf(fn);
        if (i >= 0) this.listeners[n].splice(i, 1);
        this.refresh(n);
      }
    };
  }

  /** True if category `cat` has a listener (the same as reading its flag). */
  on(cat: TraceCategory): boolean { return this.listeners[cat].length > 0; }

  /** Deliver one event to the category's listeners. Call it only behind the category's flag. */
  emit(cat: TraceCategory, kind: string, a: number, b = 0, c = 0, d = 0, name = ""): void {
    const ls = this.listeners[cat];
    if (ls.length === 0) return;
    const e: TraceEvent = { seq: this.seq++, cat, kind, a, b, c, d, name };
    for (let i = 0; i < ls.length; i++) ls[i](e);
  }

  private refresh(n: number): void {
    const v = this.listeners[n].length > 0;
    switch (n) {
      case TRACE_INSN: this.insn = v; break;
      case TRACE_TRAP: this.trap = v; break;
      case TRACE_IRQ: this.irq = v; break;
      case TRACE_MMU: this.mmu = v; break;
      default: this.io = v;
    }
  }
}

/** Print an event the way `--trace` logs show it. */
export function formatTrace(e: TraceEvent): string {
  const h = (v: number) => "0x" + (v >>> 0).toString(16);
  const va = (lo: number, hi: number) => "0x" + (hi >>> 0).toString(16) + (lo >>> 0).toString(16).padStart(8, "0");
  switch (e.cat) {
    case TRACE_INSN: return `#${e.seq} insn ${va(e.a, e.b)}`;
    case TRACE_TRAP: return `#${e.seq} trap ${e.kind} ${e.a} code=${h(e.b)} pc=${va(e.c, e.d)}`;
    case TRACE_IRQ: return `#${e.seq} irq ${e.kind} ${e.a}`;
    case TRACE_MMU: return `#${e.seq} mmu ${e.kind} ${e.kind === "fill" ? `${va(e.a, e.b)} -> ${h(e.c)} ${"RWX"[e.d]}` : `${h(e.a)}`}`;
    default: return `#${e.seq} io ${e.kind} ${e.name} ${h(e.a)}/${e.b} = ${h(e.c)}`;
  }
}
