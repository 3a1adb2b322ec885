// Kernel stepping works for every chapter's kernel: each chapter's
// instrumented build runs its programs exactly as the ordinary build does
// when nothing pauses (same result, console and kernel events), on both
// arches, and a breakpoint on a function of that chapter is hit with the
// trapped context's locals.
import { describe, expect, it } from "vitest";
import { buildChapter } from "../../../course/chapter-build";
import { instantiateKernel } from "../../../course/load-kernel";
import { chapter, listChapters } from "../../../course/chapters";
import { chapterPrograms } from "../../../course/programs";
import { runKernel } from "../../../course/run-kernel";
import { buildSteppableChapter } from "../../../tui/stepping/build";
import { loadInstrumented } from "../../../tui/stepping/load";
import { findSites, Stepper, type Pause } from "../../../tui/stepping/stepper";
import type { BuiltKernel } from "../../../chapters/01-boot/kernel/builder";

function evaluate(bundle: string, stepper: Stepper): BuiltKernel {
  return loadInstrumented(bundle, stepper);
}

/** A function each chapter adds, to break on. */
const BREAK: Record<number, string> = { 1: "sysWrite", 2: "pageFault", 3: "sysSpawn" };
const chapters = listChapters().filter((c) => c.hasKernel).map((c) => c.n);

describe.each(chapters)("chapter %i under kernel stepping", (n) => {
  it.each(["x86_64", "arm64"] as const)("runs as the ordinary build when nothing pauses, and stops at a breakpoint (%s)", async (arch) => {
    const steppable = await buildSteppableChapter(n);
    const plain = (await buildChapter(n)).bundle;
    const modules = chapterPrograms(n, arch);
    const cmdline = `seed=1 run=${chapter(n).programs.join(",")}${n === 3 ? " arg.spawner=spin=20000:2" : ""}`;   // short hogs: three runs each
    const a = runKernel({ arch, chapter: n, kernel: instantiateKernel(plain), modules, cmdline });
    const quiet = new Stepper(steppable.sites, () => { throw new Error("nothing should pause"); });
    const b = runKernel({ arch, chapter: n, kernel: evaluate(steppable.bundle, quiet), modules, cmdline });
    expect(a.result.reason).toBe("power-off");
    expect(b.result).toEqual(a.result);
    expect(b.console).toBe(a.console);

    const pauses: Pause[] = [];
    const stepper = new Stepper(steppable.sites, (p) => { pauses.push(p); return "continue"; });
    const at = findSites(steppable.sites, BREAK[n]);
    expect(at.length, `no function ${BREAK[n]} in chapter ${n}'s build`).toBeGreaterThan(0);
    for (const s of at) stepper.setBreakpoint(s.id, true);
    const c = runKernel({ arch, chapter: n, kernel: evaluate(steppable.bundle, stepper), modules, cmdline });
    expect(c.result).toEqual(a.result);                       // pausing (and going on) changes nothing the machine does
    expect(pauses.length).toBeGreaterThan(0);
    expect(pauses[0].stack[0].enter.fn).toBe(BREAK[n]);
    expect(Object.keys(pauses[0].stack[0].locals).length).toBeGreaterThan(0);
  }, 120_000);
});
