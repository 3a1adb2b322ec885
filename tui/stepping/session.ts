// Kernel stepping, part 5: the debugger's side. Starts the worker
// (worker.ts) on an instrumented kernel, hands out its pauses one at a time,
// and sends the student's commands (protocol.ts).

import { MessageChannel, Worker } from "node:worker_threads";
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";
import { projectRoot } from "../../toolchain/util/root";
import type { CommandMessage, StepJob, WorkerMessage } from "./protocol";
import type { StepCommand } from "./stepper";

export type StepJobSpec = Omit<StepJob, "ctrl" | "port">;

/** What `next()` hands out: a pause, or the end of the run. */
export type StepEvent = Exclude<WorkerMessage, { type: "console" }>;

/** The worker script, built from worker.ts on first use (and again when a source is newer). */
function workerScript(): string {
  const root = projectRoot();
  const shipped = path.join(root, "dist", "step-worker.mjs");
  const out = path.join(root, ".minos", "cache", "step-worker.mjs");
  try { if (statSync(shipped).isFile() && !process.env.VITEST) return shipped; } catch { /* build it */ }
  mkdirSync(path.dirname(out), { recursive: true });
  buildSync({
    entryPoints: [path.join(root, "tui", "stepping", "worker.ts")], outfile: out, bundle: true,
    platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "silent",
  });
  return out;
}

export class KernelStepSession {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(8));
  private readonly channel = new MessageChannel();
  private readonly worker: Worker;
  private readonly queue: StepEvent[] = [];
  private waiting: ((m: StepEvent) => void) | null = null;
  private failed: Error | null = null;
  /** Everything the UART sent so far (firmware lines first). */
  console = "";
  /** Called as console output arrives (before the pause that follows it). */
  onConsole: ((text: string) => void) | null = null;

  constructor(spec: StepJobSpec) {
    const job: StepJob = { ...spec, ctrl: this.ctrl.buffer as SharedArrayBuffer, port: this.channel.port2 };
    this.worker = new Worker(workerScript(), { workerData: job, transferList: [this.channel.port2] });
    this.worker.on("message", (m: WorkerMessage) => this.deliver(m));
    this.worker.on("error", (e) => { this.failed = e; this.deliver({ type: "done", reason: "error", status: -1, console: this.console, error: e.message, retired: 0, ticks: 0 }); });
  }

  private deliver(m: WorkerMessage): void {
    if (m.type === "console") { this.console += m.text; this.onConsole?.(m.text); return; }
    if (this.waiting) { const w = this.waiting; this.waiting = null; w(m); } else this.queue.push(m);
  }

  /** The next thing the kernel did: a pause (it now waits for a command) or the end of the run (console output goes to `console`). */
  next(): Promise<StepEvent> {
    const m = this.queue.shift();
    if (m !== undefined) return Promise.resolve(m);
    return new Promise((resolve) => { this.waiting = resolve; });
  }

  /** Resume a paused kernel: step into / over / out, or continue; optionally change breakpoints first. */
  command(cmd: StepCommand, set: number[] = [], clear: number[] = []): void {
    const msg: CommandMessage = { cmd, set, clear };
    this.channel.port1.postMessage(msg);
    Atomics.store(this.ctrl, 0, 1);
    Atomics.notify(this.ctrl, 0);
  }

  /**
   * While the kernel runs (after continue): stop at the next kernel statement
   * it runs. A user program that never enters the kernel is not interrupted
   * (the worker sees the request only in kernel code).
   */
  requestPause(): void {
    Atomics.store(this.ctrl, 1, 1);
  }

  async close(): Promise<void> {
    this.channel.port1.close();
    await this.worker.terminate();
    if (this.failed) throw this.failed;
  }
}
