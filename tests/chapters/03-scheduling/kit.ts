// Shared by chapter 03's tests: boot chapters 01-03 on an arch with the
// chapter's C programs (built by the project's toolchain) as boot modules,
// and note when each console line appeared, in virtual time.
import type { Arch } from "../../../machine/core/cpu";
import { buildKernel, type Layer } from "../../../chapters/01-boot/kernel/builder";
import { install as boot } from "../../../chapters/01-boot/kernel";
import { install as memory } from "../../../chapters/02-memory/kernel";
import { install as scheduling } from "../../../chapters/03-scheduling/kernel";
import { chapterProgram } from "../../../course/programs";
import { runKernel, type KernelRun, type KernelRunOptions } from "../../../course/run-kernel";

export const ARCHES: Arch[] = ["x86_64", "arm64"];

export function programs(arch: Arch, names: string[]) {
  return names.map((name) => ({ name, bytes: chapterProgram(3, arch, name) }));
}

export interface TimedRun extends KernelRun {
  /** Each console line with the virtual time its first byte left the UART. */
  lines: { time: number; text: string }[];
}

/** Boot chapters 01..03 (plus test layers) with chapter 03's programs; `cmdline` e.g. "run=spawner". */
export function boot3(arch: Arch, cmdline: string, opts: Omit<Partial<KernelRunOptions>, "modules"> & { layers?: Layer[]; modules?: string[] } = {}): TimedRun {
  const { modules: named, layers, ...rest } = opts;
  const names = named ?? ["spin", "typist", "sleeper", "spawner"];
  let now = () => 0;
  const lines: { time: number; text: string }[] = [{ time: 0, text: "" }];
  const run = runKernel({
    arch, chapter: 3, kernel: buildKernel([boot, memory, scheduling, ...(layers ?? [])]),
    cmdline: `seed=1 ${cmdline}`, maxInstructions: 200_000_000, ...rest, modules: programs(arch, names),
    before: (m) => { now = () => m.now(); opts.before?.(m); },
    onConsole: (text) => {
      for (const c of text) {
        const last = lines[lines.length - 1];
        if (last.text === "") last.time = now();
        if (c === "\n") lines.push({ time: 0, text: "" }); else last.text += c;
      }
    },
  });
  return { ...run, lines: lines.filter((l) => l.text !== "") };
}
