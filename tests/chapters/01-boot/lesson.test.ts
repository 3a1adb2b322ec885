// The lesson (chapters/01-boot/README.md) renders with course/lesson.ts:
// every `<!-- snippet: NAME -->` names a marked region of the chapter's
// sources, and every marked region is used, so prose and code cannot drift.

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { findRegions, type Region } from "../../../course/markers";
import { renderLesson } from "../../../course/lesson";
import { projectRoot } from "../../../toolchain/util/root";

const CH = path.join(projectRoot(), "chapters", "01-boot");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|s|c|h)$/.test(f) ? [p] : [];
  });
}

it("chapter 01's lesson renders with no unknown or unused snippet", () => {
  const regions: Region[] = sources(CH).flatMap((f) => findRegions(path.relative(projectRoot(), f), readFileSync(f, "utf8")));
  const r = renderLesson(readFileSync(path.join(CH, "README.md"), "utf8"), regions);
  expect(r.problems).toEqual([]);
  expect(r.used.size).toBeGreaterThanOrEqual(40);
  expect(r.markdown).toContain("## Exercises");
});
