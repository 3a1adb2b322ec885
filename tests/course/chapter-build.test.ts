// The chapter build (course/chapter-build.ts): chapter N's bundle holds the
// layers of chapters 01..N and nothing later, stubs exercises without
// touching the files, and every load is a fresh kernel. Runs on a fixture
// course tree (tests/course/fixtures/) and on the real chapters.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { readFileSync } from "node:fs";
import { buildChapter, chaptersInBundle } from "../../course/chapter-build";
import { CourseError, listChapters } from "../../course/chapters";
import { instantiateKernel } from "../../course/load-kernel";
import { runKernel } from "../../course/run-kernel";
import { bundleKernel } from "../../course/check-runner";
import { projectRoot } from "../../toolchain/util/root";

const FIX = path.join(projectRoot(), "tests", "course", "fixtures");

describe("chapter bundles contain chapters 01..N and nothing later", () => {
  it("on the fixture tree", async () => {
    expect(chaptersInBundle((await buildChapter(1, { root: FIX })).metafile)).toEqual(["01-one"]);
    expect(chaptersInBundle((await buildChapter(2, { root: FIX })).metafile)).toEqual(["01-one", "02-two"]);
    await expect(buildChapter(3, { root: FIX })).rejects.toThrow(/chapter 3 \(03-three\) has no kernel yet/);
    await expect(buildChapter(9, { root: FIX })).rejects.toThrow(CourseError);
  });

  const real = listChapters().filter((c) => c.hasKernel);
  it.each(real.map((c) => [c.name, c.n] as const))("on the course: %s", async (_name, n) => {
    const inBundle = chaptersInBundle((await buildChapter(n)).metafile);
    // Every earlier chapter with a kernel is in; nothing later is.
    expect(inBundle).toEqual(real.filter((c) => c.n <= n).map((c) => c.name));
  });
});

describe("loading a chapter bundle", () => {
  it("boots on both boards through the firmware's secure boot, and every load is a fresh kernel", async () => {
    const kut = await bundleKernel(2, { root: FIX });
    for (const arch of ["x86_64", "arm64"] as const) {
      const r = runKernel({ arch, image: kut.image!(arch) });
      expect(r.console).toMatch(/secure boot: kernel image for chapter 2 .*: OK/);
      expect([r.result.reason, r.result.status]).toEqual(["power-off", 10]);
      expect((r.kernel!.state as unknown as { doubled: number }).doubled).toBe(10);
    }
    const a = instantiateKernel(kut.built.bundle), b = instantiateKernel(kut.built.bundle);
    runKernel({ arch: "x86_64", kernel: a });
    expect(a.current()).not.toBeNull();
    expect(b.current()).toBeNull();             // module state is not shared between loads
  });

  it("a bundle that is not a kernel, or reaches outside itself, is refused with a reason", () => {
    expect(() => instantiateKernel("exports.main = () => {};")).toThrow(/does not export main and current/);
    expect(() => instantiateKernel("export const main = 1;")).toThrow(/not a CommonJS script .*--format=cjs/);
    expect(() => instantiateKernel('require("node:fs");')).toThrow(/the kernel bundle needs 'node:fs': a kernel reaches the machine only through KernelMode/);
  });

  it("stubs the exercises asked for, in the bundle only, keeping line numbers", async () => {
    const built = await buildChapter(2, { root: FIX, stub: ["double"] });
    expect(built.exercises.map((e) => [e.name, e.stubbed])).toEqual([["add", false], ["double", true]]);
    expect(built.bundle).toContain("exercise 'double' is not done yet");
    const r = runKernel({ arch: "x86_64", kernel: instantiateKernel(built.bundle) });
    expect(r.result.status).toBe(100);           // the stub threw in a boot step: the kernel panicked
    expect((r.kernel!.state as unknown as { panic: string }).panic).toMatch(/boot step 'double': exercise 'double' is not done yet/);
    // The stub is padded to the solution's length: what follows the region keeps its line number.
    let stubbedText = "";
    await buildChapter(1, { root: FIX, stub: ["add"], transform: (f, t) => (f.endsWith("01-one/kernel/index.ts") ? (stubbedText = t) : t) });
    const original = readFileSync(path.join(FIX, "chapters/01-one/kernel/index.ts"), "utf8");
    expect(stubbedText.split("\n").length).toBe(original.split("\n").length);
    expect(stubbedText.split("\n").indexOf("export function install(b: KernelBuilder): void {")).toBe(original.split("\n").indexOf("export function install(b: KernelBuilder): void {"));
    const all = await buildChapter(2, { root: FIX, stub: "all" });
    expect(all.exercises.every((e) => e.stubbed)).toBe(true);
    await expect(buildChapter(2, { root: FIX, stub: ["nope"] })).rejects.toThrow(/no exercise named 'nope' in chapters 01..02/);
  });

  it("passes chapter sources (only) through a transform, after stubbing, and puts the banner first", async () => {
    const seen: string[] = [];
    const built = await buildChapter(2, {
      root: FIX, stub: ["add"], banner: "// banner here",
      transform: (file, text) => { seen.push(file); expect(text).not.toContain("const sum = a + b"); return text.replace("2 * x", "3 * x"); },
    });
    expect(seen.sort()).toEqual(["chapters/01-one/kernel/builder.ts", "chapters/01-one/kernel/index.ts", "chapters/02-two/kernel/index.ts"]);
    expect(built.bundle.startsWith("// banner here")).toBe(true);
    expect(built.bundle).toContain("3 * x");
  });

  it("a build error names the file and line, not our stack", async () => {
    const err = await buildChapter(1, { root: FIX, transform: (f, t) => (f.endsWith("index.ts") ? t.replace("const sum = a + b;", "const sum = a +;") : t) }).catch((e) => e);
    expect(err).toBeInstanceOf(CourseError);
    expect(err.message).toMatch(/chapter 1's kernel does not build:\n {2}chapters\/01-one\/kernel\/index.ts:\d+:\d+: /);
  });
});
