// The scheduling policy: a multi-level feedback queue (MLFQ, as in OSTEP
// chapter 8 and Solaris' time-sharing class), tuned for the workload MinOS
// is built for — a command line, where a person types and a few programs
// compute.
//
// The rules, each a few lines below:
//   1. Higher level runs first; within a level, round robin (a FIFO queue).
//   2. A new thread starts at the top level.
//   3. A thread that uses up its allotment at a level (the CPU time it may
//      use there, summed over its turns) moves down one level. A CPU hog
//      sinks; a thread that runs briefly and waits stays up.
//   4. Interactivity: a thread woken because console input arrived for it
//      goes to the front of the top level with a fresh allotment, and the
//      running thread is preempted at once, so a keystroke is answered
//      ahead of any hog, even right after a boost.
//   5. Anti-starvation: every BOOST_PERIOD ticks every thread goes back to
//      the top level. So no runnable thread waits longer than
//      BOOST_PERIOD + (runnable threads) x TOP_QUANTUM ticks (the bound the
//      tests check).
//
// Everything here is plain data and pure functions of it: the context
// switch, the timer and the system calls (sched.ts) call into this file,
// and a test can drive it without a machine.

export const LEVELS = 4;
/** Timer ticks (virtual time) a thread may run before the scheduler looks again, per level: longer quanta further down. */
export const QUANTUM = [20_000, 40_000, 80_000, 160_000] as const;
/** CPU time a thread may use at a level before it is moved down (rule 3). */
export const ALLOTMENT = [40_000, 80_000, 160_000, Infinity] as const;
/** Rule 5's period. */
export const BOOST_PERIOD = 1_000_000;

export interface SchedThread {
  tid: number;
  level: number;
  /** CPU ticks used at this level since it arrived here. */
  used: number;
  /** When it last became runnable (for the waiting-time bound and the debugger). */
  readySince: number;
}

export interface SchedState {
  /** Runnable threads (not the running one) per level, front first. */
  queues: number[][];
  threads: Record<number, SchedThread>;
  lastBoost: number;
  /** Counters the dashboard and tests read. */
  stats: { switches: number; boosts: number; demotions: number; interactiveWakeups: number };
}

export function newSchedState(now: number): SchedState {
  return { queues: Array.from({ length: LEVELS }, () => []), threads: {}, lastBoost: now,
    stats: { switches: 0, boosts: 0, demotions: 0, interactiveWakeups: 0 } };
}

// @snippet sched-admit
/** Rule 2: a new thread enters at the top level, runnable. */
export function admit(s: SchedState, tid: number, now: number): void {
  s.threads[tid] = { tid, level: 0, used: 0, readySince: now };
  s.queues[0].push(tid);
}
// @end sched-admit

/** A thread leaves the scheduler for good (it exited). */
export function forget(s: SchedState, tid: number): void {
  delete s.threads[tid];
  for (const q of s.queues) { const i = q.indexOf(tid); if (i >= 0) q.splice(i, 1); }
}

// @snippet sched-pick
/** Rule 1: the front of the highest non-empty level, removed from its queue; null if nothing is runnable. */
export function pickNext(s: SchedState): number | null {
  // @exercise sched-pick 3 "Scan s.queues from level 0 down; take (shift) the first tid of the first non-empty queue; null if all are empty."
  for (const q of s.queues) {
    const tid = q.shift();
    if (tid !== undefined) return tid;
  }
  return null;
  // @end sched-pick
}
// @end sched-pick

/** How long the thread may run now before the timer should interrupt it. */
export function quantumOf(s: SchedState, tid: number): number {
  return QUANTUM[s.threads[tid].level];
}

// @snippet sched-charge
/**
 * Charge `ticks` of CPU to a thread that just stopped running (preempted,
 * blocked or yielded), applying rule 3. Returns true if it was moved down.
 */
export function charge(s: SchedState, tid: number, ticks: number): boolean {
  // @exercise sched-charge 3 "Add ticks to the thread's used time; once it reaches ALLOTMENT[level] (and it is not at the bottom), move it down a level with used = 0, count a demotion, return true."
  const t = s.threads[tid];
  t.used += ticks;
  if (t.used < ALLOTMENT[t.level] || t.level === LEVELS - 1) return false;
  t.level++;
  t.used = 0;
  s.stats.demotions++;
  return true;
  // @end sched-charge
}
// @end sched-charge

/** The thread is runnable again: back of its level's queue (after a preemption, a yield or a wakeup). */
export function makeReady(s: SchedState, tid: number, now: number): void {
  const t = s.threads[tid];
  t.readySince = now;
  s.queues[t.level].push(tid);
}

// @snippet sched-interactive
/** Rule 4: woken by console input — to the front of the top level, with a fresh allotment. The caller preempts the running thread. */
export function wakeForInput(s: SchedState, tid: number, now: number): void {
  const t = s.threads[tid];
  t.level = 0;
  t.used = 0;
  t.readySince = now;
  s.stats.interactiveWakeups++;
  s.queues[0].unshift(tid);
}
// @end sched-interactive

// @snippet sched-boost
/** Rule 5: if a boost period has passed, every thread goes back to the top level (queue order kept, higher levels first). */
export function maybeBoost(s: SchedState, now: number): boolean {
  // @exercise sched-boost 3 "Every BOOST_PERIOD ticks: every thread to level 0 with used = 0, the queued ones in one level-0 queue (higher levels first, order kept); count it; return true."
  if (now - s.lastBoost < BOOST_PERIOD) return false;
  s.lastBoost = now;
  s.stats.boosts++;
  const all = s.queues.flat();
  for (const t of Object.values(s.threads)) { t.level = 0; t.used = 0; }
  s.queues = Array.from({ length: LEVELS }, (_, i) => (i === 0 ? all : []));
  return true;
  // @end sched-boost
}
// @end sched-boost

/** Problems with the queues' shape (empty when all is well): every queued thread known, at its own level, queued once. */
export function checkSchedState(s: SchedState, running: number | null): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  s.queues.forEach((q, level) => {
    for (const tid of q) {
      const t = s.threads[tid];
      if (t === undefined) problems.push(`thread ${tid} is queued at level ${level} but unknown to the scheduler`);
      else if (t.level !== level) problems.push(`thread ${tid} is queued at level ${level} but its level is ${t.level}`);
      if (seen.has(tid)) problems.push(`thread ${tid} is queued twice`);
      if (tid === running) problems.push(`thread ${tid} is running and queued`);
      seen.add(tid);
    }
  });
  return problems;
}
