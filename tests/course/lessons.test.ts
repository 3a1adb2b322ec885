// The lesson build (course/chapter-lesson.ts): every chapter's README.md
// renders with its snippets, and no snippet is unknown, unused, defined
// twice or badly marked. This is the step that fails the build when prose
// and code drift apart.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { listChapters } from "../../course/chapters";
import { renderChapterLesson } from "../../course/chapter-lesson";
import { projectRoot } from "../../toolchain/util/root";

describe("every chapter's lesson renders with no unknown or unused snippet", () => {
  // A chapter without its layer (kernel/index.ts) is a draft: its lesson may not use every snippet
  // of the code written so far yet, but it may never name a snippet that does not exist.
  it.each(listChapters().map((c) => [c.name, c.n, c.hasKernel] as const))("%s", (_name, n, built) => {
    const r = renderChapterLesson(n);
    const problems = r.problems.map((p) => p.message).filter((m) => built || !/is not used by the lesson/.test(m));
    expect(problems).toEqual([]);
    expect(r.markdown).not.toMatch(/<!--\s*snippet:/);
  });
});

describe("the lesson build on a fixture tree", () => {
  const FIX = path.join(projectRoot(), "tests", "course", "fixtures");
  it("includes the snippet with its file and line", () => {
    const one = renderChapterLesson(1, FIX);
    expect(one.problems).toEqual([]);
    expect(one.markdown).toContain("```ts\nb.bootStep(\"sum\", (kn) => { fx(kn).sum = add(2, 3); });\n```\n<sub>chapters/01-one/kernel/index.ts, line");
  });
});

describe("the GitHub Classroom configuration", () => {
  it("has one test per chapter with checks, worth the chapter's points (regenerate: minos grade --classroom)", async () => {
    const { readFileSync } = await import("node:fs");
    const { classroomConfig } = await import("../../course/classroom");
    const file = JSON.parse(readFileSync(path.join(projectRoot(), ".github", "classroom", "autograding.json"), "utf8"));
    expect(file, "node bin/minos grade --classroom > .github/classroom/autograding.json").toEqual(classroomConfig());
  });
});
