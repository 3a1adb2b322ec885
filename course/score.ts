// Scoring check results: per check (passed on every arch it ran on), per
// exercise (the sum of its checks' points), per chapter; the scorecard a
// student reads and the JSON a gradebook reads (`minos grade`).

import type { Arch } from "../machine/core/cpu";
import type { ChapterInfo } from "./chapters";
import type { Check } from "./checks";
import { tail } from "./checks";
import type { CheckResult } from "./check-runner";

/** The group of checks that grade no exercise. */
export const CHAPTER_GROUP = "(chapter)";

export interface CheckScore { name: string; arch: Arch; passed: boolean; message: string; log: string }
export interface ExerciseScore { name: string; points: number; max: number; passed: boolean; hint?: string; checks: CheckScore[] }
export interface ChapterScore { chapter: number; title: string; points: number; max: number; exercises: ExerciseScore[] }
export interface Grade { version: 1; total: number; max: number; chapters: ChapterScore[] }

/** Score one chapter's checks from their results (a check with no result on some arch counts as failed). */
export function scoreChapter(c: ChapterInfo, checks: Check[], results: CheckResult[]): ChapterScore {
  const groups = new Map<string, ExerciseScore>();
  for (const ch of checks) {
    const g = ch.exercise ?? CHAPTER_GROUP;
    let e = groups.get(g);
    if (!e) groups.set(g, e = { name: g, points: 0, max: 0, passed: true, checks: [] });
    const mine = results.filter((r) => r.chapter === c.n && r.check === ch.name);
    const ok = mine.length > 0 && mine.every((r) => r.passed);
    e.max += ch.points;
    if (ok) e.points += ch.points; else e.passed = false;
    if (!ok && ch.hint && !e.hint) e.hint = ch.hint;
    for (const r of mine) e.checks.push({ name: ch.name, arch: r.arch, passed: r.passed, message: r.message, log: r.passed ? "" : r.log });
  }
  // Exercises first (in the order their checks appear), chapter checks last.
  const exercises = [...groups.values()].sort((a, b) => Number(a.name === CHAPTER_GROUP) - Number(b.name === CHAPTER_GROUP));
  return {
    chapter: c.n, title: c.title,
    points: exercises.reduce((s, e) => s + e.points, 0), max: exercises.reduce((s, e) => s + e.max, 0), exercises,
  };
}

export function grade(chapters: ChapterScore[]): Grade {
  return { version: 1, total: chapters.reduce((s, c) => s + c.points, 0), max: chapters.reduce((s, c) => s + c.max, 0), chapters };
}

export interface Paint { pass(s: string): string; fail(s: string): string; dim(s: string): string; bold(s: string): string }
export const plain: Paint = { pass: (s) => s, fail: (s) => s, dim: (s) => s, bold: (s) => s };
export const ansi: Paint = {
  pass: (s) => `\x1b[32m${s}\x1b[0m`, fail: (s) => `\x1b[31m${s}\x1b[0m`, dim: (s) => `\x1b[2m${s}\x1b[0m`, bold: (s) => `\x1b[1m${s}\x1b[0m`,
};

/** The scorecard of one chapter: each exercise and check with points and PASS/FAIL; a failure's message, log tail and hint. */
export function formatScorecard(s: ChapterScore, checks: Check[], p: Paint = plain, logLines = 20): string {
  const out: string[] = [p.bold(`Chapter ${s.chapter}: ${s.title}`), ""];
  const width = Math.max(10, ...checks.map((c) => c.name.length));
  for (const e of s.exercises) {
    const label = e.name === CHAPTER_GROUP ? "chapter checks" : `exercise ${e.name}`;
    out.push(`  ${p.bold(label)}  ${(e.passed ? p.pass : p.fail)(`${e.points}/${e.max}`)}`);
    for (const ch of checks.filter((c) => (c.exercise ?? CHAPTER_GROUP) === e.name)) {
      const runs = e.checks.filter((r) => r.name === ch.name);
      const ok = runs.length > 0 && runs.every((r) => r.passed);
      const arches = runs.map((r) => (r.passed ? r.arch : p.fail(r.arch))).join(" ");
      out.push(`    ${ok ? p.pass("PASS") : p.fail("FAIL")}  ${ch.name.padEnd(width)}  ${String(ok ? ch.points : 0).padStart(2)}/${String(ch.points).padEnd(2)}  ${p.dim(arches)}`);
      const failed = runs.find((r) => !r.passed);
      if (failed) {
        out.push(...indent(`${failed.arch}: ${failed.message}`, 10));
        const stub = /exercise '([a-z0-9-]+)' is not done yet/.exec(failed.message + "\n" + failed.log);
        if (stub) out.push(indent(p.bold(`the kernel ran into the stub of exercise '${stub[1]}'`), 10)[0]);
        if (ch.hint) out.push(...indent(`hint: ${ch.hint}`, 10));
        if (failed.log) out.push(indent(`console (${failed.arch}):`, 10)[0], ...indent(tail(failed.log, logLines), 12).map((l) => p.dim(l)));
      }
    }
  }
  out.push("", p.bold(`  total ${s.points}/${s.max}`) + (s.points === s.max ? "  " + p.pass("all points") : ""));
  return out.join("\n");
}

const indent = (text: string, n: number): string[] => text.split("\n").map((l) => " ".repeat(n) + l);
