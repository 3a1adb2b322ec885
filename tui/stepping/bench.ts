// Kernel stepping costs nothing unless used: `minos bench --only step` runs a
// chapter's default programs with the ordinary bundle (what `minos chapter`
// runs) and with the instrumented bundle (what `--step-kernel` runs) with no
// breakpoint set, in this thread, and reports instructions retired per second
// of host time for each. The instrumented kernel pays one call and one
// comparison per statement while nothing can pause (stepper.ts); the
// ordinary one pays nothing, because it has no step calls at all.

import type { Arch } from "../../machine/core/cpu";
import { buildChapter } from "../../course/chapter-build";
import { chapter } from "../../course/chapters";
import { instantiateKernel } from "../../course/load-kernel";
import { chapterPrograms } from "../../course/programs";
import { runKernel } from "../../course/run-kernel";
import { buildSteppableChapter } from "./build";
import { loadInstrumented } from "./load";
import { Stepper } from "./stepper";
import type { BuiltKernel } from "../../chapters/01-boot/kernel/builder";

export interface StepBench {
  arch: Arch;
  chapter: number;
  /** Instructions retired by one run (the same for both bundles: they are the same kernel). */
  instructions: number;
  plainMips: number;
  steppableMips: number;
  /** Host milliseconds of the best run of each (boot to power-off; most of it is the kernel's work). */
  plainMs: number;
  steppableMs: number;
  /** Kernel statements the instrumented run passed (each one a step call). */
  statements: number;
}

/** Evaluate the instrumented bundle with a Stepper that has no breakpoints (counting statements). */
function steppableKernel(bundle: string, sites: ConstructorParameters<typeof Stepper>[0], count: { n: number }): BuiltKernel {
  return loadInstrumented(bundle, new Stepper(sites, () => "continue"), () => { count.n++; });
}

export async function benchStepping(arch: Arch, n = 2, rounds = 5): Promise<StepBench> {
  const plain = await buildChapter(n);
  const steppable = await buildSteppableChapter(n);
  const modules = chapterPrograms(n, arch);
  const programs = chapter(n).programs;
  const cmdline = ["seed=1", ...(programs.length ? [`run=${programs.join(",")}`] : [])].join(" ");
  const time = (kernel: () => BuiltKernel): { seconds: number; retired: number } => {
    let best = Infinity, retired = 0;
    for (let i = 0; i < rounds; i++) {
      const k = kernel();
      const t0 = performance.now();
      const r = runKernel({ arch, chapter: n, kernel: k, modules, cmdline });
      best = Math.min(best, (performance.now() - t0) / 1000);
      retired = r.result.retired;
      if (r.result.reason !== "power-off") throw new Error(`chapter ${n} (${arch}) did not power off: ${r.result.reason} ${r.result.error ?? ""}`);
    }
    return { seconds: best, retired };
  };
  const count = { n: 0 };
  time(() => instantiateKernel(plain.bundle));                // warm the JIT on the machine's code before either is timed
  const a = time(() => instantiateKernel(plain.bundle));
  const b = time(() => { count.n = 0; return steppableKernel(steppable.bundle, steppable.sites, count); });
  return { arch, chapter: n, instructions: a.retired, plainMips: a.retired / a.seconds / 1e6, steppableMips: b.retired / b.seconds / 1e6,
    plainMs: a.seconds * 1000, steppableMs: b.seconds * 1000, statements: count.n };
}
