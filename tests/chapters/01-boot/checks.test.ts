// Chapter 01's checks (chapters/01-boot/checks.ts) on both arches: every
// check passes on the reference kernel, and every exercise's checks fail
// when that exercise is the stub a student starts from (built as a real
// bundle with the stub in place, course/chapter-build.ts), whose panic
// names the exercise on the console.

import { describe, expect, it } from "vitest";
import type { Arch } from "../../../machine/core/cpu";
import type { BuiltKernel } from "../../../chapters/01-boot/kernel/builder";
import { buildKernel } from "../../../chapters/01-boot/kernel/builder";
import { install } from "../../../chapters/01-boot/kernel";
import { checks } from "../../../chapters/01-boot/checks";
import type { CheckContext } from "../../../course/checks";
import { buildChapter } from "../../../course/chapter-build";
import { instantiateKernel } from "../../../course/load-kernel";
import { runKernel } from "../../../course/run-kernel";
import { ARCHES, archReady, buildAsm, program } from "./kit";

function context(arch: Arch, kernel: () => BuiltKernel, logs: string[]): CheckContext {
  return {
    arch, chapter: 1, ownChapter: 1,
    boot(o = {}) {
      const modules = [...(o.programs ?? ["hello", "fault", "badptr"]).map((p) => program(p, arch)), ...(o.extra ?? [])];
      const run = runKernel({ arch, kernel: kernel(), chapter: 1, modules, cmdline: o.cmdline ?? "seed=1", maxInstructions: o.maxInstructions ?? 5_000_000 });
      logs.push(run.console);
      return run;
    },
    program: (name) => program(name, arch).bytes,
    compile: (source, name) => buildAsm(name, source, arch),
    log: (t) => logs.push(t),
  };
}

const passes = async (arch: Arch, kernel: () => BuiltKernel, check: (typeof checks)[number], logs: string[]): Promise<boolean> => {
  try { await check.run(context(arch, kernel, logs)); return true; } catch { return false; }
};

const arches = ARCHES.filter(archReady);
let reference: string | undefined;
const exercises = [...new Set(checks.flatMap((c) => (c.exercise ? [c.exercise] : [])))];

describe("chapter 01 checks", () => {
  for (const arch of arches) {
    for (const c of checks) {
      it(`${c.name} passes on the reference kernel (${arch})`, async () => {
        await c.run(context(arch, () => buildKernel([install]), []));
      });
    }
  }

  it("has at least three exercises, each graded by checks worth its marker's points", async () => {
    expect(exercises.length).toBeGreaterThanOrEqual(3);
    const build = await buildChapter(1);
    for (const e of exercises) {
      const marker = build.exercises.find((x) => x.name === e);
      expect(marker, `no // @exercise ${e} marker`).toBeDefined();
      expect(checks.filter((c) => c.exercise === e).reduce((n, c) => n + c.points, 0)).toBe(marker!.points);
    }
    expect(build.exercises.map((x) => x.name).sort()).toEqual([...exercises].sort());
  });

  for (const e of exercises) {
    it(`exercise ${e}: its checks fail on the stub, whose panic names it`, async () => {
      const { bundle } = await buildChapter(1, { stub: [e] });
      const stubbed = () => instantiateKernel(bundle);
      for (const c of checks.filter((x) => x.exercise === e)) {
        const logs: string[] = [];
        const results = await Promise.all(arches.map((a) => passes(a, stubbed, c, logs)));
        expect(results.some((ok) => !ok), `check ${c.name} passes on the stub`).toBe(true);
        expect(logs.join("\n")).toContain(`PANIC: `);
        expect(logs.join("\n")).toContain(`exercise '${e}' is not done yet`);
      }
      // And the unstubbed bundle passes them (the bundle, not only the in-process build).
      reference ??= (await buildChapter(1)).bundle;
      const ref = reference;
      for (const c of checks.filter((x) => x.exercise === e)) {
        for (const a of arches) expect(await passes(a, () => instantiateKernel(ref), c, [])).toBe(true);
      }
    }, 60_000);
  }
});
