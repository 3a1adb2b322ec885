// Running checks with a wall-clock limit, for `minos check` and `minos
// grade`. The emulated CPU stops a user program that loops (instruction
// budget), but not a kernel handler: the kernel is TypeScript, and a
// student's `while (p !== null)` over a broken free list never returns to
// the machine. So the checks run in a worker thread (check-worker.ts); a
// check that takes longer than the limit fails with "timed out", the worker
// is ended, and a new one carries on with the remaining checks.

import { Worker } from "node:worker_threads";
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";
import type { Arch } from "../machine/core/cpu";
import { projectRoot } from "../toolchain/util/root";
import type { ChapterBuild } from "./chapter-build";
import type { ChapterInfo } from "./chapters";
import type { Check } from "./checks";
import { ALL_ARCHES, type CheckResult } from "./check-runner";
import type { CheckJob, CheckWorkerData, CheckWorkerMessage } from "./check-worker";

/** Newest modification time of the TypeScript under these folders of the checkout. */
function newest(dirs: string[]): number {
  let t = 0;
  const walk = (d: string) => {
    let es;
    try { es = readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of es) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else if (/\.tsx?$/.test(e.name)) t = Math.max(t, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) walk(path.join(projectRoot(), d));
  return t;
}

/** The worker script, built from check-worker.ts into .minos/cache when missing or older than its sources. */
function workerScript(): string {
  const out = path.join(projectRoot(), ".minos", "cache", "check-worker.mjs");
  let built = 0;
  try { built = statSync(out).mtimeMs; } catch { /* not built yet */ }
  if (built < newest(["course", "machine", "toolchain"])) {
    mkdirSync(path.dirname(out), { recursive: true });
    const r = buildSync({
      entryPoints: [path.join(projectRoot(), "course", "check-worker.ts")], outfile: out, bundle: true, write: false,
      platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "silent",
      banner: { js: "// Built by course/check-isolated.ts from course/check-worker.ts: do not edit." },
    });
    // Write then rename: two `minos check`s starting at once never see half a file.
    const tmp = `${out}.${process.pid}`;
    writeFileSync(tmp, r.outputFiles[0].contents);
    renameSync(tmp, out);
  }
  return out;
}

export interface IsolatedOptions {
  arches?: Arch[];
  root?: string;
  /** Wall-clock limit per check and arch (default 120 s). */
  timeoutMs?: number;
  onResult?: (r: CheckResult) => void;
}

/** Every check of `own` on every arch, against chapter `kernelChapter`'s bundle, each with a time limit. */
export async function runChecksIsolated(checks: Check[], own: ChapterInfo, kernelChapter: number, built: ChapterBuild, o: IsolatedOptions = {}): Promise<CheckResult[]> {
  const root = o.root ?? projectRoot();
  const limit = o.timeoutMs ?? 120_000;
  const jobs: (CheckJob & { exercise?: string })[] = checks.flatMap((c) =>
    (o.arches ?? ALL_ARCHES).filter((a) => !c.arches || c.arches.includes(a)).map((arch) => ({ check: c.name, arch, exercise: c.exercise })));
  const results: CheckResult[] = [];
  const script = jobs.length ? workerScript() : "";
  let next = 0;
  while (next < jobs.length) {
    const batch = jobs.slice(next);
    const data: CheckWorkerData = { root, ownChapter: own.n, kernelChapter, bundle: built.bundle, buildId: built.buildId, jobs: batch.map(({ check, arch }) => ({ check, arch })) };
    next += await new Promise<number>((resolve) => {
      const w = new Worker(script, { workerData: data });
      let done = 0, settled = false, timer: NodeJS.Timeout | undefined;
      const finish = () => { settled = true; clearTimeout(timer); void w.terminate(); resolve(done); };
      // The job running now fails; the next worker starts after it.
      const fail = (message: string) => {
        if (settled) return;
        const j = batch[done];
        const r: CheckResult = { chapter: own.n, check: j.check, exercise: j.exercise, arch: j.arch, kernel: kernelChapter, passed: false, message, log: "", ms: 0 };
        results.push(r); o.onResult?.(r);
        done++;
        finish();
      };
      w.on("message", (m: CheckWorkerMessage) => {
        if (settled) return;
        clearTimeout(timer);
        if (m.type === "start") {
          timer = setTimeout(() => fail(`timed out after ${Math.round(limit / 1000)} s: the kernel never returned to the machine (an endless loop in a handler?)`), limit);
          return;
        }
        results.push(m.result); o.onResult?.(m.result);
        done = m.job + 1;
        if (done === batch.length) finish();
      });
      w.on("error", (e) => fail(`the check crashed its worker: ${e.message}`));
      w.on("exit", (code) => fail(`the check's worker ended early (exit code ${code})`));
    });
  }
  return results;
}
