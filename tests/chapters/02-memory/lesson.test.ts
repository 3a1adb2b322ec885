// The lesson (chapters/02-memory/README.md) renders with course/lesson.ts:
// every `<!-- snippet: NAME -->` names a marked region of the chapter's
// sources, and every marked region is used, so prose and code cannot drift.

import { expect, it } from "vitest";
import { renderChapterLesson } from "../../../course/chapter-lesson";

it("chapter 02's lesson renders with no unknown or unused snippet", () => {
  const r = renderChapterLesson(2);
  expect(r.problems).toEqual([]);
  expect(r.markdown).toContain("## Exercises");
  for (const name of ["frames-free", "pt-step", "demand-fault", "copy-range", "apply-relocation"]) expect(r.markdown).toContain(`**\`${name}\`**`);
});
