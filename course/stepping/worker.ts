// Kernel stepping, part 4: the worker thread that runs the machine and an
// instrumented kernel (protocol.ts says how it talks to the debugger).

import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import type { BuiltKernel } from "../../chapters/01-boot/kernel/builder";
import { runKernel } from "../run-kernel";
import type { CommandMessage, MachineAtPause, StepJob, WorkerMessage } from "./protocol";
import { Stepper, type StepCommand } from "./stepper";

const job = workerData as StepJob;
const ctrl = new Int32Array(job.ctrl);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
let machine: { cpu: { regNames: readonly string[]; getReg(i: number): bigint; getPc(): bigint; retired: number }; now(): number } | null = null;
let kernel: BuiltKernel | null = null;

/** Block until the debugger sends a command (the kernel stays paused in between). */
function waitForCommand(stepper: Stepper): StepCommand {
  for (;;) {
    Atomics.wait(ctrl, 0, 0);
    Atomics.store(ctrl, 0, 0);
    const got = receiveMessageOnPort(job.port);
    if (got === undefined) continue;
    const m = got.message as CommandMessage;
    for (const id of m.set ?? []) stepper.setBreakpoint(id, true);
    for (const id of m.clear ?? []) stepper.setBreakpoint(id, false);
    return m.cmd;
  }
}

function machineNow(): MachineAtPause {
  const cpu = machine!.cpu;
  const regs: [string, string][] = cpu.regNames.map((n, i) => [n, `0x${cpu.getReg(i).toString(16)}`]);
  regs.push(["pc", `0x${cpu.getPc().toString(16)}`]);
  const events = kernel?.current()?.state.events ?? [];
  return { retired: cpu.retired, ticks: machine!.now(), regs, events: events.slice(-8) };
}

const stepper = new Stepper(job.sites, (pause) => {
  post({ type: "pause", pause, machine: machineNow() });
  return waitForCommand(stepper);
});
for (const id of job.breakpoints) stepper.setBreakpoint(id, true);

// Evaluate the instrumented bundle with the step functions in its scope.
const mod = { exports: {} as Record<string, unknown> };
new Function("module", "exports", "__minosStep", "__minosEnter", "__minosLeave", job.bundle)(mod, mod.exports,
  (i: number, l: () => Record<string, unknown>) => stepper.step(i, l),
  (i: number, p: () => Record<string, unknown>) => stepper.enter(i, p),
  (f: never) => stepper.leave(f));
kernel = mod.exports as unknown as BuiltKernel;

const run = runKernel({
  arch: job.arch, chapter: job.chapter, kernel, modules: job.modules, cmdline: job.cmdline,
  ramSize: job.ramSize, maxInstructions: job.maxInstructions,
  before: (m) => { machine = m as never; },
});
post({ type: "done", reason: run.result.reason, status: run.result.status, console: run.console, error: run.result.error });
