// The MLFQ policy on its own, driven by a small simulation of a CPU in
// virtual time: fairness among hogs, the waiting-time bound of rule 5, and
// the interactivity of rule 4. (The kernel-level workload tests run real C
// programs on both machines; these pin the policy's arithmetic.)
import { describe, expect, it } from "vitest";
import {
  admit, BOOST_PERIOD, charge, checkSchedState, LEVELS, makeReady, maybeBoost, newSchedState, pickNext, QUANTUM, wakeForInput,
  type SchedState,
} from "../../../chapters/03-scheduling/kernel/policy";

/** Run `hogs` CPU-bound threads (and an optional typist) for `until` ticks; returns CPU time per tid and the typist's response times. */
function simulate(hogs: number, until: number, typist?: { every: number; work: number }) {
  const s: SchedState = newSchedState(0);
  const cpu: Record<number, number> = {};
  let longestWait = 0;
  const TYPIST = 100;
  let typistBlocked = false, nextKey = typist ? typist.every : Infinity, keyAt = -1;
  const responses: number[] = [];
  if (typist) { admit(s, TYPIST, 0); cpu[TYPIST] = 0; }     // first, like a shell started before the jobs it runs
  for (let t = 1; t <= hogs; t++) { admit(s, t, 0); cpu[t] = 0; }
  let now = 0;
  while (now < until) {
    maybeBoost(s, now);
    if (typist && typistBlocked && now >= nextKey) { typistBlocked = false; keyAt = nextKey; nextKey += typist.every; wakeForInput(s, TYPIST, now); }
    expect(checkSchedState(s, null)).toEqual([]);
    const tid = pickNext(s);
    if (tid === null) { now = Math.min(nextKey, until); continue; }
    longestWait = Math.max(longestWait, now - s.threads[tid].readySince);
    s.stats.switches++;
    if (tid === TYPIST) {
      const run = typist!.work;
      now += run; cpu[tid] += run;
      if (keyAt >= 0) { responses.push(now - keyAt); keyAt = -1; }
      charge(s, tid, run);
      typistBlocked = true;                 // waits for the next key
      continue;
    }
    const run = Math.min(QUANTUM[s.threads[tid].level], nextKey > now && typistBlocked ? nextKey - now : Infinity, until - now);
    now += run; cpu[tid] += run;
    charge(s, tid, run);
    makeReady(s, tid, now);
  }
  return { cpu, responses, longestWait, s };
}

describe("MLFQ policy", () => {
  it("gives N CPU hogs equal shares within 2% over 20 boost periods", () => {
    for (const n of [2, 3, 5, 8]) {
      const { cpu } = simulate(n, 20 * BOOST_PERIOD);
      const shares = Object.values(cpu);
      const mean = shares.reduce((a, b) => a + b, 0) / n;
      for (const c of shares) expect(Math.abs(c - mean) / mean).toBeLessThan(0.02);
    }
  });

  it("hogs sink to the bottom level between boosts", () => {
    const { s } = simulate(3, BOOST_PERIOD - 1);
    for (const t of Object.values(s.threads)) expect(t.level).toBe(LEVELS - 1);
    expect(s.stats.demotions).toBe(3 * (LEVELS - 1));
  });

  it("no runnable thread waits longer than the stated bound: BOOST_PERIOD + threads x top quantum", () => {
    const n = 8;
    const { longestWait } = simulate(n, 10 * BOOST_PERIOD);
    expect(longestWait).toBeLessThanOrEqual(BOOST_PERIOD + n * QUANTUM[0]);
  });

  it("a typist among 8 hogs is answered as soon as its key arrives, even just after a boost", () => {
    const { responses, cpu } = simulate(8, 10 * BOOST_PERIOD, { every: 150_000, work: 2_000 });
    expect(responses.length).toBeGreaterThan(50);
    // The key preempts the running hog and puts the typist first: its response is its own work.
    expect(Math.max(...responses)).toBe(2_000);
    expect(cpu[100]).toBe(responses.length * 2_000 + 2_000);
  });

  it("a boost returns everyone to the top level, keeping their order", () => {
    const s = newSchedState(0);
    [1, 2, 3].forEach((t) => admit(s, t, 0));
    s.queues = [[], [2], [], [1, 3]];
    s.threads[2].level = 1; s.threads[1].level = 3; s.threads[3].level = 3;
    expect(maybeBoost(s, BOOST_PERIOD - 1)).toBe(false);
    expect(maybeBoost(s, BOOST_PERIOD)).toBe(true);
    expect(s.queues[0]).toEqual([2, 1, 3]);
    expect(checkSchedState(s, null)).toEqual([]);
  });

  it("the checker names a broken queue", () => {
    const s = newSchedState(0);
    admit(s, 1, 0);
    s.queues[2].push(1);
    expect(checkSchedState(s, 1)).toEqual([
      "thread 1 is running and queued",
      "thread 1 is queued at level 2 but its level is 0",
      "thread 1 is queued twice",
      "thread 1 is running and queued",
    ]);
  });
});
