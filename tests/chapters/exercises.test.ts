// `minos exercises verify` for every chapter that has exercises: each
// exercise's checks fail with it stubbed and pass on the reference solution,
// and its marker's points equal its checks' (course/verify.ts). This is what
// CI runs so no exercise is vacuous.
import { describe, expect, it } from "vitest";
import { listChapters } from "../../course/chapters";
import { listExercises } from "../../course/exercise-files";
import { formatVerify, verifyChapter } from "../../course/verify";

const chapters = listChapters().filter((c) => c.hasKernel && c.hasChecks && listExercises(c.n).length > 0);

describe.each(chapters.map((c) => [c.name, c.n] as const))("%s", (_name, n) => {
  it("has at least three exercises, each failing on its stub and passing on the solution", async () => {
    const r = await verifyChapter(n);
    expect(r.exercises.length, formatVerify(r)).toBeGreaterThanOrEqual(3);
    expect(r.ok, formatVerify(r)).toBe(true);
  });
});

it("some chapter has exercises", () => {
  expect(chapters.length).toBeGreaterThan(0);
});
