// Boot a built kernel on the board for its arch and run it to power-off:
// what `minos chapter N`, `minos check N` and every chapter test do. The
// kernel comes as a BuiltKernel (chapters/01-boot/kernel/builder.ts): built
// in-process from the layers (tests of the reference code) or loaded from a
// chapter's bundle (course/chapter-build.ts, the student's build).
//
// The firmware runs for real: it verifies the signed image (signed with the
// development key, or an image given), places it and the boot modules in
// RAM and writes the boot information, exactly as `minos boot` does. The
// console is collected from the board's UART; input is typed into it at
// the start (or at given virtual times).

import type { Arch } from "../machine/core/cpu";
import { PcMachine } from "../machine/boards/pc";
import { VirtMachine } from "../machine/boards/virt";
import type { RunResult } from "../machine/boards/run-loop";
import type { FirmwareResult } from "../machine/firmware";
import { makeImage } from "../machine/firmware/secure-boot";
import { loadSigningKey, loadTrustedKey } from "../machine/firmware/keys";
import type { KernelFn } from "../machine/kernel-mode";
import type { X86Sys } from "../machine/boards/x86_64-kernel";
import type { Arm64Sys } from "../machine/boards/arm64-kernel";
import type { BuiltKernel } from "../chapters/01-boot/kernel/builder";
import type { Kernel } from "../chapters/01-boot/kernel/kernel";
import { projectRoot } from "../toolchain/util/root";
import { instantiateKernel } from "./load-kernel";

export interface KernelRunOptions {
  arch: Arch;
  /**
   * The kernel, built in-process from its layers. Omitted: the kernel is the
   * verified image's payload, instantiated (course/load-kernel.ts) only
   * after the firmware's secure boot accepted it — what `minos chapter` does.
   */
  kernel?: BuiltKernel;
  /** Which chapter's kernel (for the image's manifest and the console line). */
  chapter?: number;
  /** Boot modules (programs), in order. */
  modules?: { name: string; bytes: Uint8Array }[];
  /** The kernel command line (e.g. "seed=7 run=hello"). */
  cmdline?: string;
  /** RAM in bytes (default 64 MiB). */
  ramSize?: number;
  /** Console input: typed at time 0, or as [virtual time, text] pairs. */
  input?: string | [number, string][];
  maxInstructions?: number;
  maxTicks?: number;
  /** The image the firmware verifies (default: a small payload signed with the development key). */
  image?: Uint8Array;
  /** Called after boot, before running: e.g. to subscribe to the machine's tracer. */
  before?: (m: PcMachine | VirtMachine) => void;
  /** Streams the console as it comes (firmware lines, then every UART byte), besides collecting it. */
  onConsole?: (text: string) => void;
}

export interface KernelRun {
  result: RunResult;
  /** Everything the UART sent, firmware lines first. */
  console: string;
  /** The kernel this run booted (null if the firmware refused or it never started). */
  kernel: Kernel | null;
  machine: PcMachine | VirtMachine;
  firmware: FirmwareResult;
}

let devImage: Map<Arch, Uint8Array> | null = null;

/** A placeholder payload signed with the development key: in-process runs call `main` directly. */
function defaultImage(arch: Arch, chapter: number): Uint8Array {
  devImage ??= new Map();
  const key = `${arch}`;
  let img = devImage.get(key as Arch);
  if (img === undefined) {
    const payload = new TextEncoder().encode("// in-process kernel: the test calls main directly\n");
    img = makeImage({ arch, chapter, entry: "main", buildId: "in-process", payload }, loadSigningKey({ root: projectRoot() }));
    devImage.set(key as Arch, img);
  }
  return img;
}

export function runKernel(o: KernelRunOptions): KernelRun {
  let out = "";
  const console = o.onConsole
    ? (b: number) => { const c = String.fromCharCode(b); out += c; o.onConsole!(c); }
    : (b: number) => { out += String.fromCharCode(b); };
  const ramSize = o.ramSize ?? 64 << 20;
  const m = o.arch === "x86_64" ? new PcMachine({ ramSize, console }) : new VirtMachine({ ramSize, console });
  if (!o.kernel && !o.image) throw new Error("runKernel: give the kernel, or the signed image to load it from");
  const image = o.image ?? defaultImage(o.arch, o.chapter ?? 1);
  const cfg = {
    image, modules: o.modules ?? [], cmdline: o.cmdline ?? "", secureBoot: true,
    trustedKey: loadTrustedKey({ root: projectRoot() }),
  };
  // The kernel's main takes the arch-neutral KernelMode; each board hands it its own (a subtype).
  // Without a kernel object, `main` reaches the payload's kernel, loaded once the firmware verified it.
  let kernel: BuiltKernel | undefined = o.kernel;
  const main = (o.kernel ? o.kernel.main : (k: unknown) => kernel!.main(k as never)) as (k: unknown) => void;
  const fw = m instanceof PcMachine ? m.boot(cfg, main as KernelFn<X86Sys>) : m.boot(cfg, main as KernelFn<Arm64Sys>);
  const firmwareLines = fw.console.map((l) => l + "\n").join("");
  o.onConsole?.(firmwareLines);
  if (fw.ok && !kernel) {
    try { kernel = instantiateKernel(fw.payload); } catch (e) {
      const error = `the kernel failed to load: ${(e as Error).message}`;
      return { result: { reason: "error", status: -1, retired: 0, ticks: 0, error }, console: firmwareLines, kernel: null, machine: m, firmware: fw };
    }
  }
  if (!fw.ok) {
    return { result: { reason: "error", status: -1, retired: 0, ticks: 0, error: "the firmware refused to boot" }, console: firmwareLines, kernel: null, machine: m, firmware: fw };
  }
  if (typeof o.input === "string") m.uart.input(o.input);
  else for (const [t, text] of o.input ?? []) m.clock.at(t, () => m.uart.input(text));
  o.before?.(m);
  const result = m.run({ maxInstructions: o.maxInstructions ?? 200_000_000, maxTicks: o.maxTicks });
  return { result, console: firmwareLines + out, kernel: kernel!.current(), machine: m, firmware: fw };
}
