// `minos chapter N --step-kernel`: open the kernel-stepping screen on an
// instrumented chapter build (tui/stepping/build.ts). The machine and the
// kernel run in a worker thread (tui/stepping/session.ts); this thread
// only draws. The terminal is taken over and given back as tui/main.tsx does.

import React from "react";
import { render } from "ink";
import { fullScreen } from "../fullscreen";
import type { Site } from "../stepping/instrument";
import { KernelStepSession } from "../stepping/session";
import { StepController } from "./controller";
import { StepApp } from "./StepApp";

export interface StepDebuggerOptions {
  arch: "x86_64" | "arm64";
  chapter: number;
  bundle: string;
  sites: Site[];
  /** The signed image of the instrumented build (the firmware verifies it). */
  image?: Uint8Array;
  modules: { name: string; bytes: Uint8Array }[];
  cmdline: string;
  ramSize: number;
  maxInstructions: number;
  /** Site ids to break at; none: pause at the kernel's first statement. */
  breakpoints: number[];
  /** Where the sites' files are (the course tree). */
  root: string;
}


/** Returns the kernel's power-off status, or null if the student quit before it powered off. */
export async function openStepDebugger(o: StepDebuggerOptions): Promise<{ status: number | null }> {
  const session = new KernelStepSession({
    arch: o.arch, chapter: o.chapter, bundle: o.bundle, sites: o.sites, image: o.image, modules: o.modules, cmdline: o.cmdline,
    ramSize: o.ramSize, maxInstructions: o.maxInstructions, breakpoints: o.breakpoints, startPaused: o.breakpoints.length === 0,
  });
  const controller = new StepController(session, o.sites, { arch: o.arch, chapter: o.chapter, breakpoints: o.breakpoints, root: o.root });
  await fullScreen(async () => {
    try {
      const app = render(<StepApp controller={controller} />, { exitOnCtrlC: false, patchConsole: true, maxFps: 30 });
      void controller.wait();
      await app.waitUntilExit();
      app.cleanup();
    } finally {
      await controller.quit();
    }
  });
  const d = controller.view.done;
  return { status: d && d.reason === "power-off" ? d.status : null };
}
