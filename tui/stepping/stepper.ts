// Kernel stepping, part 2: what the instrumented kernel calls
// (instrument.ts inserts the calls). A Stepper keeps the kernel's call stack
// of sites and decides, at every statement, whether to pause:
//
//   into      pause at the next statement, wherever it is
//   over      pause at the next statement in this function or a caller
//   out       pause at the next statement in a caller
//   continue  pause only at a breakpoint (a statement site, or a function's
//             entry: then at its first statement)
//
// Pausing calls `onPause`, which returns the next command. In the debugger
// that function blocks the worker thread running the machine (Atomics.wait,
// worker.ts) until the student presses a key; in tests it is a script. While
// it blocks, nothing else runs: the machine's current event *is* this
// handler, so the machine cannot advance — which is the point.
//
// Cost: one comparison per statement when nothing can pause (`armed` is 0);
// the uninstrumented build, which `minos chapter` runs by default, has none.

import type { Site } from "./instrument";

export type StepCommand = "into" | "over" | "out" | "continue";

export interface StackFrame {
  /** The function's entry site and its current statement's site. */
  enter: Site;
  at: Site | null;
  /** The function's arguments and the locals in scope at `at`, described for display. */
  locals: Record<string, string>;
}

export interface Pause {
  site: Site;
  /** Innermost first. */
  stack: StackFrame[];
  /** Why: the command that ended here, or "breakpoint". */
  reason: StepCommand | "breakpoint";
}

interface LiveFrame { enter: number; params: () => Record<string, unknown>; at: number; locals: (() => Record<string, unknown>) | null }

export class Stepper {
  /** Nonzero when some statement might pause: the fast path's only check. */
  private armed = 0;
  private mode: StepCommand = "continue";
  /** Depth the current over/out command was given at. */
  private depthAtCommand = 0;
  private readonly stack: LiveFrame[] = [];
  private readonly breakAt: Uint8Array;
  private breakCount = 0;
  /** A function breakpoint was entered: pause at its first statement. */
  private pendingEntry = false;
  /** Nonzero while the debugger itself runs kernel code (an inspector, at a pause): nothing pauses then. */
  private outsideDepth = 0;

  constructor(readonly sites: Site[], private readonly onPause: (p: Pause) => StepCommand) {
    this.breakAt = new Uint8Array(sites.length);
  }

  /** Pause at the next statement the kernel runs (what "step into the kernel" does at a trap). */
  stepNext(): void { this.setMode("into"); }

  /** Set or clear a breakpoint on a site (a statement, or a function's entry). */
  setBreakpoint(id: number, on: boolean): void {
    if (id < 0 || id >= this.breakAt.length) throw new RangeError(`no kernel site ${id}`);
    if ((this.breakAt[id] === 1) === on) return;
    this.breakAt[id] = on ? 1 : 0;
    this.breakCount += on ? 1 : -1;
    this.rearm();
  }

  /** The sites a `file:line` breakpoint means (the statements starting on that line), or a function's entries by name. */
  findSites(spec: string): Site[] { return findSites(this.sites, spec); }

  /**
   * Run `fn` (which may call kernel code: the debugger reading a kernel
   * inspector while the kernel is paused) without pausing in it; the kernel's
   * frames stay as they are.
   */
  outside<T>(fn: () => T): T {
    this.outsideDepth++;
    try { return fn(); } finally { this.outsideDepth--; }
  }

  /** How deep the kernel is now (0 = not in an instrumented function). */
  get depth(): number { return this.stack.length; }

  // ---- Called by the instrumented code ----

  enter(id: number, params: () => Record<string, unknown>): LiveFrame {
    const f: LiveFrame = { enter: id, params, at: -1, locals: null };
    this.stack.push(f);
    if (this.breakCount > 0 && this.breakAt[id] === 1 && this.outsideDepth === 0) { this.pendingEntry = true; this.armed = 1; }
    return f;
  }

  leave(f: LiveFrame): void {
    // Unwind to f even if an exception skipped inner leaves (they run in finally, so this is a guard).
    const i = this.stack.lastIndexOf(f);
    if (i >= 0) this.stack.length = i;
  }

  step(id: number, locals: () => Record<string, unknown>): void {
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined) { top.at = id; top.locals = locals; }
    if (this.armed === 0 || this.outsideDepth > 0) return;
    let reason: Pause["reason"] | null = null;
    if (this.breakAt[id] === 1 || this.pendingEntry) reason = "breakpoint";
    else if (this.mode === "into") reason = "into";
    else if (this.mode === "over" && this.stack.length <= this.depthAtCommand) reason = "over";
    else if (this.mode === "out" && this.stack.length < this.depthAtCommand) reason = "out";
    if (reason === null) return;
    this.pendingEntry = false;
    const next = this.onPause({ site: this.sites[id], stack: this.describeStack(), reason });
    this.setMode(next);
  }

  private setMode(m: StepCommand): void {
    this.mode = m;
    this.depthAtCommand = this.stack.length;
    this.rearm();
  }

  private rearm(): void {
    this.armed = this.mode !== "continue" || this.breakCount > 0 || this.pendingEntry ? 1 : 0;
  }

  private describeStack(): StackFrame[] {
    const out: StackFrame[] = [];
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const f = this.stack[i];
      const values = { ...safe(f.params), ...(f.locals ? safe(f.locals) : {}) };
      const locals: Record<string, string> = {};
      for (const [k, v] of Object.entries(values)) locals[k] = describe(v, 2);
      out.push({ enter: this.sites[f.enter], at: f.at >= 0 ? this.sites[f.at] : null, locals });
    }
    return out;
  }
}

/**
 * The sites a breakpoint SPEC names: `file:line` (a path relative to the
 * repository, or its tail, e.g. `memfault.ts:19`) means the statements that
 * start on that line; anything else is a function name (`pageFault`, or a
 * method's `Class.name` tail), meaning its entries.
 */
export function findSites(sites: readonly Site[], spec: string): Site[] {
  const m = /^(.*):(\d+)$/.exec(spec.trim());
  if (m) {
    const line = Number(m[2]), file = m[1].replace(/^\.\//, "");
    return sites.filter((s) => s.kind === "stmt" && s.line === line && (s.file === file || s.file.endsWith("/" + file)));
  }
  const name = spec.trim();
  return sites.filter((s) => s.kind === "enter" && (s.fn === name || s.fn.endsWith("." + name)));
}

function safe(f: () => Record<string, unknown>): Record<string, unknown> {
  try { return f(); } catch { return {}; }
}

/** A value as the locals pane shows it: bigints and addresses in hex, objects shallow. */
export function describe(v: unknown, depth: number): string {
  if (typeof v === "bigint") return `0x${BigInt.asUintN(64, v).toString(16)}`;
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) >= 0x1000 ? `${v} (0x${(v >>> 0 === v ? v : v).toString(16)})` : String(v);
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? v.slice(0, 57) + "..." : v);
  if (v === null || v === undefined || typeof v === "boolean") return String(v);
  if (typeof v === "function") return "ƒ";
  if (depth <= 0) return Array.isArray(v) ? `[${v.length}]` : "{…}";
  if (Array.isArray(v)) {
    const items = v.slice(0, 8).map((x) => describe(x, depth - 1));
    return `[${items.join(", ")}${v.length > 8 ? `, … ${v.length} items` : ""}]`;
  }
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as { length: number }).length})`;
  if (v instanceof Map) return `Map(${v.size})`;
  const entries = Object.entries(v as object).slice(0, 8).map(([k, x]) => `${k}: ${describe(x, depth - 1)}`);
  return `{ ${entries.join(", ")}${Object.keys(v as object).length > 8 ? ", …" : ""} }`;
}
