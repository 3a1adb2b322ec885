// `minos lesson N`: chapter N's lesson as the student reads it, its
// README.md with the code snippets pulled in from the chapter's sources.

import path from "node:path";
import { projectRoot } from "../../toolchain/util/root";
import { parseChapterArg } from "../../course/chapters";
import { renderChapterLesson } from "../../course/chapter-lesson";
import { parseFlags, UsageError, type Command } from "../command";
import { courseStep } from "../chapter-run";

export const lessonCommand: Command = {
  name: "lesson",
  summary: "print chapter N's lesson with its code snippets pulled in (Markdown)",
  help: `usage: minos lesson N

Prints chapters/NN-*/README.md with every <!-- snippet: NAME --> replaced by
that snippet's code from the chapter's sources. An unknown or unused snippet
is listed on stderr and the exit status is 1.`,

  async run(args) {
    const f = parseFlags(args, { values: ["--root"] });
    if (f.positionals.length !== 1) throw new UsageError("name one chapter, e.g. minos lesson 1");
    const n = await courseStep(() => parseChapterArg(f.positionals[0]));
    const root = f.values.has("--root") ? path.resolve(f.values.get("--root")!) : projectRoot();
    const r = await courseStep(() => renderChapterLesson(n, root));
    process.stdout.write(r.markdown.endsWith("\n") ? r.markdown : r.markdown + "\n");
    for (const p of r.problems) process.stderr.write(`minos lesson: ${p.message}\n`);
    return r.problems.length ? 1 : 0;
  },
};
