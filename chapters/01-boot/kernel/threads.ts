// Threads in chapter 01: one per program, run one after another to the
// end (no timer preemption until chapter 03). spawn loads a boot module,
// threadExit records how it ended, schedule picks the next one, and when
// none is left the kernel shuts down.

import type { Kernel, Thread } from "./kernel";
import { currentThread } from "./kernel";
import { kprint } from "./console";
import { logEvent } from "./events";
import { loadProgram, ProgramError } from "./program";
import { resume } from "./entry";

// @snippet spawn
export function spawn(kn: Kernel, module: string, arg: string): number {
  const mod = kn.state.boot.modules.find((m) => m.name === module);
  if (mod === undefined) throw new ProgramError(`no boot module named '${module}'`);
  const loaded = loadProgram(kn, module, kn.k.readBytes(mod.pa, mod.size), arg === "" ? [module] : [module, arg]);
  const tid = kn.state.nextTid++;
  const t: Thread = { tid, name: module, status: "runnable", exitStatus: null,
    context: kn.hal.newContext(loaded.entry, loaded.stackTop, []) };
  kn.state.threads.push(t);
  kn.state.images[tid] = loaded.regions;
  logEvent(kn, "info", `spawn ${module}: pid ${tid}, entry 0x${loaded.entry.toString(16)}, ${loaded.relocations} relocations`, tid);
  return tid;
}
// @end spawn

export function threadExit(kn: Kernel, tid: number, status: number): void {
  const t = kn.state.threads.find((x) => x.tid === tid);
  if (t === undefined || t.status === "exited") return;
  t.status = "exited";
  t.exitStatus = status;
  if (kn.state.current === tid) kn.state.current = null;
  logEvent(kn, "exit", `pid ${tid} (${t.name}) exited, status ${status}`, tid);
  kprint(kn, `exit: pid ${tid} (${t.name}) status ${status}\n`);
}

// @snippet schedule
/** Chapter 01's scheduler: keep running the current thread; else the oldest runnable one; none left: shut down. */
export function schedule(kn: Kernel): number | null {
  const cur = currentThread(kn);
  if (cur !== null && (cur.status === "running" || cur.status === "runnable")) return cur.tid;
  const next = kn.state.threads.find((t) => t.status === "runnable");
  if (next !== undefined) return next.tid;
  if (!kn.state.threads.some((t) => t.status === "blocked") && kn.state.shutdown === null) {
    kn.state.shutdown = { status: 0, reason: "every program has finished" };
    kprint(kn, "MinOS: every program has finished; powering off\n");
  }
  return null;
}
// @end schedule

// @snippet step-programs
/** "programs": load every program of the run list; a bad one is reported and skipped. */
export function programsStep(kn: Kernel): void {
  for (const name of kn.state.runList) {
    try {
      kn.hooks.spawn(kn, name, "");
    } catch (err) {
      if (!(err instanceof ProgramError)) throw err;        // anything else is a kernel bug
      kprint(kn, `program ${name}: not started: ${err.message}\n`);
      logEvent(kn, "info", `program ${name} skipped: ${err.message}`, null);
    }
  }
}

/** "run", the last step: boot is over; end this first event like every other one, by running a thread (or idling). */
export function runStep(kn: Kernel): void {
  logEvent(kn, "boot", "boot done", null);
  resume(kn);
}
// @end step-programs
