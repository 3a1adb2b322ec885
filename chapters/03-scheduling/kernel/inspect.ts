// What the debugger's run-queue pane and the dashboard read (tui/snapshot.ts
// RunQueueView): the running thread, the queues by level, every thread's
// state, CPU time and what it waits for, and the switch counters.

import type { Kernel } from "../../01-boot/kernel/kernel";

export function inspectRunQueues(kn: Kernel): unknown {
  const s = kn.state;
  const view = (tid: number) => {
    const t = s.threads.find((x) => x.tid === tid);
    const st = s.sched.threads[tid];
    return { id: tid, name: t?.name ?? "?", priority: st?.level ?? -1, state: t?.status ?? "gone",
      cpu: s.tinfo[tid]?.cpu ?? 0, waiting: s.tinfo[tid]?.waiting?.kind ?? null };
  };
  return {
    running: s.running.tid === null ? null : view(s.running.tid),
    levels: s.sched.queues.map((q) => q.map(view)),
    threads: s.threads.filter((t) => t.status !== "exited").map((t) => view(t.tid)),
    stats: { ...s.sched.stats, ...s.switchStats, inputLatency: undefined, lastLatency: s.switchStats.inputLatency.at(-1) ?? null },
  };
}
