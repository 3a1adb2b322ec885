// Finding the chapters of a course tree: `chapters/NN-name/` folders, each
// with an optional `chapter.json` (title, default programs), `kernel/index.ts`
// (the chapter's layer), `user/` (its programs) and `checks.ts` (what
// `minos check` grades). Every tool takes a `root`, so a maintainer's test
// tree (tests/course/fixtures/) works exactly like the course itself.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../toolchain/util/root";

export interface ChapterInfo {
  /** 1, 2, ... from the folder name's NN. */
  n: number;
  /** The folder name, e.g. "01-boot". */
  name: string;
  /** Absolute path of the folder. */
  dir: string;
  title: string;
  /** The programs a plain run of this chapter starts, in order (chapter.json "programs"). */
  programs: string[];
  hasKernel: boolean;
  hasChecks: boolean;
}

/** A problem with the course tree itself (a bad chapter.json, a missing chapter): a clear message, no stack. */
export class CourseError extends Error {
  constructor(message: string) { super(message); this.name = "CourseError"; }
}

const FOLDER = /^(\d\d)-[a-z0-9-]+$/;

/** Every chapter folder under `root/chapters`, in order. */
export function listChapters(root: string = projectRoot()): ChapterInfo[] {
  const base = path.join(root, "chapters");
  let names: string[];
  try { names = readdirSync(base); } catch { throw new CourseError(`${base}: no chapters folder here`); }
  return names.filter((d) => FOLDER.test(d)).sort().map((name) => readChapter(path.join(base, name), name));
}

function readChapter(dir: string, name: string): ChapterInfo {
  const n = Number(FOLDER.exec(name)![1]);
  let meta: { title?: unknown; programs?: unknown } = {};
  const file = path.join(dir, "chapter.json");
  if (existsSync(file)) {
    try { meta = JSON.parse(readFileSync(file, "utf8")); } catch (e) { throw new CourseError(`${file}: not valid JSON (${(e as Error).message})`); }
  }
  if (meta.title !== undefined && typeof meta.title !== "string") throw new CourseError(`${file}: "title" must be a string`);
  if (meta.programs !== undefined && !(Array.isArray(meta.programs) && meta.programs.every((p) => typeof p === "string"))) {
    throw new CourseError(`${file}: "programs" must be a list of program names`);
  }
  return {
    n, name, dir,
    title: (meta.title as string | undefined) ?? name.slice(3),
    programs: (meta.programs as string[] | undefined) ?? [],
    hasKernel: existsSync(path.join(dir, "kernel", "index.ts")),
    hasChecks: existsSync(path.join(dir, "checks.ts")),
  };
}

/** Chapter `n`, or a CourseError naming the chapters there are. */
export function chapter(n: number, root: string = projectRoot()): ChapterInfo {
  const all = listChapters(root);
  const c = all.find((x) => x.n === n);
  if (!c) throw new CourseError(`there is no chapter ${n} (chapters: ${all.map((x) => x.n).join(", ") || "none"})`);
  return c;
}

/** Chapters 1..n that have a kernel layer: what chapter n's kernel is built from. */
export function kernelChapters(n: number, root: string = projectRoot()): ChapterInfo[] {
  const c = chapter(n, root);
  if (!c.hasKernel) throw new CourseError(`chapter ${n} (${c.name}) has no kernel yet (no ${path.join(c.name, "kernel", "index.ts")})`);
  return listChapters(root).filter((x) => x.n <= n && x.hasKernel);
}

/** Parse a chapter argument ("3", "03") for a command. */
export function parseChapterArg(s: string | undefined): number {
  const n = Number(s);
  if (s === undefined || !/^\d+$/.test(s) || n < 1) throw new CourseError(`name a chapter by number, e.g. 1 (got ${s === undefined ? "nothing" : `'${s}'`})`);
  return n;
}

/** The message of an error a course tool reports to its user as is (no stack), or null for a real bug. */
export function courseErrorMessage(e: unknown): string | null {
  if (!(e instanceof Error)) return null;
  const ours = ["CourseError", "ProgramBuildError", "KernelLoadError", "MarkerError", "KeyError"];
  return ours.includes(e.name) ? e.message : null;
}
