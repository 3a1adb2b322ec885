// A debug session: something the debugger can step, run and look at.
//
// The UI talks only to this interface. Today one implementation exists,
// LinuxSession (a user-mode Linux program on one CPU); a chapter's kernel
// session will implement the same methods and fill the snapshot's kernel
// sections. Every method that runs the machine runs at most a budget of
// instructions and returns, so the UI can run long stretches in slices and
// stay responsive (see `runSliced`).

import type { DebugSnapshot, ViewRequest } from "./snapshot";

/** Why a slice of running stopped. */
export type SliceResult =
  /** The budget ran out; call again to go on. */
  | { done: false }
  /** A breakpoint, an event, or the end of the program: the run is over. */
  | { done: true; why: string };

/**
 * What a continue-style run stops at: a breakpoint, the next event, or (after
 * `beginStepBack`) the instruction a reverse step is replaying to.
 */
export type RunMode = "breakpoint" | "event" | "rewind";

export interface DebugSession {
  /** Execute `n` instructions (fewer if the program ends). */
  step(n?: number): void;
  /** Run until a breakpoint (mode "breakpoint") or the next event (syscall, fault, exit), at most `budget` instructions. */
  runSlice(mode: RunMode, budget: number): SliceResult;
  /** Go back one instruction: the state is exactly as it was before the last instruction retired. */
  stepBack(): void;
  /**
   * The same in slices: returns false if already at the start; otherwise
   * run mode "rewind" until done. (Replay can take a while for a long run.)
   */
  beginStepBack(): boolean;
  /** Add a breakpoint at a symbol or address ("main", "0x401000"); returns its address. Throws BreakpointError. */
  addBreakpoint(spec: string): bigint;
  /** Remove the breakpoint at an address; false if there was none. */
  removeBreakpoint(address: bigint): boolean;
  /** The state now, with `view` deciding how many disassembly lines to include. */
  snapshot(view?: ViewRequest): DebugSnapshot;
  /** Mark the register values now as the baseline that "changed" highlights compare with. */
  markBaseline(): void;
  /** Say the run state the status line shows. */
  setRunning(running: boolean): void;
  /** True once the program has ended. */
  readonly exited: boolean;
  /** Kernel sessions: like beginStepBack, but back to where the previous kernel event left the machine. */
  beginStepBackEvent?(): boolean;
  /** Kernel sessions: the address the address-space pane walks (0x... or a symbol; "" follows the PC). Throws BreakpointError. */
  setWalk?(spec: string): void;
  /** Kernel sessions: type into the kernel's console (kept in the timeline: replays type it again). */
  typeInput?(text: string): void;
}

/** A breakpoint the user asked for that cannot be set (unknown symbol, bad address). */
export class BreakpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BreakpointError";
  }
}

/**
 * Run `session` until `mode` stops it, in slices of `budget` instructions,
 * yielding to the event loop every `sliceMs` milliseconds of work so keys
 * (pause, quit) and redraws still happen. Where a run stops is decided only
 * by instructions (breakpoints, events), so it stays deterministic; the clock
 * only paces the yields. `shouldStop` is polled between slices.
 */
export async function runSliced(
  session: DebugSession, mode: RunMode, shouldStop: () => boolean, budget = 20_000, sliceMs = 20,
): Promise<string> {
  for (;;) {
    const start = performance.now();
    do {
      const r = session.runSlice(mode, budget);
      if (r.done) return r.why;
    } while (performance.now() - start < sliceMs);
    if (shouldStop()) return "paused";
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (shouldStop()) return "paused";
  }
}
