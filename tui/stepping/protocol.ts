// Kernel stepping, part 3: how the debugger (main thread) and the machine
// (a worker thread) talk while the kernel is paused mid-handler.
//
//   worker                                   main thread
//   ------                                   -----------
//   kernel reaches a pause  ──"pause"──▶      shows the source line, stack, locals
//   Atomics.wait(ctrl[0] == 0)                student presses a key
//                           ◀─command──       port.postMessage({ cmd, breakpoints }),
//                                             ctrl[0] = 1, Atomics.notify
//   receiveMessageOnPort -> command, ctrl[0] = 0
//   kernel runs on ...      ──"console"─▶     (UART output, a line at a time)
//                           ◀─ctrl[1] = 1──   "pause": stop at the next kernel statement
//   kernel runs on ...      ──"done"──▶       (power-off: the run's result)
//
// The worker blocks in Atomics.wait, so the machine cannot advance while the
// student looks; receiveMessageOnPort reads the command synchronously, without
// returning to the event loop (the kernel is in the middle of a function).

import type { MessagePort } from "node:worker_threads";
import type { Site } from "./instrument";
import type { Pause, StepCommand } from "./stepper";

export interface StepJob {
  arch: "x86_64" | "arm64";
  chapter: number;
  /** The instrumented kernel bundle (CommonJS body: evaluated with module, exports and the step functions). */
  bundle: string;
  sites: Site[];
  modules: { name: string; bytes: Uint8Array }[];
  cmdline: string;
  ramSize: number;
  maxInstructions: number;
  /** Site ids to break at from the start. */
  breakpoints: number[];
  /** Pause at the kernel's first statement (its boot entry), as if the student had pressed "step into". */
  startPaused?: boolean;
  /** The signed image the firmware verifies (default: runKernel's development placeholder). The kernel run is `bundle`. */
  image?: Uint8Array;
  /** The shared control words (Int32Array over a SharedArrayBuffer of 8 bytes): [0] a command was posted, [1] pause at the next statement. */
  ctrl: SharedArrayBuffer;
  /** Where commands arrive. */
  port: MessagePort;
}

export interface CommandMessage {
  cmd: StepCommand;
  /** Breakpoints to set and clear before running on. */
  set?: number[];
  clear?: number[];
}

export interface MachineAtPause {
  retired: number;
  ticks: number;
  /** The CPU's registers as the machine holds them now (the kernel's writes included). */
  regs: [string, string][];
  /** The kernel's last events (kernel.state.events), newest last. */
  events: { time: number; kind: string; text: string }[];
  /** The current user pages and the frames by owner, read from RAM at this pause (machine-view.ts). */
  memory?: MemoryAtPause;
}

export interface MemoryAtPause {
  /** Every user page of the current address space (up to 256): virtual -> physical, rights. */
  user: { va: string; pa: string; rights: string }[];
  /** Frames by owner (the kernel's frames inspector or state), and how many frames are in use of all. */
  frames: { owner: string; count: number }[];
  framesUsed: number;
  framesTotal: number;
  /** Why there are no mappings (paging off), if so. */
  note?: string;
}

export type WorkerMessage =
  | { type: "pause"; pause: Pause; machine: MachineAtPause }
  | { type: "done"; reason: string; status: number; console: string; error?: string; retired: number; ticks: number }
  /** UART output since the last message (firmware lines first); sent before every pause and at the end. */
  | { type: "console"; text: string };
