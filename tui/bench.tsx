// `minos bench --only debugger`: how quickly the kernel debugger shows its
// first frame and how often it redraws while the kernel runs. The app is
// rendered by Ink into a null terminal (100x30, frames counted, not shown),
// with chapter 01's lesson in its pane,
// on chapter 01's kernel running a program that loops for a long while, and
// driven by the same keys a student presses ("c" to run, "c" to pause).

import React from "react";
import { EventEmitter } from "node:events";
import { render } from "ink";
import type { Arch } from "../machine/core/cpu";
import { buildKernel } from "../chapters/01-boot/kernel/builder";
import { install } from "../chapters/01-boot/kernel/index";
import { build } from "../toolchain/cc/driver";
import path from "node:path";
import { projectRoot } from "../toolchain/util/root";
import { App } from "./app";
import { loadLesson } from "./kernel/lesson";
import { KernelSession } from "./kernel-session";

/** A terminal that swallows output and counts frames. */
class NullStdout extends EventEmitter {
  frames = 0;
  bytes = 0;
  get columns() { return 100; }
  get rows() { return 30; }
  isTTY = true;
  write = (s: string) => { this.frames++; this.bytes += s.length; return true; };
}

/** A keyboard the bench types into (the shape Ink reads: readable events, read()). */
class KeyStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  type(s: string) { this.data = s; this.emit("readable"); this.emit("data", s); }
  read = () => { const d = this.data; this.data = null; return d; };
  setEncoding() {} setRawMode() {} resume() {} pause() {} ref() {} unref() {}
}

const SPIN = `int main(void) { volatile unsigned long x = 0; for (unsigned long i = 0; i < 400000000; i++) x += i; return 0; }\n`;

export interface DebuggerBench {
  arch: Arch;
  /** From creating the session (boot included) to the first frame written. */
  firstFrameMs: number;
  /** Frames written per second while the kernel runs (the controller asks for at most 30). */
  fps: number;
  /** Million instructions per second retired meanwhile (the UI's cost shows as the gap to the bare CPU figure). */
  mips: number;
  seconds: number;
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchDebugger(arch: Arch, seconds = 2): Promise<DebuggerBench> {
  const prog = build([{ name: "spin.c", text: SPIN }], { arch, linux: false });
  if (!prog.ok || !prog.exe) throw new Error(`building the bench program failed: ${prog.messages.join("\n")}`);
  const stdout = new NullStdout(), stdin = new KeyStdin();
  const t0 = performance.now();
  const session = new KernelSession({ arch, kernel: buildKernel([install]), modules: [{ name: "spin", bytes: prog.exe }], cmdline: "seed=1 run=spin", chapter: 1 });
  const lesson = loadLesson(path.join(projectRoot(), "chapters", "01-boot", "README.md"));
  const app = render(<App session={session} columns={100} rows={30} lesson={lesson} />, {
    stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true, exitOnCtrlC: false, patchConsole: false, maxFps: 30,
  });
  while (stdout.frames === 0) await tick(1);
  const firstFrameMs = performance.now() - t0;
  await tick(50);
  const f0 = stdout.frames, r0 = session.retired, s0 = performance.now();
  stdin.type("c");
  await tick(seconds * 1000);
  const elapsed = (performance.now() - s0) / 1000;
  const frames = stdout.frames - f0, retired = session.retired - r0;
  stdin.type("c");
  await tick(50);
  app.unmount();
  return { arch, firstFrameMs, fps: frames / elapsed, mips: retired / elapsed / 1e6, seconds: elapsed };
}
