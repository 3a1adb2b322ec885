// `minos exercises`: a chapter's exercises. `list` shows them; `start`
// turns the reference solutions into stubs in the working tree (what a
// student begins from); `verify` proves each exercise's checks fail on its
// stub and pass on the solution (what CI runs for every chapter).

import path from "node:path";
import { projectRoot } from "../../toolchain/util/root";
import { parseChapterArg } from "../../course/chapters";
import { listExercises, startExercises } from "../../course/exercise-files";
import { formatVerify, verifyChapter } from "../../course/verify";
import { parseFlags, UsageError, type Command } from "../command";
import { courseStep } from "../chapter-run";
import { parseArches } from "./check";

export const exercisesCommand: Command = {
  name: "exercises",
  summary: "a chapter's exercises: list them, start them (solutions become stubs), verify their checks",
  help: `usage: minos exercises list N
       minos exercises start N [--force]
       minos exercises verify N [--arch x86_64|arm64|both] [--json]

list     each exercise of chapter N: name, points, file and line, stub or written
start    replace chapter N's reference solutions with stubs that fail naming the
         exercise (the // @exercise markers stay). Refuses when the exercises are
         already stubs or the chapter's files have uncommitted changes; --force
         does it anyway (what is inside the regions is lost).
verify   for each exercise, build the kernel with it stubbed (in memory: your
         files are not touched) and check that its checks fail, then that every
         check passes on the solution. Prints a table; exit status 1 if an
         exercise is vacuous (its checks pass without it) or broken.`,

  async run(args) {
    const [sub, ...rest] = args;
    const f = parseFlags(rest, { values: ["--arch", "--root"], booleans: ["--force", "--json"] });
    if (sub !== "list" && sub !== "start" && sub !== "verify") throw new UsageError(sub === undefined ? "say list, start or verify" : `unknown subcommand '${sub}' (list, start, verify)`);
    if (f.positionals.length !== 1) throw new UsageError(`name one chapter, e.g. minos exercises ${sub} 1`);
    const n = await courseStep(() => parseChapterArg(f.positionals[0]));
    const root = f.values.has("--root") ? path.resolve(f.values.get("--root")!) : projectRoot();

    if (sub === "list") {
      const all = await courseStep(() => listExercises(n, root));
      if (!all.length) { process.stdout.write(`chapter ${n} has no exercises\n`); return 0; }
      const w = Math.max(...all.map((e) => e.name.length));
      for (const e of all) process.stdout.write(`${e.name.padEnd(w)}  ${String(e.points).padStart(2)} pts  ${e.stub ? "stub   " : "written"}  ${e.file}:${e.line}${e.hint ? `  ${e.hint}` : ""}\n`);
      return 0;
    }
    if (sub === "start") {
      const { stubbed, notes } = await courseStep(() => startExercises(n, { root, force: f.booleans.has("--force") }));
      for (const note of notes) process.stderr.write(`minos exercises: ${note}\n`);
      process.stdout.write(`chapter ${n}: ${stubbed.length} exercise${stubbed.length === 1 ? " is now a stub" : "s are now stubs"}:\n`);
      for (const e of stubbed) process.stdout.write(`  ${e.name} (${e.points} pts)  ${e.file}:${e.line}${e.hint ? `  ${e.hint}` : ""}\n`);
      process.stdout.write(`write them, then run: npm run check ${n}\n`);
      return 0;
    }
    const tty = process.stderr.isTTY;
    const report = await courseStep(() => verifyChapter(n, {
      root, arches: parseArches(f.values.get("--arch")),
      onProgress: tty ? (t) => process.stderr.write(`\r\x1b[K${t}`) : undefined,
    }));
    if (tty) process.stderr.write("\r\x1b[K");
    if (f.booleans.has("--json")) process.stdout.write(JSON.stringify({ ...report, solution: undefined }, null, 2) + "\n");
    else process.stdout.write(formatVerify(report) + "\n");
    return report.ok ? 0 : 1;
  },
};
