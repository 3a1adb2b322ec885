// The dashboard's data collection (no terminal): a kernel runs in intervals
// of virtual time and each interval's sample counts what happened in it.
// The totals must agree with what the kernel itself logged and did.
import { describe, expect, it } from "vitest";
import { buildKernel } from "../../chapters/01-boot/kernel/builder";
import { install } from "../../chapters/01-boot/kernel/index";
import { chapterPrograms } from "../../course/programs";
import { DashboardRun } from "../../tui/dashboard/collect";
import { fixtureKernel, fixtureProgram } from "./kernel-fixture";

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe.each(["x86_64", "arm64"] as const)("dashboard data (%s)", (arch) => {
  it("chapter 01: system calls and switches per interval add up to the kernel's own log; CPU shares add up to 1", () => {
    const d = new DashboardRun({ arch, kernel: buildKernel([install]), modules: chapterPrograms(1, arch), chapter: 1, cmdline: "seed=1", ramSize: 16 << 20 }, 200);
    const samples = d.runAll();
    expect(d.result?.reason).toBe("power-off");
    expect(samples.length).toBeGreaterThan(3);
    const log = d.kernel!.state.events;
    expect(log.length).toBeLessThan(64);                                // the ring never dropped an event: it is the whole story
    expect(sum(samples.map((s) => s.syscalls))).toBe(log.filter((e) => e.kind === "syscall").length);
    expect(sum(samples.map((s) => s.switches))).toBe(log.filter((e) => e.kind === "switch").length);
    expect(sum(samples.map((s) => s.ipc))).toBe(0);                     // no IPC before chapter 04: the series is zero
    for (const s of samples.slice(0, -1)) expect(sum(Object.values(s.cpu))).toBeCloseTo(1, 5);
    const threads = new Set(samples.flatMap((s) => Object.keys(s.cpu).filter((k) => k !== "kernel" && k !== "idle")));
    expect([...threads].map((t) => t.replace(/#\d+$/, ""))).toEqual(expect.arrayContaining(["hello", "fault", "badptr"]));
  });

  it("the fixture kernel: one demand-paging fault, four system calls, memory from its frames inspector", () => {
    const prog = fixtureProgram(arch);
    const d = new DashboardRun({ arch, kernel: fixtureKernel(arch, prog), modules: [{ name: "prog", bytes: prog }], ramSize: 16 << 20 }, 100);
    const samples = d.runAll();
    expect(d.result).toMatchObject({ reason: "power-off", status: 9 });
    expect(sum(samples.map((s) => s.pageFaults))).toBe(1);
    expect(sum(samples.map((s) => s.syscalls))).toBe(4);
    const owners = Object.keys((d.kernel!.state as unknown as { owners: object }).owners).length;
    expect(samples.at(-1)!.memory).toEqual({ used: owners, total: 4096 });
    expect(samples.some((s) => s.cpu["prog#1"] > 0.5)).toBe(true);     // the loop keeps the CPU busy in user mode
  });
});
