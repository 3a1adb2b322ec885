// `minos exercises verify N`: proof that no exercise's checks are vacuous.
// For each exercise of chapter N, its checks must FAIL (on at least one
// arch) when that exercise alone is a stub, and every check must PASS on the
// reference solution (nothing stubbed). Both builds are real chapter bundles
// (course/chapter-build.ts stubs in memory; the files are not touched).

import type { Arch } from "../machine/core/cpu";
import { projectRoot } from "../toolchain/util/root";
import { chapter } from "./chapters";
import { bundleKernel, runChecks, ALL_ARCHES, type CheckResult } from "./check-runner";
import { loadChecks } from "./load-checks";

export interface ExerciseVerdict {
  exercise: string;
  file: string;
  /** The marker's POINTS, and what its checks add up to. */
  points: number;
  checkPoints: number;
  checks: string[];
  /** Per check: did it fail with the exercise stubbed (on some arch)? */
  failsOnStub: Record<string, boolean>;
  /** Did every one of its checks pass on the solution (every arch)? */
  passesOnSolution: boolean;
  verdict: "ok" | "vacuous" | "broken";
  why: string;
}

export interface VerifyReport {
  chapter: number;
  exercises: ExerciseVerdict[];
  /** Problems not tied to one exercise (a chapter check failing on the solution, a check naming no exercise). */
  problems: string[];
  solution: CheckResult[];
  ok: boolean;
}

export async function verifyChapter(n: number, opts: { root?: string; arches?: Arch[]; onProgress?: (text: string) => void } = {}): Promise<VerifyReport> {
  const root = opts.root ?? projectRoot();
  const arches = opts.arches ?? ALL_ARCHES;
  const info = chapter(n, root);
  const checks = loadChecks(info);
  const say = opts.onProgress ?? (() => {});
  say(`chapter ${n}: the reference solution`);
  const solutionKernel = await bundleKernel(n, { root });
  const own = solutionKernel.built.exercises.filter((e) => e.file.startsWith(`chapters/${info.name}/`));
  const solution = await runChecks(checks, info, solutionKernel, { arches, root });
  const problems: string[] = [];
  for (const r of solution.filter((x) => !x.passed && x.exercise === undefined)) problems.push(`chapter check '${r.check}' fails on the solution (${r.arch}): ${r.message}`);
  for (const c of checks) {
    if (c.exercise !== undefined && !own.some((e) => e.name === c.exercise)) problems.push(`check '${c.name}' grades exercise '${c.exercise}', which chapter ${n} does not have`);
  }

  const exercises: ExerciseVerdict[] = [];
  for (const ex of own) {
    const mine = checks.filter((c) => c.exercise === ex.name);
    const checkPoints = mine.reduce((s, c) => s + c.points, 0);
    const failsOnStub: Record<string, boolean> = {};
    if (mine.length) {
      say(`chapter ${n}: exercise '${ex.name}' as a stub`);
      const stubbed = await runChecks(mine, info, await bundleKernel(n, { root, stub: [ex.name] }), { arches, root });
      for (const c of mine) failsOnStub[c.name] = stubbed.some((r) => r.check === c.name && !r.passed);
    }
    const passesOnSolution = solution.filter((r) => r.exercise === ex.name).every((r) => r.passed);
    const vacuous = mine.filter((c) => !failsOnStub[c.name]).map((c) => c.name);
    let verdict: ExerciseVerdict["verdict"] = "ok", why = "";
    if (!mine.length) { verdict = "vacuous"; why = "no check grades it"; }
    else if (!passesOnSolution) {
      verdict = "broken";
      why = solution.filter((r) => r.exercise === ex.name && !r.passed).map((r) => `'${r.check}' fails on the solution (${r.arch}): ${r.message.split("\n")[0]}`).join("; ");
    } else if (vacuous.length) { verdict = "vacuous"; why = `${vacuous.map((v) => `'${v}'`).join(", ")} pass${vacuous.length === 1 ? "es" : ""} with the stub`; }
    else if (checkPoints !== ex.points) { verdict = "broken"; why = `the marker says ${ex.points} points, its checks give ${checkPoints}`; }
    exercises.push({ exercise: ex.name, file: ex.file, points: ex.points, checkPoints, checks: mine.map((c) => c.name), failsOnStub, passesOnSolution, verdict, why });
  }
  return { chapter: n, exercises, problems, solution, ok: problems.length === 0 && exercises.every((e) => e.verdict === "ok") };
}

/** The verify table, one exercise a line. */
export function formatVerify(r: VerifyReport): string {
  const w = Math.max(8, ...r.exercises.map((e) => e.exercise.length));
  const lines = [`chapter ${r.chapter}: ${r.exercises.length} exercise${r.exercises.length === 1 ? "" : "s"}`,
    `  ${"exercise".padEnd(w)}  points  checks  stub    solution  verdict`];
  for (const e of r.exercises) {
    const stub = e.checks.length ? (e.checks.every((c) => e.failsOnStub[c]) ? "fails" : "PASSES") : "-";
    lines.push(`  ${e.exercise.padEnd(w)}  ${String(e.points).padStart(6)}  ${String(e.checks.length).padStart(6)}  ${stub.padEnd(6)}  ${(e.passesOnSolution ? "passes" : "FAILS").padEnd(8)}  ${e.verdict}${e.why ? `: ${e.why}` : ""}`);
  }
  for (const p of r.problems) lines.push(`  problem: ${p}`);
  lines.push(r.ok ? "  every exercise's checks fail on its stub and pass on the solution" : "  NOT OK");
  return lines.join("\n");
}
