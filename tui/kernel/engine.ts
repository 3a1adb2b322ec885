// Driving a board one *step* at a time, for the kernel debugger.
//
// The board's own run loop (machine/boards/run-loop.ts) runs until power-off
// or a limit. The debugger needs finer control: stop after exactly one
// instruction, after the next kernel event, at a breakpoint, or at an exact
// point in the past it is replaying to. So this file runs the same loop —
// fire due device events, let a halted CPU skip to the next event, run the
// CPU, call the kernel's TypeScript handler on a kernel entry — with the
// board's public pieces (cpu, clock, power, halted, wakes, enterKernel), and
// counts *positions*.
//
// A position is one unit of progress: an instruction retired, or a kernel
// handler run (a kernel entry is one step, however much TypeScript it runs).
// Position = cpu.retired + handlers run. Every stop happens right after a
// unit completes, before the loop does anything else, so "the state at
// position p" is one well-defined state however the run got there (in one
// big slice, or instruction by instruction): that is what lets a reverse
// step restore a snapshot and replay to p - 1 and land on the identical
// state. Idle time (a halted CPU skipping to the next device event) is not a
// unit: it happens at the start of the next step.

import { Stop } from "../../machine/core/cpu";
import { TRACE_TRAP, type TraceEvent } from "../../machine/core/trace";
import { PcMachine, PC_KERNEL_WINDOW } from "../../machine/boards/pc";
import { KERNEL_WINDOW, type VirtMachine } from "../../machine/boards/virt";

export type Board = PcMachine | VirtMachine;

/** One kernel entry the engine ran, as the debugger reports it. */
export interface EntryInfo {
  /** The trap kind the handler was entered for ("syscall", "page-fault", "irq", "start", ...). */
  kind: string;
  /** The board's idle entry (`hlt`/`wfi` loop): not a kernel event a student steps to. */
  idle: boolean;
  /** For page faults: the faulting address (CR2 / FAR_EL1). */
  address: bigint | null;
  /** Virtual time and position after the handler. */
  time: number;
  position: number;
}

/** What may end a run besides reaching the target position. */
export interface StopRules {
  /** Instruction addresses (PC as a number) to stop at, before they execute. */
  breakpoints?: Set<number>;
  /** Asked after every kernel entry; true stops the run after the handler. */
  entry?: (e: EntryInfo) => boolean;
}

export type RunEnd =
  | { why: "target" }
  | { why: "breakpoint"; pc: number }
  | { why: "entry"; entry: EntryInfo }
  | { why: "power-off"; status: number }
  | { why: "reset" }
  | { why: "error"; message: string };

/** Slices never exceed this, so a long run can be interrupted between them (as the board's loop does). */
const MAX_SLICE = 1 << 20;

export class Engine {
  /** Kernel handlers run so far (idle entries included). */
  entries = 0;
  /** The last kernel entry (for the status line). */
  lastEntry: EntryInfo | null = null;
  /** Set when the machine can run no more (power-off, reset, error); cleared by a restore. */
  ended: RunEnd | null = null;
  private readonly idlePa: number;
  private entryKind: string | null = null;
  private inEntry = false;

  constructor(readonly board: Board) {
    // Each board registers its idle entry first, at the start of its window.
    this.idlePa = board instanceof PcMachine ? PC_KERNEL_WINDOW.base : KERNEL_WINDOW.base;
    // The trap category tells which kind of trap a handler was entered for
    // (kernel-view.ts runHandler emits it before calling the handler).
    board.mem.tracer.subscribe(TRACE_TRAP, (e: TraceEvent) => {
      if (this.inEntry && this.entryKind === null) this.entryKind = e.kind;
    });
  }

  get position(): number { return this.board.cpu.retired + this.entries; }
  get retired(): number { return this.board.cpu.retired; }
  get pc(): number { return Number(this.board.cpu.getPc()); }
  /** The next fetch is the kernel entry window: the next step runs a TypeScript handler. */
  get atKernelEntry(): boolean {
    const w = this.board instanceof PcMachine ? PC_KERNEL_WINDOW : KERNEL_WINDOW;
    const pa = this.probePc();
    return pa !== null && pa >= w.base && pa < w.base + w.size;
  }

  /** Physical address of the PC (through the tables, no side effects), or null. */
  probePc(): number | null {
    const m = this.board.mmu, pc = this.board.cpu.getPc();
    const lo = Number(pc & 0xffffffffn) | 0, hi = Number((pc >> 32n) & 0xffffffffn) | 0;
    const saved = [m.faultLo, m.faultHi, m.faultAccess, m.faultCode, m.faultLevel] as const;
    try { return m.probe(lo, hi, 2); } catch { return null; } finally {
      [m.faultLo, m.faultHi, m.faultAccess, m.faultCode, m.faultLevel] = saved;
    }
  }

  /**
   * Run until position `target` (at most), a stop rule, or the end of the
   * machine. Returns why it stopped; the state is right after the last unit.
   */
  run(target: number, rules: StopRules = {}): RunEnd {
    const b = this.board, cpu = b.cpu, clock = b.clock;
    const bps = rules.breakpoints && rules.breakpoints.size > 0 ? rules.breakpoints : null;
    if (this.ended) return this.ended;
    for (;;) {
      if (this.position >= target) return { why: "target" };
      clock.runDue();
      if (b.power.off) return this.end({ why: "power-off", status: b.power.status });
      if (b.power.reset) return this.end({ why: "reset" });
      if (b.halted) {
        if (b.wakes()) { b.halted = false; continue; }
        const next = clock.nextEventTime();
        if (!Number.isFinite(next)) return this.end({ why: "error", message: `the CPU waits for an interrupt (${b.haltName} / idle) and no device has an event pending: it would sleep forever` });
        clock.advanceTo(next);
        continue;
      }
      const left = target - this.position;
      const n = bps ? 1 : Math.max(1, Math.min(left, clock.nextEventTime() - clock.now(), MAX_SLICE));
      const r = cpu.run(n);
      if (r === Stop.Budget) {
        if (bps && bps.has(this.pc)) return { why: "breakpoint", pc: this.pc };
        continue;
      }
      if (r === Stop.Halt) { b.halted = true; continue; }
      if (r === Stop.KernelEntry) {
        const e = this.enter();
        if (this.ended) return this.ended;
        if (rules.entry && rules.entry(e)) return { why: "entry", entry: e };
        if (bps && !b.halted && bps.has(this.pc)) return { why: "breakpoint", pc: this.pc };
        continue;
      }
      return this.end({ why: "error", message: `the CPU stopped at ${b.pcName} 0x${cpu.getPc().toString(16)}: ${cpu.exc.detail || "unexpected stop " + r}` });
    }
  }

  /** Call the kernel's handler for the entry the CPU fetched; one unit. */
  private enter(): EntryInfo {
    const b = this.board;
    const idle = b.sys.entryPa === this.idlePa;
    this.inEntry = true; this.entryKind = null;
    let err: string | null;
    try {
      err = b.enterKernel();
    } catch (e) {
      // A TypeScript exception in the kernel (not a KernelError the board reports) is still the kernel's bug.
      err = `the kernel threw: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      this.inEntry = false;
    }
    this.entries++;
    const kind: string = idle ? "idle" : (this.entryKind as string | null) ?? "entry";
    const address = kind === "page-fault" ? faultAddress(b) : null;
    const e: EntryInfo = { kind, idle, address, time: b.clock.now(), position: this.position };
    this.lastEntry = e;
    if (err !== null) this.end({ why: "error", message: err });
    return e;
  }

  private end(r: RunEnd): RunEnd {
    this.ended = r;
    return r;
  }
}

/** The faulting address the CPU recorded: CR2 (SDM Vol. 3A 4.7) or FAR_EL1 (Arm ARM D17.2.40). */
function faultAddress(b: Board): bigint {
  return b instanceof PcMachine ? b.sys.cr2 : b.sys.far;
}
