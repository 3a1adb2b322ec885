// The GitHub Classroom autograding configuration (.github/classroom/
// autograding.json, read by the education/autograding action): one test per
// chapter that has checks, running `node bin/minos check N` (exit status 0
// only with full points), worth the chapter's points. Generated from the
// chapters' checks so the two cannot drift (a test compares them).

import { projectRoot } from "../toolchain/util/root";
import { listChapters } from "./chapters";
import { loadChecks } from "./load-checks";

export interface ClassroomTest {
  name: string; setup: string; run: string; input: string; output: string;
  comparison: "included"; timeout: number; points: number;
}

export function classroomConfig(root: string = projectRoot()): { tests: ClassroomTest[] } {
  const tests = listChapters(root).filter((c) => c.hasKernel && c.hasChecks).map((c) => ({
    name: `Chapter ${c.n}: ${c.title}`,
    setup: "",
    run: `node bin/minos check ${c.n}`,
    input: "", output: "", comparison: "included" as const,
    timeout: 10,                                              // minutes
    points: loadChecks(c).reduce((s, ch) => s + ch.points, 0),
  }));
  return { tests };
}
