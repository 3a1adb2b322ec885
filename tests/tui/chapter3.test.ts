// Chapter 03's data in the debugger and the dashboard: the run-queue pane
// reads the scheduler's levels (the "run-queues" inspector), and the
// dashboard's per-interval CPU shares and run-queue lengths come from the
// same kernel state the scheduler keeps.
import { describe, expect, it } from "vitest";
import { buildKernel } from "../../chapters/01-boot/kernel/builder";
import { install as boot } from "../../chapters/01-boot/kernel/index";
import { install as memory } from "../../chapters/02-memory/kernel/index";
import { install as scheduling } from "../../chapters/03-scheduling/kernel/index";
import { chapterProgram } from "../../course/programs";
import { KernelSession } from "../../tui/kernel-session";
import { DashboardRun } from "../../tui/dashboard/collect";

const opts = (arch: "x86_64" | "arm64") => ({
  arch, chapter: 3, kernel: buildKernel([boot, memory, scheduling]), ramSize: 16 << 20,
  modules: ["spawner", "spin"].map((name) => ({ name, bytes: chapterProgram(3, arch, name) })),
  cmdline: "seed=1 run=spawner arg.spawner=spin=0:3",
});

describe.each(["x86_64", "arm64"] as const)("chapter 03 in the debugger and the dashboard (%s)", (arch) => {
  it("the run-queue pane shows the running thread and the scheduler's levels", () => {
    const s = new KernelSession(opts(arch));
    for (let i = 0; i < 40; i++) s.stepToEvent();
    const rq = s.snapshot().kernel.runQueues!;
    expect(rq).toHaveLength(1);
    const k = s.kernel!;
    const queued = k.state.sched.queues.flat();
    expect(rq[0].ready.map((t) => t.id)).toEqual(queued);
    expect(rq[0].ready.map((t) => t.priority)).toEqual(queued.map((tid) => k.state.sched.threads[tid].level));
    if (k.state.running.tid !== null) expect(rq[0].current?.id).toBe(k.state.running.tid);
  });

  it("the registers pane shows the live address space root with the running process's PCID / ASID", () => {
    const s = new KernelSession(opts(arch));
    for (let i = 0; i < 200 && !(s.snapshot().status.mode === "user" && s.kernel!.state.running.tid !== null && s.kernel!.state.running.tid > 1); i++) s.stepToEvent();
    const snap = s.snapshot(), k = s.kernel!;
    const asid = k.state.spaces[k.state.tinfo[k.state.running.tid!].pid].asid;
    const reg = (n: string) => BigInt("0x" + snap.registers.find((r) => r.name === n)!.value);
    if (arch === "x86_64") expect(reg("cr3") & 0xfffn).toBe(BigInt(asid));            // CR3[11:0] = PCID (SDM 4.10.1)
    else expect(reg("ttbr0_el1") >> 48n).toBe(BigInt(asid));                            // TTBR0_EL1[63:48] = ASID (D17.2.150)
  });

  it("the dashboard's CPU shares per thread add up to the scheduler's own accounting", () => {
    const d = new DashboardRun(opts(arch), 250_000);
    const samples: NonNullable<ReturnType<DashboardRun["step"]>>[] = [];
    for (let i = 0; i < 16; i++) { const s = d.step(); if (s) samples.push(s); }
    const k = d.kernel!;
    expect(samples.at(-1)!.runQueueLabels).toEqual(["level 0", "level 1", "level 2", "level 3"]);
    const now = samples.at(-1)!.time;
    for (const t of k.state.threads.filter((x) => x.name === "spin")) {
      const share = samples.reduce((a, s) => a + (s.cpu[`spin#${t.tid}`] ?? 0) * 250_000, 0);
      // The scheduler charges a thread when it leaves the CPU: add the running one's current turn.
      const charged = k.state.tinfo[t.tid].cpu + (k.state.running.tid === t.tid ? now - k.state.running.since : 0);
      expect(charged).toBeGreaterThan(500_000);
      expect(Math.abs(share - charged) / charged).toBeLessThan(0.03);   // the kernel's handler time is "kernel" to the dashboard
    }
  });
});
