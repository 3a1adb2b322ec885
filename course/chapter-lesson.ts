// A chapter's lesson, rendered: its README.md with the snippets of the
// chapter's own sources (kernel code, user programs, checks) pulled in
// (course/lesson.ts). The lesson test and `minos lesson N` use it; an
// unknown or unused snippet, or a broken marker, is a problem that fails
// the build.

import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../toolchain/util/root";
import { chapter } from "./chapters";
import { chapterSources } from "./exercise-files";
import { renderLesson, type LessonProblem } from "./lesson";
import { findRegions, MarkerError, type Region } from "./markers";

const SOURCE = /\.(tsx?|c|h|s|S)$/;

export function renderChapterLesson(n: number, root: string = projectRoot()): { markdown: string; problems: LessonProblem[]; readme: string } {
  const c = chapter(n, root);
  const readme = path.join(c.dir, "README.md");
  const problems: LessonProblem[] = [];
  const regions: Region[] = [];
  for (const file of chapterSources(c.dir, root).filter((f) => SOURCE.test(f))) {
    try { regions.push(...findRegions(file, readFileSync(path.join(root, file), "utf8"))); } catch (e) {
      if (e instanceof MarkerError) problems.push({ message: e.message }); else throw e;
    }
  }
  const dup = new Map<string, Region>();
  for (const r of regions.filter((x) => x.kind === "snippet")) {
    const other = dup.get(r.name);
    if (other) problems.push({ message: `snippet '${r.name}' is defined twice: ${other.file}:${other.startLine} and ${r.file}:${r.startLine}` });
    dup.set(r.name, r);
  }
  let text: string;
  try { text = readFileSync(readme, "utf8"); } catch { return { markdown: "", problems: [...problems, { message: `${path.relative(root, readme)}: no lesson yet` }], readme }; }
  const r = renderLesson(text, regions);
  return { markdown: r.markdown, problems: [...problems, ...r.problems], readme };
}
