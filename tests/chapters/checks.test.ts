// Every check of every chapter (chapters/NN-name/checks.ts), on both arches,
// against its own chapter's kernel and every later chapter's: a later
// chapter must not break an earlier one's behaviour. Kernels are built
// in-process from the layers (fast), and once per chapter through the real
// bundle (the build `minos check` grades, signed and verified by the
// firmware).
import { describe, expect, it } from "vitest";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildKernel, type Layer } from "../../chapters/01-boot/kernel/builder";
import { listChapters, type ChapterInfo } from "../../course/chapters";
import { bundleKernel, runChecks, type CheckResult, type KernelUnderTest } from "../../course/check-runner";
import { loadChecks } from "../../course/load-checks";

const chapters = listChapters();
const withKernel = chapters.filter((c) => c.hasKernel);
const withChecks = withKernel.filter((c) => c.hasChecks);

async function layers(upTo: number): Promise<Layer[]> {
  const out: Layer[] = [];
  for (const c of withKernel.filter((x) => x.n <= upTo)) {
    const mod = await import(pathToFileURL(path.join(c.dir, "kernel", "index.ts")).href) as { install: Layer };
    out.push(mod.install);
  }
  return out;
}

/** Failures as readable lines (the check, arch, kernel, message and the end of the log). */
const failures = (rs: CheckResult[]): string[] => rs.filter((r) => !r.passed).map((r) =>
  `${r.check} (${r.arch}, chapter ${r.kernel} kernel): ${r.message}\n${r.log.split("\n").slice(-15).join("\n")}`);

async function runAll(c: ChapterInfo, kut: KernelUnderTest): Promise<CheckResult[]> {
  const checks = loadChecks(c);
  expect(checks.length).toBeGreaterThan(0);
  return runChecks(checks, c, kut);
}

describe.each(withChecks.map((c) => [c.name, c] as const))("%s's checks", (_name, c) => {
  const kernels = withKernel.filter((k) => k.n >= c.n);
  it.each(kernels.map((k) => [k.name, k.n] as const))("pass against %s's kernel (built from the layers)", async (_k, n) => {
    const ls = await layers(n);
    expect(failures(await runAll(c, { chapter: n, build: () => buildKernel(ls) }))).toEqual([]);
  });

  it("pass against its own kernel's bundle, signed and booted through secure boot", async () => {
    expect(failures(await runAll(c, await bundleKernel(c.n)))).toEqual([]);
  });
});

it("there is at least one chapter with checks", () => {
  expect(withChecks.length).toBeGreaterThan(0);
});
