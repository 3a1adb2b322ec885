// `minos grade`: every chapter that has checks, each against its own
// kernel built from the working tree, on both arches; a summary on stdout
// and, with --json, the scores a gradebook reads:
//   { version, total, max, chapters: [{ chapter, title, points, max,
//     exercises: [{ name, points, max, passed, checks: [{ name, arch, passed, message, log }] }] }] }

import { writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../../toolchain/util/root";
import { listChapters } from "../../course/chapters";
import { grade, type ChapterScore } from "../../course/score";
import { classroomConfig } from "../../course/classroom";
import { InputError, parseFlags, UsageError, type Command } from "../command";
import { courseStep } from "../chapter-run";
import { gradeChapter, parseArches, parseTimeout } from "./check";

export const gradeCommand: Command = {
  name: "grade",
  summary: "grade every chapter that has checks (points per exercise; JSON for a gradebook)",
  help: `usage: minos grade [--json FILE] [--chapters 1,2] [--arch x86_64|arm64|both] [--timeout SECONDS]
       minos grade --classroom

Runs every chapter's checks (those with a checks.ts and a kernel, or the
chapters listed) against that chapter's kernel built from the working tree,
on both arches, and prints points per chapter and exercise. --json FILE
writes the full result (each check's message and the console log of each
failure) as JSON; --json - writes it to stdout instead of the summary. --timeout: as for minos check.
A chapter whose kernel does not build scores zero (each check's message says
why) and grading goes on. --classroom prints the GitHub
Classroom configuration for the course (.github/classroom/autograding.json:
one test per chapter, minos check N, worth the chapter's points) and exits.

exit status: 0 with full points, 1 otherwise`,

  async run(args) {
    const f = parseFlags(args, { values: ["--json", "--chapters", "--arch", "--root", "--timeout"], booleans: ["--classroom"] });
    if (f.positionals.length) throw new UsageError(`unexpected argument '${f.positionals[0]}'`);
    const root = f.values.has("--root") ? path.resolve(f.values.get("--root")!) : projectRoot();
    if (f.booleans.has("--classroom")) {
      process.stdout.write(JSON.stringify(await courseStep(() => classroomConfig(root)), null, 2) + "\n");
      return 0;
    }
    const arches = parseArches(f.values.get("--arch"));
    const all = await courseStep(() => listChapters(root));
    let chosen = all.filter((c) => c.hasChecks && c.hasKernel);
    if (f.values.has("--chapters")) {
      const want = f.values.get("--chapters")!.split(",").map((s) => s.trim());
      if (want.some((w) => !/^\d+$/.test(w))) throw new UsageError("--chapters takes chapter numbers separated by commas, e.g. 1,2");
      chosen = want.map((w) => {
        const c = all.find((x) => x.n === Number(w));
        if (!c) throw new InputError(`there is no chapter ${w}`);
        if (!c.hasChecks || !c.hasKernel) throw new InputError(`chapter ${w} (${c.name}) has no ${c.hasKernel ? "checks.ts" : "kernel"} yet`);
        return c;
      });
    }
    const scores: ChapterScore[] = [];
    const timeout = parseTimeout(f.values.get("--timeout"));
    for (const c of chosen) scores.push((await gradeChapter(c, arches, root, timeout, true)).score);
    const g = grade(scores);
    const json = f.values.get("--json");
    if (json !== undefined && json !== "-") {
      try { writeFileSync(json, JSON.stringify(g, null, 2) + "\n"); } catch (e) { throw new InputError(`cannot write ${json}: ${(e as Error).message}`); }
    }
    if (json === "-") process.stdout.write(JSON.stringify(g, null, 2) + "\n");
    else {
      const lines = scores.flatMap((s) => [
        `chapter ${s.chapter}: ${s.title}  ${s.points}/${s.max}`,
        ...s.exercises.map((e) => `  ${e.name === "(chapter)" ? "chapter checks" : e.name}  ${e.points}/${e.max}${e.passed ? "" : "  (failed: " + [...new Set(e.checks.filter((c) => !c.passed).map((c) => c.name))].join(", ") + ")"}`),
      ]);
      process.stdout.write([...lines, `total ${g.total}/${g.max}`, ...(json ? [`wrote ${json}`] : [])].join("\n") + "\n");
    }
    return g.total === g.max ? 0 : 1;
  },
};
