// `minos check N`: the scorecard of chapter N. Builds chapter N's kernel
// from the working tree (the student's code), boots it with the firmware's
// secure boot for every check on both arches, and prints each exercise and
// check with points, PASS/FAIL, and for a failure its message, the last
// lines of the console and the hint. Exit status 0 only with full points.

import path from "node:path";
import { parseArch } from "../../machine/arches";
import type { Arch } from "../../machine/core/cpu";
import { projectRoot } from "../../toolchain/util/root";
import { chapter, courseErrorMessage, parseChapterArg, type ChapterInfo } from "../../course/chapters";
import { ALL_ARCHES, type CheckResult } from "../../course/check-runner";
import { runChecksIsolated } from "../../course/check-isolated";
import { buildChapter } from "../../course/chapter-build";
import { loadChecks } from "../../course/load-checks";
import { ansi, formatScorecard, plain, scoreChapter, type ChapterScore } from "../../course/score";
import { parseFlags, UsageError, type Command } from "../command";
import { courseStep } from "../chapter-run";

export function parseArches(s: string | undefined): Arch[] {
  if (s === undefined || s === "both") return ALL_ARCHES;
  try { return [parseArch(s)]; } catch (e) { throw new UsageError(`${(e as Error).message} (or both)`); }
}

/** The --timeout value (seconds per check and arch) in milliseconds. */
export function parseTimeout(s: string | undefined): number {
  if (s === undefined) return 120_000;
  if (!/^\d+$/.test(s) || Number(s) < 1) throw new UsageError("--timeout takes a whole number of seconds");
  return Number(s) * 1000;
}

/**
 * Grade one chapter against its own kernel built from `root`, each check in
 * a worker with a wall-clock limit (course/check-isolated.ts); progress goes
 * to stderr on a terminal.
 */
export async function gradeChapter(info: ChapterInfo, arches: Arch[], root: string, timeoutMs = 120_000, zeroIfNoBuild = false):
  Promise<{ score: ChapterScore; checks: ReturnType<typeof loadChecks> }> {
  const checks = await courseStep(() => loadChecks(info));
  let built;
  try { built = await buildChapter(info.n, { root }); } catch (e) {
    // For a gradebook, a kernel that does not build scores zero (with esbuild's message) and grading goes on.
    const message = courseErrorMessage(e);
    if (!zeroIfNoBuild || message === null) return courseStep(() => { throw e; });
    const results: CheckResult[] = checks.flatMap((c) => arches.filter((a) => !c.arches || c.arches.includes(a)).map((arch) => ({
      chapter: info.n, check: c.name, exercise: c.exercise, arch, kernel: info.n, passed: false, message, log: "", ms: 0,
    })));
    return { score: scoreChapter(info, checks, results), checks };
  }
  const tty = process.stderr.isTTY;
  const results = await courseStep(() => runChecksIsolated(checks, info, info.n, built, {
    arches, root, timeoutMs,
    onResult: tty ? (r) => process.stderr.write(`\r\x1b[K  chapter ${r.chapter}: ${r.check} (${r.arch}) ${r.passed ? "ok" : "FAILED"}`) : undefined,
  }));
  if (tty) process.stderr.write("\r\x1b[K");
  return { score: scoreChapter(info, checks, results), checks };
}

export const checkCommand: Command = {
  name: "check",
  summary: "the scorecard of chapter N: its exercises and checks, run on your kernel",
  help: `usage: minos check N [--arch x86_64|arm64|both] [--json] [--timeout SECONDS]

Builds chapter N's kernel from your working tree, boots it for each of the
chapter's checks (on both arches unless --arch says one; a check passes only
if it passes on each), and prints a scorecard: every exercise and check with
its points and PASS/FAIL; for a failure, what went wrong, the last lines of
the console and a hint. --json prints the scores as JSON instead (the format
of minos grade, one chapter). A check whose kernel does not come back within
--timeout seconds (default 120; an endless loop in a handler) fails.

exit status: 0 with full points, 1 otherwise (or when the kernel does not build)`,

  async run(args) {
    const f = parseFlags(args, { values: ["--arch", "--root", "--timeout"], booleans: ["--json"] });
    if (f.positionals.length !== 1) throw new UsageError("name one chapter, e.g. minos check 1");
    const n = await courseStep(() => parseChapterArg(f.positionals[0]));
    const arches = parseArches(f.values.get("--arch"));
    const root = f.values.has("--root") ? path.resolve(f.values.get("--root")!) : projectRoot();
    const info = await courseStep(() => chapter(n, root));
    const { score, checks } = await gradeChapter(info, arches, root, parseTimeout(f.values.get("--timeout")));
    if (f.booleans.has("--json")) process.stdout.write(JSON.stringify(score, null, 2) + "\n");
    else if (!checks.length) process.stdout.write(`Chapter ${n}: ${info.title}\n\n  no checks yet (chapters/${info.name}/checks.ts)\n`);
    else process.stdout.write(formatScorecard(score, checks, process.stdout.isTTY && !process.env.NO_COLOR ? ansi : plain) + "\n");
    return score.points === score.max ? 0 : 1;
  },
};
