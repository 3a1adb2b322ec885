// Processes: an address space (chapter 02) and the threads that run in it,
// with a parent. Creating one is chapter 02's `spawn` (load the program
// into a fresh address space) plus a few lines of bookkeeping here; ending
// one gives every frame back (chapter 02's threadExit) and leaves a
// *zombie* — just the exit status — until the parent collects it with
// wait(), as in Unix.

import type { Kernel } from "../../01-boot/kernel/kernel";
import { admit, forget } from "./policy";
import { wake } from "./sleep";

// @snippet process-spawn
/** A thread `tid` was just created for `module` by chapter 02's spawn: it is a new process, child of the caller. */
export function registerProcess(kn: Kernel, tid: number, module: string): void {
  const s = kn.state;
  const parent = s.current === null ? 0 : s.tinfo[s.current]?.pid ?? 0;
  s.processes[tid] = { pid: tid, parent, name: module, threads: [tid], exitStatus: null };
  s.tinfo[tid] = { pid: tid, cpu: 0, waiting: null, inputAt: -1 };
  admit(s.sched, tid, kn.k.now());
}
// @end process-spawn

// @snippet process-exit
/** Thread `tid` ended (after chapters 01 and 02 released its memory): leave the scheduler, and end its process if it was the last thread. */
export function threadEnded(kn: Kernel, tid: number, status: number): void {
  const s = kn.state;
  forget(s.sched, tid);
  const pid = s.tinfo[tid]?.pid ?? tid;
  const p = s.processes[pid];
  if (p === undefined) return;
  p.threads = p.threads.filter((t) => t !== tid);
  if (p.threads.length > 0) return;
  p.exitStatus = status;
  const parent = s.processes[p.parent];
  if (parent === undefined || parent.exitStatus !== null) { delete s.processes[pid]; return; }   // nobody will wait: reap now
  for (const t of parent.threads) {                          // a parent blocked in wait() for this child (or any) tries again
    const w = s.tinfo[t]?.waiting;
    if (w?.kind === "child" && (w.pid === -1 || w.pid === pid)) wake(kn, t);
  }
}
// @end process-exit

/** Children of `pid` that `want` selects (-1: any). */
export function childrenOf(kn: Kernel, pid: number, want: number) {
  return Object.values(kn.state.processes).filter((p) => p.parent === pid && (want === -1 || p.pid === want));
}

// @snippet fault-kills-process
/**
 * A fault kills the whole process, not just the thread that faulted (as a
 * Unix signal does): its other threads share the memory the faulting one
 * may have left half-written. Called after chapter 01 reported the fault
 * and ended the faulting thread; the process ends with the fault's status.
 */
export function killSiblings(kn: Kernel, tid: number): void {
  const s = kn.state, pid = s.tinfo[tid]?.pid ?? tid;
  const status = s.threads.find((t) => t.tid === tid)?.exitStatus ?? 139;
  for (const t of s.threads) {
    if (t.tid !== tid && (t.pid ?? t.tid) === pid && t.status !== "exited") kn.hooks.threadExit(kn, t.tid, status);
  }
}
// @end fault-kills-process
