// `minos chapter N` on a terminal: the debugger on a chapter's kernel.
// cli/commands/chapter.ts builds the kernel and the boot modules and calls
// openChapterDebugger; this opens the full-screen app on a KernelSession
// and gives the terminal back when the student quits.

import type { Arch } from "../machine/core/cpu";
import type { BuiltKernel } from "../chapters/01-boot/kernel/builder";
import { KernelSession } from "./kernel-session";
import { loadLesson } from "./kernel/lesson";
import { openDebugger } from "./main";

export interface ChapterDebuggerOptions {
  arch: Arch;
  /**
   * The kernel: built in-process, or a factory called once. Omitted: loaded
   * from `image`'s payload after the firmware's secure boot accepted it
   * (what `minos chapter` should do).
   */
  kernel?: BuiltKernel | (() => BuiltKernel);
  /** The signed image the firmware verifies and (without `kernel`) loads. */
  image?: Uint8Array;
  /** Boot modules (user programs) in order; their symbols name addresses in the debugger. */
  modules?: { name: string; bytes: Uint8Array }[];
  cmdline?: string;
  /** RAM in bytes (default 64 MiB). */
  ramSize?: number;
  chapter?: number;
  /** The chapter's README.md (snippets are filled in from the sources beside it). */
  lessonPath?: string;
  /** Console input typed at time 0. */
  input?: string;
}

export interface ChapterDebuggerResult {
  /** The kernel's power-off status if it powered off while the debugger was open, else null. */
  status: number | null;
  /** The firmware refused the image (the debugger was not opened): its verdict, for minos boot's exit statuses. */
  firmware: KernelSession["firmware"];
}

export async function openChapterDebugger(o: ChapterDebuggerOptions): Promise<ChapterDebuggerResult> {
  const kernel = typeof o.kernel === "function" ? o.kernel() : o.kernel;
  const session = new KernelSession({
    arch: o.arch, kernel, image: o.image, modules: o.modules, cmdline: o.cmdline, ramSize: o.ramSize, chapter: o.chapter, input: o.input,
  });
  if (!session.firmware.ok) return { status: null, firmware: session.firmware };
  const lesson = o.lessonPath ? loadLesson(o.lessonPath) : undefined;
  await openDebugger(session, lesson);
  return { status: session.board.power.off ? session.board.power.status : null, firmware: session.firmware };
}
