// Chapter 02's exercises are not vacuous: with each exercise region stubbed
// (a real chapter bundle, course/verify.ts), its checks fail on some arch;
// on the reference solution every check of chapters/02-memory/checks.ts
// passes on both arches.

import { expect, it } from "vitest";
import { verifyChapter, formatVerify } from "../../../course/verify";

it("every chapter 02 exercise fails on its stub and passes on the solution, on both arches", async () => {
  const r = await verifyChapter(2);
  const text = formatVerify(r);
  expect(r.problems, text).toEqual([]);
  expect(r.exercises.map((e) => e.exercise).sort()).toEqual(["apply-relocation", "copy-range", "demand-fault", "frames-free", "pt-step"]);
  for (const e of r.exercises) expect(e.verdict, `${e.exercise}: ${e.why}\n${text}`).toBe("ok");
  expect(r.ok, text).toBe(true);
}, 600_000);
