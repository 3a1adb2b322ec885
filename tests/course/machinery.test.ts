// The chapter machinery on the fixture course tree: chapter discovery,
// programs built and cached, checks run and scored (with the log of a
// failure), exercises verified (fail on the stub, pass on the solution),
// and `exercises start` rewriting a working tree.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chapter, CourseError, listChapters } from "../../course/chapters";
import { buildProgram, chapterPrograms, ProgramBuildError } from "../../course/programs";
import { bundleKernel, runChecks } from "../../course/check-runner";
import { loadChecks } from "../../course/load-checks";
import { formatScorecard, scoreChapter } from "../../course/score";
import { verifyChapter } from "../../course/verify";
import { listExercises, startExercises } from "../../course/exercise-files";
import { copyFixture, edit, FIXTURE } from "./helpers/fixture-tree";

describe("chapters of a course tree", () => {
  it("are found with their metadata", () => {
    expect(listChapters(FIXTURE).map((c) => [c.n, c.name, c.title, c.programs, c.hasKernel, c.hasChecks])).toEqual([
      [1, "01-one", "One", ["nop"], true, true], [2, "02-two", "Two", ["nop"], true, true], [3, "03-three", "three", [], false, false],
    ]);
    expect(() => chapter(7, FIXTURE)).toThrow("there is no chapter 7 (chapters: 1, 2, 3)");
  });

  it("a bad chapter.json is a clear error", () => {
    const root = mkdtempSync(path.join(tmpdir(), "minos-bad-"));
    mkdirSync(path.join(root, "chapters", "01-x"), { recursive: true });
    writeFileSync(path.join(root, "chapters", "01-x", "chapter.json"), '{ "programs": "hello" }');
    expect(() => listChapters(root)).toThrow(CourseError);
    expect(() => listChapters(root)).toThrow(/chapter.json: "programs" must be a list of program names/);
  });
});

describe("programs", () => {
  it("are built per arch with the project's toolchain and cached by content", () => {
    for (const [arch, machine] of [["x86_64", 62], ["arm64", 183]] as const) {
      const [nop] = chapterPrograms(1, arch, FIXTURE);
      expect(nop.name).toBe("nop");
      expect([...nop.bytes.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);          // ELF magic (ELF64 spec, e_ident)
      expect(nop.bytes[18] | (nop.bytes[19] << 8)).toBe(machine);                        // e_machine: EM_X86_64 62, EM_AARCH64 183
      expect(chapterPrograms(1, arch, FIXTURE)[0].bytes).toEqual(nop.bytes);
    }
  });

  it("a compile error carries the compiler's diagnostics", () => {
    const err = (() => { try { buildProgram("oops.c", "int main(void) { return y; }\n", "x86_64"); } catch (e) { return e; } })() as ProgramBuildError;
    expect(err).toBeInstanceOf(ProgramBuildError);
    expect(err.message).toMatch(/^oops\.c does not build:\noops\.c:1:\d+: error: .*'y'/);
  });
});

describe("checks, scores and the scorecard", () => {
  it("a stubbed exercise fails its check with the kernel's log, a hint and no points; the rest pass", async () => {
    const info = chapter(2, FIXTURE);
    const checks = [...loadChecks(chapter(1, FIXTURE)), ...loadChecks(info)];
    const kut = await bundleKernel(2, { root: FIXTURE, stub: ["double"] });
    const results = await runChecks(loadChecks(info), info, kut, { root: FIXTURE });
    expect(results.map((r) => [r.check, r.arch, r.passed])).toEqual([["doubled", "x86_64", false], ["doubled", "arm64", false]]);
    expect(results[0].message).toMatch(/^the kernel panicked\n[^]*"boot step 'double': exercise 'double' is not done yet/);
    expect(results[0].log).toMatch(/--- boot 1 \(x86_64, chapter 2 kernel\) ---\nfirmware: pc board[^]*secure boot: kernel image for chapter 2[^]*--- powered off, status 100 ---/);
    const score = scoreChapter(info, loadChecks(info), results);
    expect([score.points, score.max, score.exercises.map((e) => [e.name, e.points, e.max, e.passed])]).toEqual([0, 3, [["double", 0, 3, false]]]);
    const card = formatScorecard(score, loadChecks(info));
    expect(card).toMatch(/exercise double {2}0\/3\n {4}FAIL {2}doubled +0\/3 +x86_64 arm64\n {10}x86_64: the kernel panicked\n/);
    expect(card).toContain("\n          the kernel ran into the stub of exercise 'double'\n");
    expect(card).toContain("hint: double() returns twice its argument");
    expect(card).toContain("total 0/3");
    expect(checks.map((c) => c.name)).toEqual(["sum-at-boot", "powers-off", "doubled"]);
  });

  it("a check that throws something other than an assertion fails with its error named, never crashes the run", async () => {
    const info = chapter(1, FIXTURE);
    const kut = await bundleKernel(1, { root: FIXTURE });
    const [r] = await runChecks([{ name: "oops", points: 1, run(ctx) { ctx.program("missing"); } }], info, kut, { root: FIXTURE, arches: ["arm64"] });
    expect(r.passed).toBe(false);
    expect(r.message).toBe("no program 'missing' for arm64 in chapters 01..01 (there are: nop)");
  });
});

describe("exercises verify", () => {
  it("passes when each exercise's checks fail on its stub and pass on the solution", async () => {
    const r = await verifyChapter(1, { root: FIXTURE });
    expect(r.ok).toBe(true);
    expect(r.exercises.map((e) => [e.exercise, e.verdict, e.failsOnStub, e.passesOnSolution])).toEqual([["add", "ok", { "sum-at-boot": true }, true]]);
  });

  it("finds a vacuous check, a points mismatch and a broken solution", async () => {
    const root = copyFixture();
    // The check no longer looks at what add() computed: it passes with the stub too.
    edit(root, "chapters/01-one/checks.ts", `assert.equal((r.kernel!.state as unknown as { sum: number }).sum, 5, "the kernel's sum of 2 and 3");`, "assert.ok(r);");
    let r = await verifyChapter(1, { root, arches: ["x86_64"] });
    expect([r.ok, r.exercises[0].verdict, r.exercises[0].why]).toEqual([false, "vacuous", "'sum-at-boot' passes with the stub"]);

    const root2 = copyFixture();
    edit(root2, "chapters/01-one/kernel/index.ts", `// @exercise add 2 "Return a plus b."`, `// @exercise add 5 "Return a plus b."`);
    r = await verifyChapter(1, { root: root2, arches: ["x86_64"] });
    expect([r.ok, r.exercises[0].verdict, r.exercises[0].why]).toEqual([false, "broken", "the marker says 5 points, its checks give 2"]);

    edit(root2, "chapters/01-one/kernel/index.ts", "const sum = a + b;", "const sum = a - b;");
    r = await verifyChapter(1, { root: root2, arches: ["x86_64"] });
    expect(r.exercises[0].verdict).toBe("broken");
    expect(r.exercises[0].why).toMatch(/^'sum-at-boot' fails on the solution \(x86_64\)/);
    expect(r.problems).toEqual(["chapter check 'powers-off' fails on the solution (x86_64): Expected values to be strictly equal:\n\n255 !== 5\n"]);
  });
});

describe("exercises start", () => {
  it("stubs the solutions in the working tree, says what it did, and refuses to do it twice", () => {
    const root = copyFixture();
    const { stubbed } = startExercises(1, { root });
    expect(stubbed.map((e) => [e.name, e.file, e.stub])).toEqual([["add", "chapters/01-one/kernel/index.ts", true]]);
    const text = readFileSync(path.join(root, "chapters/01-one/kernel/index.ts"), "utf8");
    expect(text).toContain(`  // @exercise add 2 "Return a plus b."\n  throw new Error("exercise 'add' is not done yet (chapters/01-one/kernel/index.ts). Return a plus b.");\n  // @end add`);
    expect(() => startExercises(1, { root })).toThrow(/chapter 1's exercises are already stubs \(add\); --force/);
    expect(listExercises(2, root).map((e) => e.stub)).toEqual([false]);       // other chapters untouched
  });

  it("refuses when the chapter has uncommitted changes (git), unless forced", () => {
    const root = copyFixture();
    const git = (...a: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...a], { cwd: root, stdio: "pipe" });
    try { git("init", "-q"); git("add", "."); git("commit", "-qm", "start"); } catch { return; }   // no git here: nothing to test
    edit(root, "chapters/02-two/kernel/index.ts", "return 2 * x;", "return x + x;");
    expect(() => startExercises(2, { root })).toThrow(/these files of chapter 2 have uncommitted changes: chapters\/02-two\/kernel\/index.ts/);
    expect(startExercises(1, { root }).notes).toEqual([]);                   // chapter 01 is clean
    expect(startExercises(2, { root, force: true }).stubbed.map((e) => e.name)).toEqual(["double"]);
    expect(existsSync(path.join(root, ".git"))).toBe(true);
  });
});
