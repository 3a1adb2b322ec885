// Chapter 03 on both machines with real C workloads (chapters/03-scheduling/
// user/*.c, built by our toolchain): what the scheduler did, read from the
// kernel's own accounting (kernel.state), from the machine's TLB, and from
// when lines reached the console in virtual time. The bounds are the
// policy's (chapters/03-scheduling/kernel/policy.ts).
import { describe, expect, it } from "vitest";
import { ARCHES, boot3 } from "./kit";
import { BOOST_PERIOD, QUANTUM } from "../../../chapters/03-scheduling/kernel/policy";
import type { Kernel } from "../../../chapters/01-boot/kernel/kernel";

const spins = (k: Kernel) => Object.entries(k.state.tinfo).filter(([tid]) => k.state.threads.find((t) => t.tid === Number(tid))?.name === "spin");

describe.each(ARCHES)("chapter 03 workloads (%s)", (arch) => {
  it.each([2, 4])("%i CPU-bound processes get equal shares: each within 3 percent of the mean over 20 M ticks", (n) => {
    const r = boot3(arch, `run=spawner arg.spawner=spin=0:${n}`, { maxTicks: 20_000_000 });
    expect(r.result.reason).toBe("budget");
    const k = r.kernel!;
    const cpu = spins(k).map(([, i]) => i.cpu);
    expect(cpu).toHaveLength(n);
    const mean = cpu.reduce((a, b) => a + b, 0) / n;
    expect(mean).toBeGreaterThan(20_000_000 / n * 0.9);       // they had nearly all of the machine
    for (const c of cpu) expect(Math.abs(c - mean) / mean).toBeLessThan(0.03);
  }, 120_000);

  it("with 8 CPU hogs running, a typed line is answered less than 1,000 ticks later than on an idle machine", () => {
    const keys: [number, string][] = [0, 1, 2, 3, 4].map((i) => [4_000_000 + i * 1_500_000, `k${i}\n`]);
    const responses = (spec: string) => {
      const r = boot3(arch, `run=spawner arg.spawner=${spec}`, { maxTicks: 12_000_000, input: keys });
      return { r, times: keys.map(([at, text]) => {
        const answer = r.lines.find((l) => l.text === `typist: got ${text.trim()}`);
        expect(answer, `no answer to ${text.trim()}\n${r.console.slice(-800)}`).toBeDefined();
        return answer!.time - at;                          // from the first key to the answer's first byte
      }) };
    };
    const idle = responses("typist"), busy = responses("spin=0:8,typist");
    for (let i = 0; i < keys.length; i++) {
      expect(idle.times[i]).toBeLessThan(10_000);           // the typist's own work: fgets, printf, the UART's bytes
      expect(busy.times[i] - idle.times[i]).toBeLessThan(1_000);
    }
    const k = busy.r.kernel!;
    expect(k.state.switchStats.inputLatency).toHaveLength(keys.length);
    expect(Math.max(...k.state.switchStats.inputLatency)).toBeLessThan(1_000);   // the newline's interrupt to read() returning
    expect(k.state.sched.stats.interactiveWakeups).toBe(keys.length);
    expect(spins(k)).toHaveLength(8);
  }, 120_000);

  it("no runnable thread waits longer than BOOST_PERIOD + threads x top quantum; every hog runs in every boost period", () => {
    const ran: Record<number, number[]> = {};
    const r = boot3(arch, `run=spawner arg.spawner=spin=0:8`, {
      maxTicks: 5 * BOOST_PERIOD,
      layers: [(b) => b.wrap("schedule", (earlier) => (kn) => {
        const tid = earlier(kn);
        if (tid !== null) (ran[tid] ??= []).push(kn.k.now());
        return tid;
      })],
    });
    const k = r.kernel!;
    expect(k.state.switchStats.longestWait).toBeLessThanOrEqual(BOOST_PERIOD + 9 * QUANTUM[0]);
    expect(k.state.sched.stats.boosts).toBeGreaterThanOrEqual(4);
    expect(k.state.sched.stats.demotions).toBeGreaterThan(8);
    const hogs = spins(k).map(([tid]) => Number(tid));
    expect(hogs).toHaveLength(8);
    // Every window of one boost period, from when all eight were started, holds a turn of every hog (the lowest level included).
    const start = Math.max(...hogs.map((t) => ran[t][0]));
    for (let w = start; w + BOOST_PERIOD <= 5 * BOOST_PERIOD; w += BOOST_PERIOD / 4) {
      for (const t of hogs) expect(ran[t].some((at) => at >= w && at < w + BOOST_PERIOD), `hog ${t} had no turn in [${w}, ${w + BOOST_PERIOD})`).toBe(true);
    }
  }, 120_000);

  it("processes that exit give back every frame, and wait() collects their status", () => {
    let freeAtBoot = -1;
    const r = boot3(arch, `run=spawner arg.spawner=spin=3000:3`, {
      layers: [(b) => b.bootStep("test-baseline", (kn) => { freeAtBoot = kn.state.frames.free.length; }, { before: "programs" })],
    });
    expect(r.result).toMatchObject({ reason: "power-off", status: 0 });
    const k = r.kernel!;
    expect(r.lines.filter((l) => /^spawner: \d+ exited 0$/.test(l.text))).toHaveLength(3);
    expect(r.lines.filter((l) => /^spin: 3000 rounds/.test(l.text))).toHaveLength(3);
    expect(k.state.processes).toEqual({});                   // every zombie reaped
    expect(k.state.sched.queues.flat()).toEqual([]);
    expect(Object.keys(k.state.sched.threads)).toEqual([]);
    expect(k.state.frames.free.length).toBe(freeAtBoot);
    expect(k.state.frames.owner.filter((o) => o.startsWith("process:"))).toEqual([]);
  }, 120_000);

  it("threads share their process: created cheaply, scheduled on their own, and the process ends with its last thread", () => {
    let freeAtBoot = -1, spacesSeen = 0;
    const r = boot3(arch, `run=threads`, {
      modules: ["threads"],
      layers: [(b) => {
        b.bootStep("test-baseline", (kn) => { freeAtBoot = kn.state.frames.free.length; }, { before: "programs" });
        b.wrap("schedule", (earlier) => (kn) => { spacesSeen = Math.max(spacesSeen, Object.keys(kn.state.spaces).length); return earlier(kn); });
      }],
    });
    expect(r.result).toMatchObject({ reason: "power-off", status: 0 });
    expect(r.lines.map((l) => l.text)).toContain("threads: pid 1, threads 2 and 3 counted 50000 and 50000");
    const k = r.kernel!;
    expect(k.state.threads.map((t) => [t.tid, t.pid ?? t.tid, t.status])).toEqual([[1, 1, "exited"], [2, 1, "exited"], [3, 1, "exited"]]);
    expect(spacesSeen).toBe(1);                               // three threads, one address space
    expect(k.state.switchStats.switches).toBeGreaterThan(k.state.switchStats.spaceSwitches);
    expect(k.state.frames.free.length).toBe(freeAtBoot);      // the process's memory went back with its last thread
    expect(k.state.processes).toEqual({});
  }, 120_000);

  it("a fault in one thread kills its whole process, and every frame comes back", () => {
    let freeAtBoot = -1;
    const r = boot3(arch, `run=threadfault`, {
      modules: ["threadfault"],
      layers: [(b) => b.bootStep("test-baseline", (kn) => { freeAtBoot = kn.state.frames.free.length; }, { before: "programs" })],
    });
    expect(r.result).toMatchObject({ reason: "power-off", status: 0 });
    const k = r.kernel!;
    expect(k.state.threads.map((t) => [t.tid, t.status, t.exitStatus])).toEqual([[1, "exited", 139], [2, "exited", 139], [3, "exited", 139]]);
    expect(r.lines.some((l) => /^fault: pid 3 \(threadfault\.2\) .*killed \(status 139\)$/.test(l.text))).toBe(true);
    expect(r.console).not.toContain("survived?!");
    expect(k.state.frames.free.length).toBe(freeAtBoot);
    expect(k.state.processes).toEqual({});
  }, 120_000);

  it("sleep blocks for the asked time and the CPU idles meanwhile (virtual time skips ahead)", () => {
    const r = boot3(arch, `run=sleeper arg.sleeper=1000000`);
    expect(r.result).toMatchObject({ reason: "power-off", status: 0 });
    const woke = r.lines.filter((l) => l.text.startsWith("sleeper: woke"));
    expect(woke.map((l) => l.text)).toEqual(["sleeper: woke 1", "sleeper: woke 2", "sleeper: woke 3"]);
    for (let i = 1; i < 3; i++) {
      const gap = woke[i].time - woke[i - 1].time;
      expect(gap).toBeGreaterThanOrEqual(1_000_000);
      expect(gap).toBeLessThan(1_000_000 + 20_000);
    }
    expect(r.result.retired).toBeLessThan(r.result.ticks / 10);   // almost all of the time was idle
  }, 120_000);

  it("a switch between processes changes address space without flushing the TLB (PCID / ASID)", () => {
    let kept = 0;
    const r = boot3(arch, `run=spawner arg.spawner=spin=0:2`, {
      maxTicks: 3_000_000,
      layers: [(b) => b.wrap("schedule", (earlier) => (kn) => {
        const next = earlier(kn);
        // At a switch, the TLB still holds user entries of the process that ran before (its own ASID).
        if (next !== null && next !== kn.state.current && kn.state.current !== null) {
          const prevAsid = kn.state.spaces[kn.state.tinfo[kn.state.current].pid]?.asid;
          const m = machineRef.m!;
          if (m.mmu.tlbContents().some((c) => c.user && c.asid === prevAsid && c.entries.length > 0)) kept++;
        }
        return next;
      })],
      before: (m) => { machineRef.m = m; },
    });
    const st = r.kernel!.state.switchStats;
    expect(st.spaceSwitches).toBeGreaterThan(20);
    expect(kept).toBeGreaterThan(st.spaceSwitches / 2);
    expect(st.bytesMoved).toBe(st.switches * 2 * 8 * r.kernel!.hal.contextRegs.length);
  }, 120_000);
});

const machineRef: { m: { mmu: { tlbContents(): { user: boolean; asid: number; entries: unknown[] }[] } } | null } = { m: null };
