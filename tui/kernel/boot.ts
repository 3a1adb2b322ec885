// Booting a kernel for the debugger and the dashboard: course/run-kernel.ts
// does the boot (firmware, secure boot, modules, boot information, input),
// with a budget of 0 instructions so it stops before the first one and hands
// over the board, whose UART's output then goes to `onConsole`. The kernel
// is either built in-process or, as `minos chapter` boots it, loaded from
// the signed image's payload once the firmware has accepted the image.

import type { Arch } from "../../machine/core/cpu";
import type { FirmwareResult } from "../../machine/firmware";
import { runKernel } from "../../course/run-kernel";
import { instantiateKernel } from "../../course/load-kernel";
import type { BuiltKernel } from "../../chapters/01-boot/kernel/builder";
import type { Board } from "./engine";

export interface BootOptions {
  arch: Arch;
  /** The kernel built in-process; omitted: loaded from `image` after the firmware verified it. */
  kernel?: BuiltKernel;
  image?: Uint8Array;
  modules?: { name: string; bytes: Uint8Array }[];
  cmdline?: string;
  ramSize?: number;
  chapter?: number;
  input?: string;
}

export interface Booted {
  board: Board;
  /** False if the firmware refused the image or the kernel failed to load (then `error` says why). */
  ok: boolean;
  error: string | null;
  firmware: FirmwareResult;
  /** The firmware's console lines. */
  firmwareText: string;
  /** The booted image's kernel (null if it never loaded). */
  built: BuiltKernel | null;
}

export function bootForDebugger(o: BootOptions, onConsole: (byte: number) => void): Booted {
  if (!o.kernel && !o.image) throw new Error("give the kernel, or the signed image to load it from");
  const booted = { built: o.kernel ?? null } as Booted;
  // The board calls main at the first step; by then `built` is the kernel (loaded from the verified image if need be).
  const proxy: BuiltKernel = {
    main: (k) => { if (!booted.built) throw new Error("the kernel image was not loaded"); booted.built.main(k); },
    current: () => booted.built?.current() ?? null,
    get tables() { return booted.built!.tables; },
  };
  let board: Board | undefined;
  const run = runKernel({
    arch: o.arch, kernel: proxy, image: o.image, chapter: o.chapter, modules: o.modules, cmdline: o.cmdline,
    ramSize: o.ramSize, input: o.input, maxInstructions: 0,
    before: (m) => { board = m; m.uart.sink = onConsole; },
  });
  booted.board = board ?? run.machine;
  booted.firmware = run.firmware;
  booted.firmwareText = run.console;
  booted.error = board ? null : "the firmware refused to boot the kernel (see the console)";
  if (board && !booted.built && run.firmware.ok) {
    try { booted.built = instantiateKernel(run.firmware.payload); } catch (e) {
      booted.error = `the kernel failed to load: ${(e as Error).message}`;
    }
  }
  booted.ok = booted.error === null;
  return booted;
}
