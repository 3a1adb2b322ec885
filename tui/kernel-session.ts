// A debug session over a chapter's kernel on its board (`minos chapter N`).
//
// The board boots the kernel through the real firmware exactly as
// course/run-kernel.ts does (its own code runs the boot; we stop it before
// the first instruction), and tui/kernel/engine.ts then drives the board one
// step at a time: an instruction, or a whole kernel entry (the TypeScript
// handler runs as one step). Running to the next event stops after the next
// kernel handler (idle excluded); breakpoints stop at user addresses, kernel
// event kinds, or a page fault in a page.
//
// Stepping backwards restores the nearest checkpoint and replays. A
// checkpoint is the machine's snapshot (machine/core/snapshot.ts: RAM by
// copy-on-write, devices, clock, CPU) together with a structuredClone of
// kernel.state — by rule plain data — which is put back into the same Kernel
// object in place. Runs are deterministic, so the replay lands on exactly
// the state that was there before (a test checks registers, a hash of the
// machine and the kernel state).
//
// The first checkpoint is taken after the kernel's boot entry (main): main
// registers the kernel's entries in the board's entry window, and running it
// twice would register them twice, so a replay never starts before it.

import type { Arch } from "../machine/core/cpu";
import { ARCHES, type ArchInfo } from "../machine/arches";
import { Checkpoints, type Checkpoint } from "./kernel/checkpoints";
import { fnv64 } from "../machine/core/hash";
import { bootForDebugger, type BootOptions } from "./kernel/boot";
import type { BuiltKernel } from "../chapters/01-boot/kernel/builder";
import type { Kernel, KernelState } from "../chapters/01-boot/kernel/kernel";
import { systemRegisterValues } from "./kernel/system-regs";
import { REGISTERS } from "./arch-view";
import { BreakpointError, type DebugSession, type RunMode, type SliceResult } from "./session";
import { DEFAULT_VIEW, type DebugSnapshot, type ViewRequest } from "./snapshot";
import { SymbolTable } from "./symbols";
import { Engine, type Board, type EntryInfo, type RunEnd, type StopRules } from "./kernel/engine";
import { EventBreaks, parseBreakpoint } from "./kernel/breakpoints";
import { kernelSnapshot } from "./kernel/view";
import { currentSymbols, moduleSymbols, type ModuleSymbols } from "./kernel/program-symbols";

/**
 * What to boot (tui/kernel/boot.ts): the kernel built in-process, or the
 * signed image it is loaded from after secure boot; modules (user programs,
 * whose ELF symbols name addresses); command line, RAM, chapter (for the
 * status line), console input typed at time 0 (the keyboard belongs to the debugger).
 */
export interface KernelSessionOptions extends BootOptions {
  /** Steps between automatic checkpoints (default 20,000): the most a reverse step replays. */
  checkpointEvery?: number;
}

/** What the session keeps with each checkpoint besides the machine and the kernel state. */
interface Extra { console: string; entries: number; lastEntry: EntryInfo | null; inputsApplied: number }

/**
 * Console input the student typed, by position: part of the run's timeline,
 * so a replay types it again at the same step. `applied` counts the ones the
 * machine has received on the current timeline; typing after a step back
 * starts a new timeline (later input of the old one is dropped).
 */
interface Typed { position: number; text: string }

const CONSOLE_LIMIT = 64 * 1024;

export class KernelSession implements DebugSession {
  readonly arch: Arch;
  readonly info: ArchInfo;
  readonly board: Board;
  readonly engine: Engine;
  private readonly history: Checkpoints<Extra>;
  private typed: Typed[] = [];
  /** Why reverse steps are impossible in this run, if they are. */
  private noCheckpoints: string | null = null;
  private typedApplied = 0;
  private readonly symbolTables: ModuleSymbols[];
  private consoleText = "";
  private readonly firmwareText: string;
  private readonly breakpoints = new Map<number, string | undefined>();
  private readonly eventBreaks = new EventBreaks();
  /** Positions right after each kernel event (non-idle entry), ascending: where "n" stops and "p" goes back to. */
  private eventPositions: number[] = [];
  private seenEvent: unknown = undefined;
  /** What the kernel logged during the last kernel event. */
  private entryLog: { kind: string; text: string }[] = [];
  private baseline: bigint[] = [];
  private lastEvent = "booted by the firmware; press s to step (the first step runs the kernel's boot), ? for help";
  private running = false;
  private sliceDone = false;
  private rewindTarget: number | undefined;
  private walkAddress: bigint | null = null;
  readonly checkpointEvery: number;

  /** The kernel image's BuiltKernel (main, current, tables). */
  private built: BuiltKernel | null;

  constructor(private readonly opts: KernelSessionOptions) {
    this.arch = opts.arch;
    this.info = ARCHES[opts.arch];
    this.checkpointEvery = opts.checkpointEvery ?? 20_000;
    const booted = bootForDebugger(opts, (b) => this.appendConsole(String.fromCharCode(b)));
    this.built = booted.built;
    this.board = booted.board;
    this.firmware = booted.firmware;
    this.firmwareText = booted.firmwareText;
    this.engineError = booted.error;
    this.engine = new Engine(this.board);
    if (this.engineError) { this.engine.ended = { why: "error", message: this.engineError }; this.lastEvent = this.engineError; }
    this.history = new Checkpoints<Extra>(this.board.snapshotParts());
    this.symbolTables = moduleSymbols(opts.modules ?? []);
    this.markBaseline();
  }

  private engineError: string | null = null;

  get kernel(): Kernel | null { return this.built?.current() ?? null; }
  /** The firmware's verdict and console lines (the debugger shows them; the CLI maps a refusal to its exit status). */
  readonly firmware: import("../machine/firmware").FirmwareResult;
  get position(): number { return this.engine.position; }
  get retired(): number { return this.engine.retired; }
  get exited(): boolean { return this.engine.ended !== null || this.board.power.off || this.board.power.reset; }

  private appendConsole(s: string): void {
    this.consoleText += s;
    if (this.consoleText.length > CONSOLE_LIMIT) this.consoleText = this.consoleText.slice(-CONSOLE_LIMIT);
  }

  // ---- Running ----

  /** The symbols of the program the current thread runs, where the kernel loaded it (tui/kernel/program-symbols.ts). */
  symbols(): SymbolTable { return currentSymbols(this.kernel, this.symbolTables); }

  /** Kernel log entries that appeared since the last look (the log is a ring: compare by identity). */
  private newLogEvents(): { kind: string; text: string }[] {
    const ev = this.kernel?.state.events;
    if (!Array.isArray(ev) || ev.length === 0) return [];
    const last = ev[ev.length - 1];
    if (last === this.seenEvent) return [];
    const from = ev.indexOf(this.seenEvent as never) + 1;
    this.seenEvent = last;
    return ev.slice(from);
  }

  /** The rule every run passes the engine: record kernel events; stop on "event" mode or an event breakpoint. */
  private entryRule(mode: RunMode | "step"): (e: EntryInfo) => boolean {
    return (e) => {
      const fresh = this.newLogEvents();
      if (e.idle) return false;
      this.entryLog = fresh;
      const logged = fresh.map((x) => String(x.kind));
      const ps = this.eventPositions;
      if (ps.length === 0 || ps[ps.length - 1] < e.position) ps.push(e.position);
      if (mode === "rewind") return false;
      if (mode === "event") return true;
      const hit = this.eventBreaks.hit(e, logged);
      if (hit !== null) { this.lastEvent = `breakpoint: ${hit} (${this.describeEntry(e)})`; return true; }
      return false;
    };
  }

  private describeEntry(e: EntryInfo): string {
    const what = e.kind === "page-fault" && e.address !== null ? `page fault at 0x${e.address.toString(16)}` : `${e.kind} handler ran`;
    const last = this.entryLog[this.entryLog.length - 1];
    return last ? `${what}; kernel: ${last.kind}: ${last.text}` : what;
  }

  /** Say how a run ended in the status line; returns whether the run is over. */
  private report(end: RunEnd): boolean {
    switch (end.why) {
      case "target": return false;
      case "breakpoint": this.lastEvent = `breakpoint at ${this.describe(end.pc)}`; return true;
      case "entry": if (!this.lastEvent.startsWith("breakpoint:")) this.lastEvent = `kernel event: ${this.describeEntry(end.entry)}`; return true;
      case "power-off": this.lastEvent = `the kernel powered the machine off (status ${end.status})`; return true;
      case "reset": this.lastEvent = "the kernel reset the machine"; return true;
      case "error": this.lastEvent = `machine stopped: ${end.message}`; return true;
    }
  }

  /**
   * The kernel's boot entry runs as a step of its own, followed at once by
   * the first checkpoint: every reverse step replays from there or later.
   */
  private bootFirst(): boolean {
    if (this.engine.entries > 0 || this.exited) return false;
    const end = this.run(this.position + 1, { entry: this.entryRule("step") });
    const e = this.engine.lastEntry;
    if (end.why === "target" && e) this.lastEvent = `kernel event: the boot entry ran (${this.describeEntry(e)})`;
    else this.report(end);
    this.maybeCheckpoint();
    return true;
  }

  step(n = 1): void {
    if (this.exited) { this.lastEvent = `the run has ended (${this.exitText()}); S steps back`; return; }
    if (this.engine.entries === 0) { this.bootFirst(); n--; }
    for (let i = 0; i < n && !this.exited; i++) {
      // An idle entry (the board's hlt/wfi loop) is not worth a keypress: step through it to the next real unit.
      let end: RunEnd, guard = 0;
      do { end = this.run(this.position + 1, { entry: this.entryRule("step") }); } while (end.why === "target" && this.engine.lastEntry?.position === this.position && this.engine.lastEntry.idle && !this.exited && ++guard < 1000);
      if (end.why !== "target") { this.report(end); break; }
      const e = this.engine.lastEntry;
      this.lastEvent = e && e.position === this.position ? `kernel entry: ${this.describeEntry(e)}` : `stepped to instruction ${this.retired}`;
    }
    this.maybeCheckpoint();
  }

  runSlice(mode: RunMode, budget: number): SliceResult {
    const r = this.slice(mode, budget);
    this.sliceDone = r.done;
    return r;
  }

  private slice(mode: RunMode, budget: number): SliceResult {
    if (mode === "rewind") return this.rewindSlice(budget);
    if (this.exited) return { done: true, why: this.exitText() };
    if (this.bootFirst() && mode === "event") return { done: true, why: this.lastEvent };
    const end = this.run(this.position + budget, { breakpoints: this.breakpoints.size ? new Set(this.breakpoints.keys()) : undefined, entry: this.entryRule(mode) });
    this.maybeCheckpoint();
    return this.report(end) ? { done: true, why: this.lastEvent } : { done: false };
  }

  /** The engine's run, with the student's typed input delivered at the positions it was typed at. */
  private run(target: number, rules: StopRules): RunEnd {
    for (;;) {
      const next = this.typed[this.typedApplied];
      if (next && next.position <= this.position) {
        this.board.uart.input(next.text);
        this.typedApplied++;
        continue;
      }
      const end = this.engine.run(next ? Math.min(target, next.position) : target, rules);
      if (end.why !== "target" || this.position >= target) return end;
    }
  }

  /** Type into the kernel's console (the UART's receiver) now. */
  typeInput(text: string): void {
    if (this.exited) { this.lastEvent = "the run has ended: nothing reads the console"; return; }
    this.typed.splice(this.typedApplied);
    this.typed.push({ position: this.position, text });
    this.board.uart.input(text);
    this.typedApplied++;
    this.lastEvent = `typed ${text.length} byte${text.length === 1 ? "" : "s"} into the console`;
  }

  /** Step to the next kernel event (for tests and scripts). */
  stepToEvent(maxSteps = 1e8): string {
    for (let n = 0; n < maxSteps; n += 100_000) {
      const r = this.runSlice("event", 100_000);
      if (r.done) return r.why;
    }
    return "no event yet";
  }

  /** Continue to a breakpoint or the end (for tests and scripts). */
  continue(maxSteps = 1e8): string {
    for (let n = 0; n < maxSteps; n += 100_000) {
      const r = this.runSlice("breakpoint", 100_000);
      if (r.done) return r.why;
    }
    return "still running";
  }

  private exitText(): string {
    const e = this.engine.ended;
    if (this.board.power.off) return `powered off, status ${this.board.power.status}`;
    if (e?.why === "error") return e.message;
    return e?.why ?? "ended";
  }

  // ---- Checkpoints and reverse steps ----

  private maybeCheckpoint(): void {
    const kn = this.kernel;
    if (!kn || this.engine.entries === 0 || this.noCheckpoints) return;   // not before the boot entry has run (see the header)
    const last = this.history.last;
    if (last && this.position - last.position < this.checkpointEvery) return;
    try {
      this.history.take(this.position, kn.state, { console: this.consoleText, entries: this.engine.entries, lastEntry: this.engine.lastEntry, inputsApplied: this.typedApplied });
    } catch (e) {
      // structuredClone refuses functions and the like: the kernel broke the plain-data rule (kernel.ts).
      this.noCheckpoints = `kernel.state is not plain data (${(e as Error).message}); stepping back is off for this run`;
      this.lastEvent = this.noCheckpoints;
    }
  }

  /** Put checkpoint `c` back: machine, kernel state (in place, in the same Kernel object), console, counters. */
  private restore(c: Checkpoint<Extra>): void {
    const saved = this.history.restore(c);
    const kn = this.kernel;
    if (kn) {
      const state = kn.state as unknown as Record<string, unknown>;
      for (const key of Object.keys(state)) delete state[key];
      Object.assign(state, saved as KernelState);
    }
    this.consoleText = c.extra.console;
    this.engine.entries = c.extra.entries;
    this.engine.lastEntry = c.extra.lastEntry;
    this.engine.ended = null;
    this.typedApplied = c.extra.inputsApplied;
    const ev = kn?.state.events;
    this.seenEvent = Array.isArray(ev) && ev.length ? ev[ev.length - 1] : undefined;
  }

  /** Go back to position `target`: restore the nearest checkpoint at or before it, then replay in slices. */
  private beginRewind(target: number, what: string): boolean {
    const c = this.history.nearest(target);
    if (this.noCheckpoints) { this.lastEvent = this.noCheckpoints; return false; }
    if (!c) {
      this.lastEvent = "already at the kernel's first step after boot (the boot entry cannot run twice)";
      return false;
    }
    this.restore(c);
    this.eventPositions = this.eventPositions.filter((p) => p <= target);
    this.rewindTarget = target;
    this.lastEvent = `${what}...`;
    return true;
  }

  beginStepBack(): boolean {
    this.maybeCheckpoint();   // so repeated steps back from far ahead do not replay the same stretch each time
    return this.beginRewind(this.position - 1, `stepping back to step ${this.position - 1}`);
  }

  /** Back to where the previous kernel event left the machine (the "n" before this one). */
  beginStepBackEvent(): boolean {
    this.maybeCheckpoint();   // so repeated steps back from far ahead do not replay the same stretch each time
    const before = this.eventPositions.filter((p) => p < this.position);
    if (before.length === 0) { this.lastEvent = "no earlier kernel event to go back to"; return false; }
    return this.beginRewind(before[before.length - 1], "stepping back to the previous kernel event");
  }

  stepBack(): void {
    if (!this.beginStepBack()) return;
    while (!this.runSlice("rewind", 1 << 20).done);
  }

  stepBackEvent(): void {
    if (!this.beginStepBackEvent()) return;
    while (!this.runSlice("rewind", 1 << 20).done);
  }

  /** Restore the state at an exact position (tests). */
  rewindTo(target: number): void {
    if (!this.beginRewind(target, `rewinding to step ${target}`)) return;
    while (!this.runSlice("rewind", 1 << 20).done);
  }

  private rewindSlice(budget: number): SliceResult {
    const target = this.rewindTarget ?? this.position;
    if (this.position < target && !this.exited) {
      const end = this.run(Math.min(target, this.position + budget), { entry: this.entryRule("rewind") });
      if (end.why === "target" && this.position < target) return { done: false };
    }
    this.rewindTarget = undefined;
    this.lastEvent = `stepped back to step ${this.position} (instruction ${this.retired})`;
    return { done: true, why: this.lastEvent };
  }

  // ---- Breakpoints ----

  addBreakpoint(spec: string): bigint {
    // The running program's symbols where it is loaded first; other modules' at their link addresses.
    const cur = this.symbols(), syms = this.symbolTables;
    const b = parseBreakpoint(spec, (name) => (cur.lookup(name) ?? syms.map((s) => s.table.lookup(name)).find((x) => x))?.address);
    if (b.kind === "address") {
      const name = b.name ?? this.symbols().at(b.address)?.name;
      this.breakpoints.set(b.address, name);
      this.lastEvent = `breakpoint set at ${this.describe(b.address)}`;
      return BigInt(b.address);
    }
    const label = b.kind === "event" ? b.event : `page fault in 0x${b.page.toString(16)}`;
    const id = this.eventBreaks.add(b, label);
    this.lastEvent = `breakpoint set: ${label}`;
    return id;
  }

  removeBreakpoint(address: bigint): boolean {
    const had = this.eventBreaks.remove(address) || this.breakpoints.delete(Number(address));
    if (had) this.lastEvent = `breakpoint removed`;
    return had;
  }

  /** Walk this address in the address-space pane ("0x400000" or a symbol); empty: follow the PC. */
  setWalk(spec: string): void {
    const t = spec.trim();
    if (t === "") { this.walkAddress = null; return; }
    const sym = this.symbols().lookup(t) ?? this.symbolTables.map((s) => s.table.lookup(t)).find((x) => x);
    if (sym) { this.walkAddress = BigInt(sym.address); return; }
    if (!/^(0x)?[0-9a-f]+$/i.test(t)) throw new BreakpointError(`'${t}' is not an address (0x600000) or a symbol`);
    this.walkAddress = BigInt("0x" + t.replace(/^0x/i, ""));
  }

  // ---- Looking ----

  markBaseline(): void { this.baseline = this.registerValues(); }

  setRunning(running: boolean): void {
    if (this.running && !running && !this.sliceDone && !this.exited) this.lastEvent = `paused at ${this.describe(this.engine.pc)}`;
    this.running = running;
  }

  describe(address: number): string {
    const name = this.symbols().describe(address);
    return name ? `${name} (0x${address.toString(16)})` : `0x${address.toString(16)}`;
  }

  /** The general registers, then the system registers (tui/kernel/system-regs.ts). */
  registerValues(): bigint[] { return [...REGISTERS[this.arch].map((r) => r.read(this.board.cpu)), ...systemRegisterValues(this.arch, this.board)]; }

  /** A fingerprint of everything a reverse step must restore: the machine (RAM, devices, CPU, time) and the kernel's state. */
  stateHash(): string {
    const h = fnv64();
    h.value(this.history.machineHash());
    h.value(this.kernel?.state ?? null);
    h.value(this.consoleText);
    return h.digest();
  }

  snapshot(view: ViewRequest = DEFAULT_VIEW): DebugSnapshot {
    return kernelSnapshot({
      arch: this.arch, info: this.info, board: this.board, engine: this.engine, kernel: this.kernel, symbols: this.symbols(),
      registers: this.registerValues(), baseline: this.baseline, breakpoints: this.breakpoints, eventBreaks: this.eventBreaks.entries(),
      walk: this.walkAddress, console: this.firmwareText + this.consoleText, lastEvent: this.lastEvent,
      state: this.exited ? "exited" : this.running ? "running" : "paused", exitText: this.exited ? this.exitText() : undefined,
      chapter: this.opts.chapter,
    }, view);
  }
}
