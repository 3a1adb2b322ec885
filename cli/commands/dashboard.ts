// `minos dashboard N`: chapter N's kernel running live, as charts over
// virtual time (tui/dashboard): CPU use per thread, run-queue lengths,
// system calls, page faults, interrupts, context switches and IPC messages
// per interval, and memory in use. Without a terminal (or with --headless)
// it prints one line per interval instead.

import path from "node:path";
import { parseArch } from "../../machine/arches";
import type { Arch } from "../../machine/core/cpu";
import { makeImage } from "../../machine/firmware/secure-boot";
import { loadSigningKey } from "../../machine/firmware/keys";
import { projectRoot } from "../../toolchain/util/root";
import { buildChapter } from "../../course/chapter-build";
import { chapter, parseChapterArg } from "../../course/chapters";
import { chapterPrograms } from "../../course/programs";
import { DashboardRun, type Sample } from "../../tui/dashboard/collect";
import { parseFlags, UsageError, type Command } from "../command";
import { courseStep, parseRamSize } from "./chapter";

/** One interval as a line of the --headless table. */
export function sampleLine(s: Sample): string {
  const cpu = Object.entries(s.cpu).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${Math.round(100 * v)}%`).join(", ");
  const mem = s.memory ? `  mem ${s.memory.used}/${s.memory.total}` : "";
  return `t=${s.time}  syscalls ${s.syscalls}  faults ${s.pageFaults}  irqs ${s.irqs}  switches ${s.switches}  ipc ${s.ipc}  ready [${s.runQueues.join(",")}]${mem}  cpu: ${cpu}`;
}

export const dashboardCommand: Command = {
  name: "dashboard",
  summary: "chapter N's kernel live: CPU per thread, run queues, faults, syscalls and IPC over virtual time",
  help: `usage: minos dashboard N [--arch x86_64|arm64] [--seed S] [--ram SIZE] [--interval TICKS] [--headless]

Builds and boots chapter N's kernel (as minos chapter does) and charts it
while it runs: CPU use per thread, run-queue lengths, system calls, page
faults, interrupts, context switches and IPC messages per interval of
virtual time, and memory in use. Series a chapter does not have yet (IPC
before chapter 04) stay at zero. Keys: q quits, space pauses.

options:
  --arch ARCH        x86_64 (default) or arm64
  --seed S           the seed of every random choice (kernel command line seed=S, default 1)
  --ram SIZE         RAM: 2M, 64M, 1G, ... (default 64M)
  --interval TICKS   virtual time per sample (default 10000)
  --headless         print one line per interval and exit (also without a terminal)
  --max-intervals N  stop after N intervals (default 100000)`,

  async run(args) {
    const f = parseFlags(args, { values: ["--arch", "--seed", "--ram", "--interval", "--max-intervals"], booleans: ["--headless"] });
    if (f.positionals.length !== 1) throw new UsageError("name one chapter, e.g. minos dashboard 3");
    const n = await courseStep(() => parseChapterArg(f.positionals[0]));
    let arch: Arch = "x86_64";
    if (f.values.has("--arch")) try { arch = parseArch(f.values.get("--arch")!); } catch (e) { throw new UsageError((e as Error).message); }
    const seed = f.values.get("--seed") ?? "1";
    if (!/^\d+$/.test(seed)) throw new UsageError("--seed takes a whole number");
    const ramSize = parseRamSize(f.values.get("--ram") ?? "64M");
    const interval = Number(f.values.get("--interval") ?? "10000");
    if (!Number.isInteger(interval) || interval < 100) throw new UsageError("--interval takes a whole number of ticks, 100 or more");
    const maxIntervals = Number(f.values.get("--max-intervals") ?? "100000");
    if (!Number.isInteger(maxIntervals) || maxIntervals < 1) throw new UsageError("--max-intervals takes a positive whole number");
    const root = projectRoot();

    const info = await courseStep(() => chapter(n, root));
    const built = await courseStep(() => buildChapter(n, { root }));
    const key = await courseStep(() => loadSigningKey({ root }));
    const image = makeImage({ arch, chapter: n, entry: "main", buildId: built.buildId, payload: new TextEncoder().encode(built.bundle) }, key);
    const modules = await courseStep(() => chapterPrograms(n, arch, root));
    const cmdline = [`seed=${seed}`, ...(info.programs.length ? [`run=${info.programs.join(",")}`] : [])].join(" ");
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
    await openDashboard(run, { title: `MinOS chapter ${n} (${path.basename(info.dir)}) on ${arch}` });
    return run.result?.reason === "power-off" ? run.result.status : 0;
  },
};
