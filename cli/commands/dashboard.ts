// `minos dashboard N`: chapter N's kernel running live, as charts over
// virtual time (tui/dashboard): CPU use per thread, run-queue lengths,
// system calls, page faults, interrupts, context switches and IPC messages
// per interval, and memory in use. Without a terminal (or with --headless)
// it prints one line per interval instead.

import path from "node:path";
import { DashboardRun, type Sample } from "../../tui/dashboard/collect";
import { parseFlags, UsageError, type Command } from "../command";
import { chapterImage, chapterRun, CHAPTER_FLAGS, kernelCmdline } from "../chapter-run";

/** One interval as a line of the --headless table. */
export function sampleLine(s: Sample): string {
  const cpu = Object.entries(s.cpu).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${Math.round(100 * v)}%`).join(", ");
  const mem = s.memory ? `  mem ${s.memory.used}/${s.memory.total}` : "";
  return `t=${s.time}  syscalls ${s.syscalls}  faults ${s.pageFaults}  irqs ${s.irqs}  switches ${s.switches}  ipc ${s.ipc}  ready [${s.runQueues.join(",")}]${mem}  cpu: ${cpu}`;
}

export const dashboardCommand: Command = {
  name: "dashboard",
  summary: "chapter N's kernel live: CPU per thread, run queues, faults, syscalls and IPC over virtual time",
  help: `usage: minos dashboard N [--arch x86_64|arm64] [--seed S] [--ram SIZE] [--cmdline WORDS] [--interval TICKS] [--headless]

Builds and boots chapter N's kernel (as minos chapter does) and charts it
while it runs: CPU use per thread, run-queue lengths, system calls, page
faults, interrupts, context switches and IPC messages per interval of
virtual time, and memory in use. Series a chapter does not have yet (IPC
before chapter 04) stay at zero. Keys: q quits, space pauses.

options:
  --arch ARCH        x86_64 (default) or arm64
  --seed S           the seed of every random choice (kernel command line seed=S, default 1)
  --ram SIZE         RAM: 2M, 64M, 1G, ... (default 64M)
  --cmdline WORDS    more kernel command-line words (as minos chapter --cmdline)
  --interval TICKS   virtual time per sample (default 10000)
  --headless         print one line per interval and exit (also without a terminal)
  --max-intervals N  stop after N intervals (default 100000)`,

  async run(args) {
    const f = parseFlags(args, { values: [...CHAPTER_FLAGS, "--interval", "--max-intervals"], booleans: ["--headless"] });
    const interval = Number(f.values.get("--interval") ?? "10000");
    if (!Number.isInteger(interval) || interval < 100) throw new UsageError("--interval takes a whole number of ticks, 100 or more");
    const maxIntervals = Number(f.values.get("--max-intervals") ?? "100000");
    if (!Number.isInteger(maxIntervals) || maxIntervals < 1) throw new UsageError("--max-intervals takes a positive whole number");
    const cr = await chapterRun(f, "dashboard");
    const { n, arch, ramSize } = cr;
    const { image, modules } = await chapterImage(cr);
    const cmdline = kernelCmdline(cr, cr.info.programs);
    const run = new DashboardRun({ arch, chapter: n, image, modules, cmdline, ramSize }, interval);
    if (!run.booted.ok) { process.stderr.write(`minos dashboard: ${run.booted.error}\n${run.console}`); return 1; }

    if (f.booleans.has("--headless") || !process.stdout.isTTY || !process.stdin.isTTY) {
      for (let i = 0; i < maxIntervals; i++) {
        const s = run.step();
        if (!s) break;
        process.stdout.write(sampleLine(s) + "\n");
      }
      const r = run.result;
      if (!r) { process.stderr.write(`minos dashboard: stopped after ${maxIntervals} intervals (--max-intervals)\n`); return 0; }
      if (r.reason === "error") { process.stderr.write(`minos dashboard: ${r.error}\n`); return 70; }
      return r.reason === "power-off" ? r.status : 0;
    }
    const { openDashboard } = await import("../../tui/dashboard/screen");
    await openDashboard(run, { title: `MinOS chapter ${n} (${path.basename(cr.info.dir)}) on ${arch}` });
    return run.result?.reason === "power-off" ? run.result.status : 0;
  },
};
