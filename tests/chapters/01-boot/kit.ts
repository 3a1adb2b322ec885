// Shared by chapter 01's tests: build the chapter's user programs with the
// project's own assembler and linker, boot chapter 01's kernel (built
// in-process from its layer) on the board of an arch with the real
// firmware, and read what it did.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { assemble, formatError } from "../../../toolchain/asm/assemble";
import { link } from "../../../toolchain/ld/link";
import { projectRoot } from "../../../toolchain/util/root";
import type { Arch } from "../../../machine/core/cpu";
import { buildKernel, type Layer } from "../../../chapters/01-boot/kernel/builder";
import { install } from "../../../chapters/01-boot/kernel";
import { runKernel, type KernelRun, type KernelRunOptions } from "../../../course/run-kernel";

export const ARCHES: Arch[] = ["x86_64", "arm64"];
const CH = path.join(projectRoot(), "chapters", "01-boot");

/** The arm64 HAL exists (H2's part): until then the arm64 cases are skipped. */
export const archReady = (arch: Arch): boolean =>
  arch === "x86_64" || (existsSync(path.join(CH, "kernel", "hal", "arm64", "index.ts")) && existsSync(path.join(CH, "user", "hello.arm64.s")));

const cache = new Map<string, Uint8Array>();

/** Assemble and link `source` (GNU as syntax for `arch`) into a static ELF executable. */
export function buildAsm(name: string, source: string, arch: Arch): Uint8Array {
  const a = assemble(source, { arch, file: name });
  if (a.errors.length) throw new Error(a.errors.map(formatError).join("\n"));
  const l = link([{ name: name.replace(/\.s$/, ".o"), bytes: a.object! }], { arch });
  if (!l.elf) throw new Error(l.errors.join("\n"));
  return l.elf;
}

/** A chapter 01 user program (chapters/01-boot/user/NAME.ARCH.s) as a boot module. */
export function program(name: string, arch: Arch): { name: string; bytes: Uint8Array } {
  const key = `${name}.${arch}`;
  let bytes = cache.get(key);
  if (bytes === undefined) {
    const file = path.join(CH, "user", `${name}.${arch}.s`);
    bytes = buildAsm(`${name}.${arch}.s`, readFileSync(file, "utf8"), arch);
    cache.set(key, bytes);
  }
  return { name, bytes };
}

/** Boot chapter 01's kernel (plus any extra layers) on `arch` and run it to power-off. */
export function boot(arch: Arch, opts: Partial<KernelRunOptions> & { layers?: Layer[]; programs?: string[] } = {}): KernelRun {
  const kernel = buildKernel([install, ...(opts.layers ?? [])]);
  const modules = opts.modules ?? (opts.programs ?? ["hello"]).map((p) => program(p, arch));
  return runKernel({ arch, kernel, chapter: 1, maxInstructions: 5_000_000, ...opts, modules });
}

/** The kernel's console lines (after the firmware's). */
export const kernelLines = (run: KernelRun): string[] => run.console.split("\n").filter((l) => !/^(firmware|secure boot):/.test(l));
