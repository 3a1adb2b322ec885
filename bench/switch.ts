// The context-switch benchmark (minos bench --only switch): chapter 03's
// kernel on each board running two processes that yield to each other, so
// every system call is a switch between address spaces. Reports switches
// per second of host time, and the virtual time one switch costs: the ticks
// that were neither user instructions nor idle, per switch (the kernel's
// handler cost for the yield, chapter 01's `handlerCost`, and the entry and
// return instructions the CPU executes), and how many TLB entries of the
// process switched away from are still in the TLB (PCID / ASID: kept).
// The measuring layer costs host time, so it samples only the first 2000.

import type { Arch } from "../machine/core/cpu";
import { buildKernel, type Layer } from "../chapters/01-boot/kernel/builder";
import { pidOf } from "../chapters/01-boot/kernel/kernel";
import { install as boot } from "../chapters/01-boot/kernel";
import { install as memory } from "../chapters/02-memory/kernel";
import { install as scheduling } from "../chapters/03-scheduling/kernel";
import { chapterProgram } from "../course/programs";
import { runKernel } from "../course/run-kernel";

export interface SwitchBench {
  arch: Arch;
  switches: number;
  spaceSwitches: number;
  seconds: number;
  perSecond: number;
  /** Virtual ticks per switch spent outside user mode and idle. */
  ticksPerSwitch: number;
  bytesPerSwitch: number;
  /** Average TLB entries of the process being switched away from still in the TLB at the switch (kept, not flushed). */
  tlbKept: number;
}

export function benchSwitches(arch: Arch, yields = 20_000): SwitchBench {
  const modules = [{ name: "yielder", bytes: chapterProgram(3, arch, "yielder") }];
  // A measuring layer: at every switch, count the TLB entries tagged with the outgoing process's ASID.
  let mmu: { tlbContents(): { asid: number; user: boolean; entries: unknown[] }[] } | null = null, kept = 0, samples = 0;
  const measure: Layer = (b) => b.wrap("schedule", (earlier) => (kn) => {
    const next = earlier(kn), prev = kn.state.current;
    if (mmu !== null && next !== null && prev !== null && next !== prev && samples < 2000) {
      const asid = kn.state.spaces[pidOf(kn, prev)]?.asid;
      for (const c of mmu.tlbContents()) if (c.user && c.asid === asid) kept += c.entries.length;
      samples++;
    }
    return next;
  });
  const kernel = buildKernel([boot, memory, scheduling, measure]);
  const t0 = process.hrtime.bigint();
  const r = runKernel({ arch, chapter: 3, kernel, modules, cmdline: `seed=1 run=yielder,yielder arg.yielder=${yields}`, maxInstructions: 500_000_000,
    before: (m) => { mmu = m.mmu; } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const st = r.kernel?.state.switchStats;
  if (r.result.reason !== "power-off" || st === undefined) throw new Error(`the switch benchmark did not run to the end on ${arch}: ${r.result.error ?? r.result.reason}`);
  const idle = r.result.ticks - r.result.retired;               // everything that was not a user instruction
  return {
    arch, switches: st.switches, spaceSwitches: st.spaceSwitches, seconds, perSecond: st.switches / seconds,
    ticksPerSwitch: idle / st.switches, bytesPerSwitch: st.bytesMoved / st.switches, tlbKept: samples === 0 ? 0 : kept / samples,
  };
}
