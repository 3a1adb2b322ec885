// Kernel stepping, part 4: the worker thread that runs the machine and an
// instrumented kernel (protocol.ts says how it talks to the debugger).

import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import type { BuiltKernel } from "../../chapters/01-boot/kernel/builder";
import { runKernel } from "../../course/run-kernel";
import type { CommandMessage, MachineAtPause, StepJob, WorkerMessage } from "./protocol";
import { loadInstrumented } from "./load";
import { Stepper, type StepCommand } from "./stepper";
import { memoryAtPause, trappedRegs, type KernelModeLike } from "./machine-view";

const job = workerData as StepJob;
const ctrl = new Int32Array(job.ctrl);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
type LiveMachine = { cpu: { regNames: readonly string[]; getReg(i: number): bigint; getPc(): bigint; retired: number }; now(): number };
let machine: LiveMachine | null = null;

// The console is sent in batches: at the end of a line, before a pause and at
// the end (a message per byte would cost more than the machine's work).
let consoleOut = "";
const flushConsole = () => { if (consoleOut) { post({ type: "console", text: consoleOut }); consoleOut = ""; } };
const onConsole = (text: string) => { consoleOut += text; if (text.includes("\n")) flushConsole(); };
let kernel: BuiltKernel | null = null;

/**
 * Block until the debugger sends a command (the kernel stays paused in between).
 * The flag says "a command was posted". The port is read first and the
 * flag cleared only once a command is in hand, so nothing depends on the
 * message being readable by the time the flag changes (clearing the flag
 * first and then finding no message would wait forever). The timed wait is
 * a backstop; a command normally wakes it at once.
 */
function waitForCommand(stepper: Stepper): StepCommand {
  for (;;) {
    const got = receiveMessageOnPort(job.port);
    if (got === undefined) { Atomics.wait(ctrl, 0, 0, 50); continue; }
    Atomics.store(ctrl, 0, 0);
    const m = got.message as CommandMessage;
    for (const id of m.set ?? []) stepper.setBreakpoint(id, true);
    for (const id of m.clear ?? []) stepper.setBreakpoint(id, false);
    return m.cmd;
  }
}

/**
 * The KernelMode of the handler running now: the kernel's main and every
 * entry it registers are wrapped to note it, so a pause can show the trapped
 * context as the handler sees it (and its writes to it) rather than the CPU,
 * which sits in the kernel entry window while TypeScript runs.
 */
let current: KernelModeLike | null = null;
function noteEntries(km: KernelModeLike & { addEntry(name: string, fn: Handler): number }): void {
  const add = km.addEntry.bind(km);
  km.addEntry = (name, fn) => add(name, noted(fn));
  // AArch64 also installs handlers as a vector table (Arm64Sys.vectorTable).
  const sys = km.sys as { vectorTable?: (h: Record<string, Handler | undefined>) => number };
  if (typeof sys?.vectorTable === "function") {
    const table = sys.vectorTable.bind(sys);
    sys.vectorTable = (h) => table(Object.fromEntries(Object.entries(h).map(([slot, fn]) => [slot, fn && noted(fn)])));
  }
}
type Handler = (k: never) => void;
const noted = (fn: Handler): Handler => (k) => {
  const outer = current;
  current = k;
  try { fn(k); } finally { current = outer; }
};

function machineNow(): MachineAtPause {
  // During the boot entry (main) the board is not handed out yet: the handler's KernelMode is all there is.
  const cpu = machine?.cpu;
  let regs: [string, string][] = [];
  if (current) regs = trappedRegs(current);
  else if (cpu) {
    regs = cpu.regNames.map((n, i) => [n, `0x${cpu.getReg(i).toString(16)}`]);
    regs.push(["pc", `0x${cpu.getPc().toString(16)}`]);
  }
  const events = kernel?.current()?.state.events ?? [];
  let memory: MachineAtPause["memory"];
  try { memory = machine ? memoryAtPause(machine as never, kernel?.current() ?? null) : undefined; } catch { memory = undefined; }
  const ticks = machine ? machine.now() : (current as { now?: () => number } | null)?.now?.() ?? 0;
  return { retired: cpu?.retired ?? 0, ticks, regs, events: events.slice(-8), memory };
}

const stepper: Stepper = new Stepper(job.sites, (pause): StepCommand => {
  flushConsole();
  // Reading the machine may call the kernel's inspectors (instrumented code too): they must not pause.
  post({ type: "pause", pause, machine: stepper.outside(machineNow) });
  return waitForCommand(stepper);
});
for (const id of job.breakpoints) stepper.setBreakpoint(id, true);

// Evaluate the instrumented bundle; before each statement, see whether the debugger asked to
// pause a running kernel (one read of shared memory per statement).
const loaded = loadInstrumented(job.bundle, stepper, () => {
  if (ctrl[1] !== 0) { Atomics.store(ctrl, 1, 0); stepper.stepNext(); }
});
const built: BuiltKernel = loaded;
kernel = { ...built, main: (km: never) => {
  noteEntries(km);
  current = km;
  if (job.startPaused) stepper.stepNext();                  // pause at main's first statement (not in the bundle's set-up)
  try { built.main(km); } finally { current = null; }
} };

const run = runKernel({
  arch: job.arch, chapter: job.chapter, kernel, modules: job.modules, cmdline: job.cmdline,
  ramSize: job.ramSize, maxInstructions: job.maxInstructions, image: job.image,
  before: (m) => { machine = m as never; }, onConsole,
});
flushConsole();
post({ type: "done", reason: run.result.reason, status: run.result.status, console: run.console, error: run.result.error,
  retired: run.result.retired, ticks: run.result.ticks });
