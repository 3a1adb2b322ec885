// Running checks: each check of a chapter, on each arch, against one kernel
// under test — built in-process from the layers (the tests of the reference
// code) or loaded from a signed chapter image (what `minos check` grades: the
// student's build, verified by the firmware's secure boot like any kernel).

import type { Arch } from "../machine/core/cpu";
import { makeImage } from "../machine/firmware/secure-boot";
import { loadSigningKey } from "../machine/firmware/keys";
import type { BuiltKernel } from "../chapters/01-boot/kernel/builder";
import { projectRoot } from "../toolchain/util/root";
import { buildChapter, type ChapterBuild } from "./chapter-build";
import type { ChapterInfo } from "./chapters";
import type { BootOptions, Check, CheckContext } from "./checks";
import { buildProgram, chapterProgram, type Module } from "./programs";
import { runKernel, type KernelRun } from "./run-kernel";

export const ALL_ARCHES: Arch[] = ["x86_64", "arm64"];

export interface KernelUnderTest {
  /** Which chapter's kernel. */
  chapter: number;
  /** In-process: a fresh kernel for every boot. */
  build?: () => BuiltKernel;
  /** Or a signed image for an arch (loaded afresh by every boot, after the firmware verified it). */
  image?: (arch: Arch) => Uint8Array;
}

export interface CheckResult {
  chapter: number;
  check: string;
  exercise?: string;
  arch: Arch;
  /** The kernel's chapter this ran against. */
  kernel: number;
  passed: boolean;
  /** Why it failed ("" when it passed). */
  message: string;
  /** The console of every boot the check made, and its own log lines. */
  log: string;
  ms: number;
}

/** Chapter n's kernel from its bundle (stubbing `stub`), signed with the development key for both arches. */
export async function bundleKernel(n: number, opts: { root?: string; stub?: readonly string[] | "all" } = {}):
  Promise<KernelUnderTest & { built: ChapterBuild }> {
  const built = await buildChapter(n, { root: opts.root, stub: opts.stub });
  const payload = new TextEncoder().encode(built.bundle);
  const key = loadSigningKey({ root: projectRoot() });
  const images = new Map<Arch, Uint8Array>();
  const image = (arch: Arch) => {
    let img = images.get(arch);
    if (!img) images.set(arch, img = makeImage({ arch, chapter: n, entry: "main", buildId: built.buildId, payload }, key));
    return img;
  };
  return { chapter: n, image, built };
}

const describeError = (e: unknown): string => {
  if (e instanceof Error) {
    // node:assert's messages carry the comparison; anything else gets its type so a crash reads as one.
    const name = ["AssertionError", "CheckFailure", "ProgramBuildError", "CourseError"].includes(e.name) ? "" : `${e.name}: `;
    return name + e.message;
  }
  return String(e);
};

/** Run one check on one arch against a kernel. Never throws: a failure is a result. */
export async function runCheck(check: Check, own: ChapterInfo, kut: KernelUnderTest, arch: Arch, root: string = projectRoot()): Promise<CheckResult> {
  const logs: string[] = [];
  let boots = 0;
  const ctx: CheckContext = {
    arch, chapter: kut.chapter, ownChapter: own.n,
    program: (name) => chapterProgram(own.n, arch, name, root),
    compile: (source, name) => buildProgram(/\.[cs]$/.test(name) ? name : `${name}.c`, source, arch),
    log: (text) => { logs.push(text); },
    boot: (o: BootOptions = {}): KernelRun => {
      const modules: Module[] = (o.programs ?? own.programs).map((p) => ({ name: p, bytes: ctx.program(p) }));
      modules.push(...(o.extra ?? []));
      const run = runKernel({
        arch, chapter: kut.chapter, modules, cmdline: o.cmdline ?? "seed=1", ramSize: o.ramSize, input: o.input,
        maxInstructions: o.maxInstructions ?? 50_000_000,
        ...(kut.build ? { kernel: kut.build() } : { image: kut.image!(arch) }),
      });
      const end = run.result.reason === "power-off" ? `powered off, status ${run.result.status}`
        : run.result.reason === "budget" ? `stopped: instruction budget used up (${run.result.retired} instructions)`
        : `stopped: ${run.result.reason}${run.result.error ? ` (${run.result.error})` : ""}`;
      logs.push(`--- boot ${++boots} (${arch}, chapter ${kut.chapter} kernel${o.cmdline ? `, ${o.cmdline}` : ""}) ---`, run.console.replace(/\n$/, ""), `--- ${end} ---`);
      return run;
    },
  };
  const t0 = performance.now();
  let message = "";
  try { await check.run(ctx); } catch (e) { message = describeError(e) || "failed"; }
  return {
    chapter: own.n, check: check.name, exercise: check.exercise, arch, kernel: kut.chapter,
    passed: message === "", message, log: logs.join("\n"), ms: Math.round(performance.now() - t0),
  };
}

/** Every check of a chapter on every arch it runs on (of `arches`), in order; `onResult` sees each as it ends. */
export async function runChecks(checks: Check[], own: ChapterInfo, kut: KernelUnderTest,
  opts: { arches?: Arch[]; root?: string; only?: (c: Check) => boolean; onResult?: (r: CheckResult) => void } = {}): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const c of checks.filter(opts.only ?? (() => true))) {
    for (const arch of (opts.arches ?? ALL_ARCHES).filter((a) => !c.arches || c.arches.includes(a))) {
      const r = await runCheck(c, own, kut, arch, opts.root);
      out.push(r);
      opts.onResult?.(r);
    }
  }
  return out;
}
