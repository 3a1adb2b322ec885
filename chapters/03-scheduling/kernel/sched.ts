// The scheduler in the kernel: chapter 01's `schedule` hook, replaced. At
// the end of every event (chapters/01-boot/kernel/entry.ts, resume) the
// kernel asks it which thread runs next. It keeps the thread on the CPU
// unless that thread stopped (blocked, exited) or was told to give the CPU
// up (its quantum ran out, it yielded, or a more urgent thread woke); then
// it charges the CPU time used, asks the policy (policy.ts) for the next
// thread, switches address space (PCID / ASID: no TLB flush) and arms the
// timer for the new thread's quantum.

import type { Kernel } from "../../01-boot/kernel/kernel";
import { switchSpace } from "../../02-memory/kernel/address-space";
import { charge, makeReady, maybeBoost, pickNext, quantumOf } from "./policy";
import { nextWake } from "./sleep";

// @snippet schedule
export function schedule(kn: Kernel, earlier: (kn: Kernel) => number | null): number | null {
  const s = kn.state, r = s.running, now = kn.k.now();
  if (r.tid !== null) {
    const t = s.threads.find((x) => x.tid === r.tid);
    if (t !== undefined && t.status === "running" && !r.preempt) {
      armTimer(kn, r.tid, r.since + quantumOf(s.sched, r.tid) - now);
      return r.tid;                                         // still its turn
    }
    stopRunning(kn, now);
  }
  maybeBoost(s.sched, now);
  const next = pickNext(s.sched);
  if (next === null) {
    if (!s.threads.some((t) => t.status === "blocked")) return earlier(kn);   // nothing left at all: chapter 01 shuts down
    armTimer(kn, null, Infinity);                           // idle until a sleeper's time or an interrupt
    return null;
  }
  startRunning(kn, next, now);
  return next;
}
// @end schedule

// @snippet stop-running
/** The running thread leaves the CPU: charge it (rule 3 may move it down) and, if it can still run, queue it again. */
function stopRunning(kn: Kernel, now: number): void {
  const s = kn.state, tid = s.running.tid!;
  const used = now - s.running.since;
  const info = s.tinfo[tid];
  if (info !== undefined) info.cpu += used;
  const t = s.threads.find((x) => x.tid === tid);
  if (t !== undefined && t.status !== "exited" && s.sched.threads[tid] !== undefined) {
    charge(s.sched, tid, used);
    if (t.status === "running") { t.status = "runnable"; makeReady(s.sched, tid, now); }
  }
  s.running = { tid: null, since: now, preempt: false };
}
// @end stop-running

// @snippet start-running
/** Give the CPU to `tid`: its process's address space, the switch's cost counted, the timer armed for its quantum. */
function startRunning(kn: Kernel, tid: number, now: number): void {
  const s = kn.state, st = s.switchStats;
  const waited = now - s.sched.threads[tid].readySince;
  if (waited > st.longestWait) st.longestWait = waited;
  if (s.current !== tid) {
    st.switches++;
    st.bytesMoved += 2 * 8 * kn.hal.contextRegs.length;     // the old thread's registers saved, the new one's loaded
    s.sched.stats.switches++;
  }
  const pid = s.tinfo[tid]?.pid ?? tid;
  if (s.paging.active !== pid && s.spaces[pid] !== undefined) {
    switchSpace(kn, pid);
    st.spaceSwitches++;
  }
  s.running = { tid, since: now, preempt: false };
  armTimer(kn, tid, quantumOf(s.sched, tid));
}
// @end start-running

/** One-shot timer: the end of the running thread's quantum or the next sleeper's wake-up, whichever is first. */
function armTimer(kn: Kernel, tid: number | null, quantumLeft: number): void {
  const wake = nextWake(kn) - kn.k.now();
  const ticks = Math.min(quantumLeft, wake);
  kn.hal.setTimer(kn.k, Number.isFinite(ticks) ? Math.max(1, ticks) : 0);
  void tid;
}
