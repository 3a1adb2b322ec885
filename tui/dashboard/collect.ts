// The dashboard's data: a chapter's kernel runs in slices of virtual time
// (one *interval* each), and after every slice we record one sample: how
// the CPU's time went (per thread, in the kernel, idle), run-queue lengths,
// and how many system calls, page faults, interrupts, context switches and
// IPC messages the interval saw, and memory in use.
//
// Where it comes from:
//   - kernel entries from the machine's tracer (trap category: the board
//     emits the trap kind as each handler starts; machine/core/trace.ts);
//     the instructions retired since the previous entry belong to the thread
//     that was current when the CPU trapped (kernel.state.current);
//   - switches and IPC messages from the kernel's event log (kernel.state.events,
//     read at every entry, so its 64-entry ring never overflows unseen);
//   - run queues, IPC and frames from the kernel's inspectors when a chapter
//     has them ("run-queues", "ipc", "frames"); a series with no data yet
//     (IPC before chapter 04) stays at zero.
// Nothing here touches the kernel or the machine beyond running it.

import { TRACE_TRAP, type TraceEvent } from "../../machine/core/trace";
import { PcMachine, PC_KERNEL_WINDOW } from "../../machine/boards/pc";
import { KERNEL_WINDOW } from "../../machine/boards/virt";
import type { RunResult } from "../../machine/boards/run-loop";
import type { Kernel } from "../../chapters/01-boot/kernel/kernel";
import { bootForDebugger, type BootOptions, type Booted } from "../kernel/boot";
import { inspect, runQueueData } from "../kernel/sections";
import type { FramesInspection } from "../snapshot";

export interface Sample {
  /** Virtual time at the end of the interval. */
  time: number;
  /** Share of the interval's ticks, 0..1, by thread name ("name#tid"), plus "kernel" and "idle". */
  cpu: Record<string, number>;
  /** Ready threads per queue (per CPU, or per priority level) at the end of the interval, and the queues' names. */
  runQueues: number[];
  runQueueLabels: string[];
  syscalls: number;
  pageFaults: number;
  irqs: number;
  switches: number;
  ipc: number;
  /** Frames in use and in all (from the "frames" inspector; else null). */
  memory: { used: number; total: number } | null;
}

const TRAP_KINDS = new Set(["syscall", "page-fault", "undefined", "breakpoint", "alignment", "wfi", "irq", "illegal", "other", "start"]);

export class DashboardRun {
  readonly booted: Booted;
  readonly samples: Sample[] = [];
  /** Why the machine stopped for good, once it has. */
  result: RunResult | null = null;
  private consoleText = "";
  private counts = { syscalls: 0, pageFaults: 0, irqs: 0, switches: 0, ipc: 0, kernelTicks: 0 };
  private perThread = new Map<string, number>();
  private lastRetired = 0;
  private lastTime = 0;
  private seenEvent: unknown = undefined;
  private readonly idlePa: number;

  constructor(opts: BootOptions, readonly interval = 50_000) {
    this.booted = bootForDebugger(opts, (b) => { this.consoleText += String.fromCharCode(b); });
    const b = this.booted.board;
    this.idlePa = b instanceof PcMachine ? PC_KERNEL_WINDOW.base : KERNEL_WINDOW.base;
    if (!this.booted.ok) this.result = { reason: "error", status: -1, retired: 0, ticks: 0, error: this.booted.error ?? "did not boot" };
    b.mem.tracer.subscribe(TRACE_TRAP, (e) => this.onTrap(e));
  }

  get kernel(): Kernel | null { return this.booted.built?.current() ?? null; }
  get console(): string { return this.booted.firmwareText + this.consoleText; }
  get done(): boolean { return this.result !== null; }

  /** A handler starts: charge the user time since the last one to the thread that was running, count the entry. */
  private onTrap(e: TraceEvent): void {
    if (!TRAP_KINDS.has(e.kind)) return;                 // "eret" / "idle": a handler ending
    const b = this.booted.board;
    if (b.sys.entryPa === this.idlePa) return;            // the board's idle loop, not an event
    const kn = this.kernel;
    const retired = b.cpu.retired;
    if (kn && kn.state.current !== null && kn.state.current !== undefined) {
      const t = kn.state.threads?.find((x) => x.tid === kn.state.current);
      const name = t ? `${t.name}#${t.tid}` : `#${kn.state.current}`;
      this.perThread.set(name, (this.perThread.get(name) ?? 0) + (retired - this.lastRetired));
    }
    this.lastRetired = retired;
    this.counts.kernelTicks += b.handlerCost;
    if (e.kind === "syscall") this.counts.syscalls++;
    else if (e.kind === "page-fault") this.counts.pageFaults++;
    else if (e.kind === "irq") this.counts.irqs++;
    this.readLog();
  }

  /** Count switches and IPC messages the kernel logged since the last look (its log is a ring: compare by identity). */
  private readLog(): void {
    const ev = this.kernel?.state.events;
    if (!Array.isArray(ev) || ev.length === 0) return;
    const last = ev[ev.length - 1];
    if (last === this.seenEvent) return;
    const from = ev.indexOf(this.seenEvent as never) + 1;
    this.seenEvent = last;
    for (let i = from; i < ev.length; i++) {
      if (ev[i].kind === "switch") this.counts.switches++;
      else if (ev[i].kind === "ipc") this.counts.ipc++;
    }
  }

  /** Run one interval of virtual time and record its sample; null once the machine has stopped. */
  step(): Sample | null {
    if (this.result) return null;
    const b = this.booted.board;
    const r = b.run({ maxTicks: b.clock.now() + this.interval });
    this.readLog();
    if (r.reason !== "budget") this.result = r;
    const sample = this.sample();
    this.samples.push(sample);
    return sample;
  }

  private sample(): Sample {
    const b = this.booted.board, kn = this.kernel;
    const now = b.clock.now(), ticks = Math.max(1, now - this.lastTime);
    // User time of the thread running now, up to this moment.
    if (kn && kn.state.current !== null && kn.state.current !== undefined && !b.halted) {
      const t = kn.state.threads?.find((x) => x.tid === kn.state.current);
      const name = t ? `${t.name}#${t.tid}` : `#${kn.state.current}`;
      this.perThread.set(name, (this.perThread.get(name) ?? 0) + (b.cpu.retired - this.lastRetired));
      this.lastRetired = b.cpu.retired;
    }
    const cpu: Record<string, number> = {};
    let busy = 0;
    for (const [name, n] of this.perThread) { cpu[name] = Math.min(1, n / ticks); busy += n; }
    for (const t of kn?.state.threads ?? []) cpu[`${t.name}#${t.tid}`] ??= 0;
    cpu.kernel = Math.min(1, this.counts.kernelTicks / ticks);
    cpu.idle = Math.max(0, 1 - (busy + this.counts.kernelTicks) / ticks);
    const rq = runQueueData(kn);
    const frames = inspect<FramesInspection>(kn, "frames");
    // Frames in use: every frame with an owner, of the frames that are RAM ("hole": not RAM, in chapter 02's map).
    const memory = frames && Array.isArray(frames.owners)
      ? { used: frames.owners.filter((o) => o !== "" && o !== "free" && o !== "hole").length, total: Math.floor(b.mem.size / 4096) }
      : null;
    const s: Sample = { time: now, cpu, runQueues: rq?.lengths ?? [0], runQueueLabels: rq?.labels ?? ["ready"], syscalls: this.counts.syscalls, pageFaults: this.counts.pageFaults,
      irqs: this.counts.irqs, switches: this.counts.switches, ipc: this.counts.ipc, memory };
    this.counts = { syscalls: 0, pageFaults: 0, irqs: 0, switches: 0, ipc: 0, kernelTicks: 0 };
    this.perThread = new Map();
    this.lastTime = now;
    return s;
  }

  /** Run until the machine stops or `maxIntervals` samples; for tests and `--headless`. */
  runAll(maxIntervals = 10_000): Sample[] {
    for (let i = 0; i < maxIntervals && this.step(); i++);
    return this.samples;
  }
}
