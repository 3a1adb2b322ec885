// Blocking and waking: a thread that must wait (for time to pass, for a
// line of console input, for a child to exit) is marked blocked with what
// it waits for, and leaves the scheduler's queues; the event it waits for
// makes it runnable again. Nothing ever waits inside the kernel: the
// thread's registers hold its whole state, and the system call is simply
// made again (hal/restart.ts) or its result written into them.

import type { Kernel } from "../../01-boot/kernel/kernel";
import { logEvent } from "../../01-boot/kernel/events";
import { makeReady, wakeForInput } from "./policy";
import type { Wait } from "./state";

/** Block the running thread until `w` happens. */
export function block(kn: Kernel, tid: number, w: Wait): void {
  const t = kn.state.threads.find((x) => x.tid === tid);
  if (t === undefined) return;
  t.status = "blocked";
  kn.state.tinfo[tid].waiting = w;
  logEvent(kn, "info", `tid ${tid} waits for ${w.kind === "sleep" ? `time ${w.until}` : w.kind === "child" ? `child ${w.pid}` : "console input"}`, tid);
}

/** Make a blocked thread runnable; `input` wakes use rule 4 (policy.ts) and take the CPU from the running thread. */
export function wake(kn: Kernel, tid: number, how: "normal" | "input" = "normal"): void {
  const s = kn.state, t = s.threads.find((x) => x.tid === tid);
  if (t === undefined || t.status !== "blocked") return;
  t.status = "runnable";
  s.tinfo[tid].waiting = null;
  const now = kn.k.now();
  if (how === "input") {
    wakeForInput(s.sched, tid, now);
    s.running.preempt = true;
  } else {
    makeReady(s.sched, tid, now);
    const r = s.running.tid;
    if (r !== null && s.sched.threads[r] !== undefined && s.sched.threads[tid].level < s.sched.threads[r].level) s.running.preempt = true;
  }
}

// @snippet wake-sleepers
/** Wake every sleeper whose time has come (called on each timer interrupt). */
export function wakeSleepers(kn: Kernel): void {
  const now = kn.k.now();
  for (const t of kn.state.threads) {
    const w = kn.state.tinfo[t.tid]?.waiting;
    if (t.status === "blocked" && w?.kind === "sleep" && w.until <= now) wake(kn, t.tid);
  }
}
// @end wake-sleepers

/** When the earliest sleeper wakes (Infinity if none). */
export function nextWake(kn: Kernel): number {
  let at = Infinity;
  for (const t of kn.state.threads) {
    const w = kn.state.tinfo[t.tid]?.waiting;
    if (t.status === "blocked" && w?.kind === "sleep" && w.until < at) at = w.until;
  }
  return at;
}
