// A chapter's exercises in the working tree: where they are, whether each
// is still a stub, and `minos exercises start N`, which turns the reference
// solutions into stubs in the student's files (markers kept, so the
// tooling finds each region again).

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../toolchain/util/root";
import { chapter, CourseError } from "./chapters";
import { isStub, stubFile } from "./exercises";
import { findRegions } from "./markers";

export interface ExerciseInfo { name: string; file: string; line: number; points: number; hint?: string; stub: boolean }

// Exercises live in the kernel's TypeScript (the chapter build stubs those; a C stub would need libc support).
const SOURCE = /\.tsx?$/;

/** Every source file of a chapter folder (kernel code, user programs, headers), relative to root. */
export function chapterSources(dir: string, root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(root, p).split(path.sep).join("/"));
    }
  };
  walk(dir);
  return out;
}

/** Chapter n's exercise regions as the working tree has them now. */
export function listExercises(n: number, root: string = projectRoot()): ExerciseInfo[] {
  const c = chapter(n, root);
  return chapterSources(c.dir, root).filter((f) => SOURCE.test(f)).flatMap((file) =>
    findRegions(file, readFileSync(path.join(root, file), "utf8")).filter((r) => r.kind === "exercise").map((r) => ({
      name: r.name, file, line: r.startLine, points: r.points ?? 0, hint: r.hint, stub: isStub(r),
    })));
}

/** Files of `dir` with uncommitted changes, or null when git cannot tell (no repository, no git). */
function uncommitted(dir: string, root: string): string[] | null {
  try {
    const out = execFileSync("git", ["status", "--porcelain", "--", dir], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return out.split("\n").filter((l) => l.trim()).map((l) => l.slice(3));
  } catch { return null; }
}

/** Replace chapter n's solutions with stubs in the working tree; returns what it stubbed. */
export function startExercises(n: number, opts: { root?: string; force?: boolean } = {}): { stubbed: ExerciseInfo[]; notes: string[] } {
  const root = opts.root ?? projectRoot();
  const c = chapter(n, root);
  const all = listExercises(n, root);
  const notes: string[] = [];
  if (!all.length) throw new CourseError(`chapter ${n} (${c.name}) has no exercises`);
  if (!opts.force) {
    const done = all.filter((e) => e.stub);
    if (done.length) throw new CourseError(`chapter ${n}'s exercises are already stubs (${done.map((e) => e.name).join(", ")}); --force rewrites every exercise region, discarding what is in it`);
    const dirty = uncommitted(c.dir, root);
    if (dirty === null) notes.push("git cannot say whether these files have changes of yours; going ahead");
    else if (dirty.length) throw new CourseError(`these files of chapter ${n} have uncommitted changes: ${dirty.join(", ")}\ncommit them first (the stubs replace the exercise regions), or use --force`);
  }
  const files = [...new Set(all.map((e) => e.file))];
  for (const file of files) {
    const full = path.join(root, file);
    const s = stubFile(file, readFileSync(full, "utf8"));
    writeFileSync(full, s.text);
  }
  return { stubbed: listExercises(n, root).filter((e) => files.includes(e.file)), notes };
}
