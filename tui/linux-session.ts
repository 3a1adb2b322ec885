// A debug session over a user-mode Linux program (`minos debug --linux`).
//
// It drives a LinuxProcess (linux/run.ts) — the same CPU and system-call
// layer as `minos run --linux` — one instruction or one slice at a time, and
// turns its state into DebugSnapshots. Stepping backwards re-runs the
// program from the start for (retired - 1) instructions: runs are
// deterministic (seeded randomness, no wall clock, stdin fixed up front), so
// the replay reaches exactly the earlier state. Machine snapshots will make
// this faster later; only `rewindTo` has to change.

import type { Arch } from "../machine/core/cpu";
import { ARCHES, type ArchInfo } from "../machine/arches";
import { LinuxProcess, type LinuxEvent } from "../linux/run";
import { Layout } from "../linux/loader";
import { readElf } from "../toolchain/elf/read";
import * as E from "../toolchain/elf/constants";
import { REGISTERS, decodeFlags, hex16 } from "./arch-view";
import { disasmWindow } from "./disasm-view";
import { framesOf, memoryHash, pagesOf, readVirt, regionsOf } from "./memory-view";
import { BreakpointError, type DebugSession, type RunMode, type SliceResult } from "./session";
import { DEFAULT_VIEW, type DebugSnapshot, type ViewRequest } from "./snapshot";
import { SymbolTable } from "./symbols";

export interface LinuxSessionOptions {
  arch: Arch;
  argv?: string[];
  /** The program's standard input, all of it (the terminal belongs to the debugger). */
  stdin?: Uint8Array;
  seed?: number;
  name?: string;
}

/** Console text kept for the console pane (the tail of a chatty program). */
const CONSOLE_LIMIT = 64 * 1024;

export class LinuxSession implements DebugSession {
  readonly arch: Arch;
  readonly info: ArchInfo;
  readonly symbols: SymbolTable;
  private proc!: LinuxProcess;
  private consoleText = "";
  private decoder = new TextDecoder();
  private breakpoints = new Map<number, string | undefined>();
  private baseline: bigint[] = [];
  private lastEvent = "loaded; press s to step, ? for help";
  private exitText: string | undefined;
  /** True if the program ended on a fault (its last instruction did not retire). */
  private faulted = false;
  private running = false;
  /** Whether the last runSlice ended its run (breakpoint, event, exit). */
  private sliceDone = false;
  /** Where a reverse step is replaying to, while it runs in slices. */
  private rewindTarget: number | undefined;

  constructor(private elf: Uint8Array, private opts: LinuxSessionOptions) {
    this.arch = opts.arch;
    this.info = ARCHES[opts.arch];
    const parsed = readElf(elf, opts.name ?? "the program");
    this.symbols = SymbolTable.fromElf(elf, parsed.type === E.ET_DYN ? Layout.pieBase : 0);
    this.restart();
    this.markBaseline();
  }

  /** Load the program afresh: the state at instruction 0. */
  private restart(): void {
    this.consoleText = "";
    this.decoder = new TextDecoder();
    this.exitText = undefined;
    this.faulted = false;
    const out = (b: Uint8Array) => this.appendConsole(this.decoder.decode(b, { stream: true }));
    this.proc = new LinuxProcess(this.elf, {
      arch: this.opts.arch, argv: this.opts.argv, stdin: this.opts.stdin ?? new Uint8Array(0),
      seed: this.opts.seed ?? 1, name: this.opts.name,
      onStdout: out, onStderr: out,
      onWarning: (m) => this.appendConsole(`[minos: ${m}]\n`),
    });
  }

  private appendConsole(s: string): void {
    this.consoleText += s;
    if (this.consoleText.length > CONSOLE_LIMIT) this.consoleText = this.consoleText.slice(-CONSOLE_LIMIT);
  }

  get retired(): number { return this.proc.cpu.retired; }
  get pc(): number { return Number(this.proc.cpu.getPc()); }
  get exited(): boolean { return this.proc.exited !== undefined; }

  /** Run at most `budget` instructions and remember what happened. */
  private advance(budget: number): LinuxEvent {
    const ev = this.proc.advance(budget);
    if (ev.kind === "syscall") {
      this.lastEvent = `syscall ${ev.name} returned ${ev.result}`;
    } else if (ev.kind === "exit") {
      this.faulted = ev.error !== undefined;
      this.exitText = ev.error ?? `exited with status ${ev.code}`;
      this.lastEvent = this.exitText;
    }
    return ev;
  }

  step(n = 1): void {
    if (this.exited) { this.lastEvent = `the program has ended (${this.exitText}); S steps back`; return; }
    const before = this.retired;
    for (let i = 0; i < n && !this.exited; i++) {
      const ev = this.advance(1);
      if (ev.kind === "budget") this.lastEvent = `stepped to instruction ${this.retired}`;
    }
    if (this.retired === before && !this.exited) this.lastEvent = "the CPU did not advance";
  }

  runSlice(mode: RunMode, budget: number): SliceResult {
    const r = this.slice(mode, budget);
    this.sliceDone = r.done;
    return r;
  }

  private slice(mode: RunMode, budget: number): SliceResult {
    if (mode === "rewind") return this.rewindSlice(budget);
    if (this.exited) return { done: true, why: this.exitText ?? "exited" };
    // With breakpoints set, go one instruction at a time so none is missed.
    if (this.breakpoints.size > 0) {
      for (let i = 0; i < budget; i++) {
        const ev = this.advance(1);
        if (ev.kind === "exit") return { done: true, why: this.lastEvent };
        if (ev.kind === "syscall" && mode === "event") return { done: true, why: this.lastEvent };
        if (this.breakpoints.has(this.pc)) {
          this.lastEvent = `breakpoint at ${this.describe(this.pc)}`;
          return { done: true, why: this.lastEvent };
        }
      }
      return { done: false };
    }
    const ev = this.advance(budget);
    if (ev.kind === "exit") return { done: true, why: this.lastEvent };
    if (ev.kind === "syscall" && mode === "event") return { done: true, why: this.lastEvent };
    return { done: false };
  }

  /** Step to the next event (syscall, fault, exit), however far; for tests and scripts. */
  stepToEvent(maxInstructions = 1e9): string {
    for (let n = 0; n < maxInstructions; n += 100_000) {
      const r = this.runSlice("event", 100_000);
      if (r.done) return r.why;
    }
    return "no event yet";
  }

  stepBack(): void {
    if (!this.beginStepBack()) return;
    while (!this.runSlice("rewind", 1 << 20).done);
  }

  beginStepBack(): boolean {
    if (this.retired === 0) { this.lastEvent = "already at the first instruction"; return false; }
    // After a fault the faulting instruction never retired: going back one
    // means "just before the fault", which is the same retired count.
    const target = this.faulted ? this.retired : this.retired - 1;
    this.restart();
    this.rewindTarget = target;
    this.lastEvent = `stepping back to instruction ${target}...`;
    return true;
  }

  /** Restore the state after `target` instructions: replay from the start. */
  rewindTo(target: number): void {
    this.restart();
    this.rewindTarget = target;
    while (!this.runSlice("rewind", 1 << 20).done);
  }

  /** One slice of a replay towards rewindTarget. */
  private rewindSlice(budget: number): SliceResult {
    const target = this.rewindTarget ?? this.retired;
    if (this.retired < target && !this.exited) this.advance(Math.min(target - this.retired, budget));
    if (this.retired < target && !this.exited) return { done: false };
    this.rewindTarget = undefined;
    this.lastEvent = `stepped back to instruction ${this.retired}`;
    return { done: true, why: this.lastEvent };
  }

  addBreakpoint(spec: string): bigint {
    const text = spec.trim();
    let address: number;
    let name: string | undefined;
    if (/^(0x)?[0-9a-f]+$/i.test(text) && (text.startsWith("0x") || !this.symbols.lookup(text))) {
      address = parseInt(text.replace(/^0x/i, ""), 16);
      name = this.symbols.at(address)?.name;
    } else {
      const sym = this.symbols.lookup(text);
      if (!sym) throw new BreakpointError(`no symbol '${text}' in the program (try an address like 0x401000)`);
      address = sym.address;
      name = sym.name;
    }
    if (!Number.isSafeInteger(address) || readVirt(this.proc.pm, address, 1).length === 0) {
      throw new BreakpointError(`nothing is mapped at 0x${address.toString(16)}; a breakpoint needs an address in the program's code`);
    }
    this.breakpoints.set(address, name);
    this.lastEvent = `breakpoint set at ${this.describe(address)}`;
    return BigInt(address);
  }

  removeBreakpoint(address: bigint): boolean {
    const had = this.breakpoints.delete(Number(address));
    if (had) this.lastEvent = `breakpoint at 0x${address.toString(16)} removed`;
    return had;
  }

  markBaseline(): void {
    const cpu = this.proc.cpu;
    this.baseline = REGISTERS[this.arch].map((r) => r.read(cpu));
  }

  setRunning(running: boolean): void {
    // Stopping a run that no breakpoint or event ended means the student paused it.
    if (this.running && !running && !this.sliceDone && !this.exited) this.lastEvent = `paused at ${this.describe(this.pc)}`;
    this.running = running;
  }

  /** "main+0x4 (0x401004)" or just the address. */
  describe(address: number): string {
    const name = this.symbols.describe(address);
    return name ? `${name} (0x${address.toString(16)})` : `0x${address.toString(16)}`;
  }

  /** Every register's value, in the registers pane's order (tests compare states with this). */
  registerValues(): bigint[] {
    const cpu = this.proc.cpu;
    return REGISTERS[this.arch].map((r) => r.read(cpu));
  }

  /** Up to `len` bytes of the program's memory at `va` (fewer if a page is unmapped). */
  readMemory(va: number, len: number): Uint8Array { return readVirt(this.proc.pm, va, len); }

  /** A hash of all mapped memory (addresses, permissions and contents). */
  memoryHash(): string { return memoryHash(this.proc.pm); }

  snapshot(view: ViewRequest = DEFAULT_VIEW): DebugSnapshot {
    const cpu = this.proc.cpu, pm = this.proc.pm;
    const values = this.registerValues();
    const registers = REGISTERS[this.arch].map((r, i) => ({
      name: r.name, value: hex16(values[i]), changed: this.baseline[i] !== undefined && this.baseline[i] !== values[i],
    }));
    const pc = this.pc;
    const heap = this.proc.heap;
    const hints = { heapStart: heap.start, brk: heap.brk };
    const bps = new Set(this.breakpoints.keys());
    const pages = pagesOf(pm);
    return {
      arch: this.arch,
      registers,
      pc: pc.toString(16),
      flags: decodeFlags(this.arch, cpu.getFlags()),
      disassembly: disasmWindow(this.info, (va, len) => readVirt(pm, va, len), this.symbols, pc, view.disasmBefore, view.disasmAfter, bps),
      console: this.consoleText,
      status: {
        arch: this.arch, title: this.info.title, retired: this.retired, virtualTime: this.retired,
        lastEvent: this.lastEvent, state: this.exited ? "exited" : this.running ? "running" : "paused",
        exitText: this.exitText,
      },
      regions: regionsOf(pages, hints),
      frames: framesOf(pages, pm.mem.size, hints),
      breakpoints: [...this.breakpoints].map(([a, s]) => ({ address: a.toString(16), symbol: s })),
      kernel: {},
    };
  }
}
