// The chapter commands end to end, as a student and an instructor type them:
// `minos chapter N` (build from chapters 01..N, sign, secure boot, console,
// power-off status), `minos check`, `minos grade`, `minos exercises`.
// The real chapter 01 and the fixture course tree (tests/course/fixtures/).
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { copyFixture, edit, FIXTURE } from "../course/helpers/fixture-tree";

const minos = (...args: string[]) => spawnSync(process.execPath, ["bin/minos", ...args], { encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });
const tmp = mkdtempSync(path.join(tmpdir(), "minos-chapter-"));
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);

describe.each(["x86_64", "arm64"] as const)("minos chapter 1 --arch %s", (arch) => {
  it("builds, signs and boots chapter 01 with its programs; the exit status is the power-off status", () => {
    const r = minos("chapter", "1", "--arch", arch, "--headless");
    expect(r.stdout).toMatch(/secure boot: kernel image for chapter 1 \(.*\) signed by SHA256:[0-9a-f]+: OK/);
    expect(r.stdout).toMatch(/firmware: module hello /);
    expect(r.stdout).toMatch(/command line "seed=1 run=hello,fault,badptr"/);
    expect(r.stdout).toContain("hello, world from user mode\n");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("--run loads a program of the student's, runs it alone, and carries the seed", () => {
    const src = arch === "x86_64"
      ? ".intel_syntax noprefix\n.text\n.globl _start\n_start:\n mov eax, 0\n mov edi, 42\n syscall\n ud2\n"
      : ".text\n.globl _start\n_start:\n mov x8, #0\n mov x0, #42\n svc #0\n udf #0\n";
    const file = path.join(tmp, `mine.${arch}.s`);
    writeFileSync(file, src);
    const r = minos("chapter", "1", "--arch", arch, "--headless", "--seed", "7", "--ram", "8M", "--run", file);
    expect(r.stdout).toMatch(/firmware: pc board, 8 MiB RAM|firmware: virt board, 8 MiB RAM/);
    expect(r.stdout).toMatch(/command line "seed=7 run=mine"/);
    expect(r.stdout).toMatch(/exit: pid 1 \(mine\) status 42/);
    expect(r.stdout).not.toContain("hello, world");
  });
});

describe.each(["x86_64", "arm64"] as const)("minos chapter 3 --arch %s", (arch) => {
  it("--run a C program of the student's; what is piped in is typed at the console", () => {
    const r = spawnSync(process.execPath, ["bin/minos", "chapter", "3", "--arch", arch, "--headless", "--run", "chapters/03-scheduling/user/typist.c"],
      { encoding: "utf8", input: "hello\nquit\n", env: { ...process.env, FORCE_COLOR: "0" } });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("typist: got hello\n");
    expect(r.stdout).toMatch(/exit: pid 1 \(typist\) status 0/);
    expect(r.status).toBe(0);
  }, 60_000);

  it("--cmdline adds kernel command-line words: a boot program's argument", () => {
    const r = minos("chapter", "3", "--arch", arch, "--headless", "--cmdline", "arg.spawner=spin=2000:2");
    expect(r.stdout).toContain(`command line "seed=1 run=spawner,sleeper arg.spawner=spin=2000:2"`);
    expect(r.stdout.match(/^spin: 2000 rounds/gm)).toHaveLength(2);
    expect(r.status).toBe(0);
    const bad = minos("chapter", "3", "--headless", "--cmdline", "seed=4");
    expect(bad.status).toBe(64);
    expect(bad.stderr).toContain("give the seed with --seed");
  }, 60_000);
});

it("npm run chapter 1 works as the README says (no terminal: the console, then the power-off status)", () => {
  const r = spawnSync("npm", ["run", "--silent", "chapter", "1"], { encoding: "utf8" });
  expect(r.stdout).toContain("hello, world from user mode\n");
  expect(r.stdout).toMatch(/MinOS: every program has finished; powering off\n$/);
  expect(r.status).toBe(0);
});

describe("minos chapter: mistakes get a message, not a stack", () => {
  it("minos sign refuses a bundle the firmware's loader could not start (an ES module)", () => {
    const esm = path.join(tmp, "esm.mjs");
    writeFileSync(esm, "export function main() {}\n");
    const r = minos("sign", "--arch", "x86_64", "-o", path.join(tmp, "esm.img"), esm);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/esm\.mjs: the kernel bundle is not a CommonJS script \(.*\); build it with esbuild --format=cjs/);
    const cjs = path.join(tmp, "noentry.js");
    writeFileSync(cjs, "exports.start = function () {};\n");
    expect(minos("sign", "--arch", "x86_64", "-o", path.join(tmp, "n.img"), cjs).stderr).toMatch(/does not export a function 'main'/);
  });

  it("a compile error in the student's program shows the compiler's diagnostics and exits 1", () => {
    const file = path.join(tmp, "broken.c");
    writeFileSync(file, "int main(void) {\n  return undeclared;\n}\n");
    const r = minos("chapter", "1", "--headless", "--run", file);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/broken\.c:2:\d+: error: .*undeclared/);
    noStack(r.stderr);
  });

  it("a chapter that does not exist, a bad --ram, a missing file", () => {
    const none = minos("chapter", "9", "--headless");
    expect([none.status, none.stderr.trim()]).toEqual([1, "minos chapter: there is no chapter 9 (chapters: 1, 2, 3, 4, 5, 6)"]);
    const ram = minos("chapter", "1", "--ram", "lots");
    expect(ram.status).toBe(64);
    expect(ram.stderr).toMatch(/--ram takes a size like 2M, 64M or 1G/);
    const missing = minos("chapter", "1", "--headless", "--run", path.join(tmp, "nope.elf"));
    expect([missing.status, missing.stderr.trim()]).toEqual([1, `minos chapter: ${path.join(tmp, "nope.elf")}: No such file or directory`]);
  });
});

describe("minos check, grade and exercises on a course tree", () => {
  it("check: a scorecard with full points exits 0; a broken solution fails with its message, console and hint, exit 1", () => {
    const ok = minos("check", "2", "--root", FIXTURE);
    expect(ok.stdout).toMatch(/Chapter 2: Two\n\n {2}exercise double {2}3\/3\n {4}PASS {2}doubled +3\/3 +x86_64 arm64\n\n {2}total 3\/3 {2}all points/);
    expect(ok.status).toBe(0);

    const root = copyFixture();
    edit(root, "chapters/02-two/kernel/index.ts", "return 2 * x;", "return x;");
    const bad = minos("check", "2", "--root", root);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/FAIL {2}doubled +0\/3/);
    expect(bad.stdout).toMatch(/x86_64: Expected values to be strictly equal:\n\s*\n\s*5 !== 10/);
    expect(bad.stdout).toMatch(/hint: double\(\) returns twice its argument\n\s+console \(x86_64\):\n\s+--- boot 1 \(x86_64, chapter 2 kernel\) ---\n\s+firmware: pc board/);
    expect(bad.stdout).toContain("total 0/3");
    const json = JSON.parse(minos("check", "2", "--root", root, "--json", "--arch", "arm64").stdout);
    expect(json).toMatchObject({ chapter: 2, title: "Two", points: 0, max: 3, exercises: [{ name: "double", points: 0, max: 3, passed: false, checks: [{ name: "doubled", arch: "arm64", passed: false }] }] });
  });

  it("check: a kernel handler that never returns costs its checks (timed out), not the scorecard", () => {
    const root = copyFixture();
    edit(root, "chapters/01-one/kernel/index.ts", "const sum = a + b;", "while (a > 0) a = a + 1 - 1;\n  const sum = a + b;");
    const r = minos("check", "1", "--root", root, "--arch", "x86_64", "--timeout", "1");
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}sum-at-boot +0\/2 +x86_64\n {10}x86_64: timed out after 1 s: the kernel never returned to the machine/);
    expect(r.stdout).toMatch(/FAIL {2}powers-off +0\/1 +x86_64\n {10}x86_64: timed out after 1 s/);
    expect(r.stdout).toContain("total 0/3");
  });

  it("grade: every chapter with checks, JSON for a gradebook", () => {
    const file = path.join(tmp, "grade.json");
    const r = minos("grade", "--root", FIXTURE, "--json", file);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("total 6/6");
    const g = JSON.parse(readFileSync(file, "utf8"));
    expect(Object.keys(g)).toEqual(["version", "total", "max", "chapters"]);
    expect(g.chapters.map((c: { chapter: number; points: number; max: number }) => [c.chapter, c.points, c.max])).toEqual([[1, 3, 3], [2, 3, 3]]);
    expect(Object.keys(g.chapters[0])).toEqual(["chapter", "title", "points", "max", "exercises"]);
    expect(g.chapters[0].exercises.map((e: { name: string }) => e.name)).toEqual(["add", "(chapter)"]);
    expect(Object.keys(g.chapters[0].exercises[0].checks[0])).toEqual(["name", "arch", "passed", "message", "log"]);
    const one = JSON.parse(minos("grade", "--root", FIXTURE, "--chapters", "2", "--json", "-").stdout);
    expect(one.chapters.map((c: { chapter: number }) => c.chapter)).toEqual([2]);

    // A kernel that does not build scores zero for its chapter; the other chapters are still graded.
    const root = copyFixture();
    edit(root, "chapters/02-two/kernel/index.ts", "return 2 * x;", "return 2 * ;");
    const broken = minos("grade", "--root", root, "--json", "-", "--arch", "x86_64");
    expect(broken.status).toBe(1);
    const bg = JSON.parse(broken.stdout);
    expect([bg.total, bg.max, bg.chapters[1].points]).toEqual([3, 6, 0]);
    expect(bg.chapters[1].exercises[0].checks[0].message).toMatch(/^chapter 2's kernel does not build:\n {2}chapters\/02-two\/kernel\/index.ts:\d+:\d+: /);
  });

  it("exercises list, start and verify", () => {
    const root = copyFixture();
    expect(minos("exercises", "list", "1", "--root", root).stdout).toMatch(/^add {2} 2 pts {2}written {2}chapters\/01-one\/kernel\/index.ts:\d+ {2}Return a plus b\.\n$/);
    const v = minos("exercises", "verify", "1", "--root", root);
    expect(v.stdout).toMatch(/add +2 +1 {2}fails {3}passes {4}ok/);
    expect(v.status).toBe(0);
    const s = minos("exercises", "start", "1", "--root", root);
    expect(s.stdout).toMatch(/chapter 1: 1 exercise is now a stub:\n {2}add \(2 pts\) {2}chapters\/01-one\/kernel\/index.ts:\d+/);
    expect(s.status).toBe(0);
    const again = minos("exercises", "start", "1", "--root", root);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already stubs/);
    // The student's kernel now panics in the stub: the check fails and says which exercise.
    const c = minos("check", "1", "--root", root, "--arch", "x86_64");
    expect(c.status).toBe(1);
    expect(c.stdout).toMatch(/exercise add {2}0\/2/);
  });
});
