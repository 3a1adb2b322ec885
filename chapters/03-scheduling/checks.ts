// Chapter 03's checks (course/checks.ts): what `minos check 3` grades,
// against chapter 03's kernel and every later one. They read what the
// scheduler did from kernel.state (CPU time per thread, levels, boosts,
// zombies, frames) as well as the console.

import assert from "node:assert/strict";
import type { Check } from "../../course/checks";
import type { KernelRun } from "../../course/run-kernel";

const noPanic = (r: KernelRun): void => assert.equal(r.kernel?.state.panicked ?? null, null, "the kernel panicked (see the log)");
const spinCpu = (r: KernelRun): number[] => {
  const s = r.kernel!.state;
  return s.threads.filter((t) => t.name === "spin").map((t) => s.tinfo[t.tid]?.cpu ?? 0);
};

export const checks: Check[] = [
  {
    name: "round-robin-fair-shares",
    exercise: "sched-pick",
    points: 3,
    hint: "pickNext takes the front of the highest non-empty level; the preempted thread goes to the back of its level (makeReady), so equals alternate.",
    run(ctx) {
      const r = ctx.boot({ programs: ["spawner", "spin"], cmdline: "seed=1 run=spawner arg.spawner=spin=0:3", maxInstructions: 6_000_000 });
      noPanic(r);
      const cpu = spinCpu(r);
      assert.equal(cpu.length, 3, "spawner did not start three spin processes");
      const mean = cpu.reduce((a, b) => a + b, 0) / 3;
      assert.ok(mean > 1_000_000, `the spins hardly ran (mean ${mean} ticks)`);
      // Stopped at an arbitrary moment, one may be a bottom-level quantum (160,000 ticks) behind the others.
      for (const c of cpu) assert.ok(Math.abs(c - mean) <= 2 * 160_000, `unequal shares: ${cpu.join(", ")} ticks`);
    },
  },
  {
    name: "hogs-move-down",
    exercise: "sched-charge",
    points: 3,
    hint: "A thread that used its allotment at a level moves down one level; at the bottom it stays.",
    run(ctx) {
      const r = ctx.boot({ programs: ["spawner", "spin"], cmdline: "seed=1 run=spawner arg.spawner=spin=0:2", maxInstructions: 800_000 });
      noPanic(r);
      const s = r.kernel!.state;
      const levels = s.threads.filter((t) => t.name === "spin").map((t) => s.sched.threads[t.tid]?.level);
      assert.deepEqual(levels, [3, 3], `after 800,000 ticks two hogs should be at the bottom level 3, they are at ${levels.join(", ")}`);
      assert.ok(s.sched.stats.demotions >= 6, `only ${s.sched.stats.demotions} demotions`);
    },
  },
  {
    name: "boost-bounds-waiting",
    exercise: "sched-boost",
    points: 3,
    hint: "Without the boost a hog that sank waits behind every thread above it; with it nobody waits longer than BOOST_PERIOD plus a round of top-level quanta.",
    run(ctx) {
      const r = ctx.boot({ programs: ["spawner", "spin"], cmdline: "seed=1 run=spawner arg.spawner=spin=0:4", maxInstructions: 3_500_000 });
      noPanic(r);
      const s = r.kernel!.state;
      assert.ok(s.sched.stats.boosts >= 3, `${s.sched.stats.boosts} boosts in 3.5 M ticks (one per 1 M expected)`);
      assert.ok(s.switchStats.longestWait <= 1_000_000 + 5 * 20_000, `a thread waited ${s.switchStats.longestWait} ticks`);
    },
  },
  {
    name: "wait-collects-children",
    exercise: "sys-wait",
    points: 4,
    hint: "wait(pid, &status) returns an exited child's pid and status and frees its zombie; with none exited yet it blocks and the call is made again later.",
    run(ctx) {
      const r = ctx.boot({ programs: ["spawner", "spin"], cmdline: "seed=1 run=spawner arg.spawner=spin=2000:3" });
      noPanic(r);
      const exited = r.console.split("\n").filter((l) => /^spawner: \d+ exited 0$/.test(l));
      assert.equal(exited.length, 3, "spawner did not collect three exit statuses of 0");
      assert.deepEqual(r.kernel!.state.processes, {}, "zombies were left behind");
      assert.equal(r.result.reason, "power-off");
    },
  },
  {
    name: "sleep-and-idle",
    points: 2,
    hint: "sleep blocks the thread until its time; with nothing runnable the CPU idles and virtual time skips to the next timer.",
    run(ctx) {
      const r = ctx.boot({ programs: ["sleeper"], cmdline: "seed=1 run=sleeper arg.sleeper=500000" });
      noPanic(r);
      assert.equal(r.console.split("\n").filter((l) => l.startsWith("sleeper: woke")).length, 3, "sleeper did not wake three times");
      assert.ok(r.result.ticks >= 1_500_000, "less virtual time passed than the sleeps asked for");
      assert.ok(r.result.retired < r.result.ticks / 5, "the CPU was busy while everyone slept");
    },
  },
  {
    name: "interactive-answer",
    points: 3,
    hint: "Console input wakes the reading thread at the front of the top level and preempts the running hog.",
    run(ctx) {
      const r = ctx.boot({ programs: ["spawner", "spin", "typist"], cmdline: "seed=1 run=spawner arg.spawner=spin=0:4,typist",
        input: [[2_000_000, "hi\n"]], maxInstructions: 3_000_000 });
      noPanic(r);
      const lat = r.kernel!.state.switchStats.inputLatency;
      assert.equal(lat.length, 1, "the typist did not read the line");
      assert.ok(lat[0] < 1_000, `the line waited ${lat[0]} ticks for its reader`);
      assert.ok(r.console.includes("typist: got hi"), "no answer from typist");
    },
  },
];
