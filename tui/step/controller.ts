// Kernel stepping in the debugger: the state the screen shows, kept apart
// from Ink so it is tested without a terminal. It drives a
// KernelStepSession (tui/stepping/session.ts): the machine and the
// instrumented kernel run in a worker thread, which posts a pause each time
// the kernel stops at a statement and then blocks until a command comes.
//
//   the student presses s/n/o/c  ->  command()  ->  worker runs on
//   the worker pauses or ends    ->  the session's next()  ->  `view` changes, onChange()
//
// Breakpoints are site ids (a statement, or a function's entry); the worker
// only reads them with a command, so a breakpoint set here goes out with the
// next step or continue.

import { readFileSync } from "node:fs";
import path from "node:path";
import type { Site } from "../stepping/instrument";
import type { MachineAtPause } from "../stepping/protocol";
import type { StepEvent } from "../stepping/session";
import { findSites, type Pause, type StepCommand } from "../stepping/stepper";

/** What a controller needs of a session (KernelStepSession, or a script in tests). */
export interface StepSessionLike {
  next(): Promise<StepEvent>;
  command(cmd: StepCommand, set?: number[], clear?: number[]): void;
  close(): Promise<void>;
  /** Ask a running kernel to stop at its next statement. */
  requestPause?(): void;
  console: string;
  onConsole: ((text: string) => void) | null;
}

export interface StepView {
  arch: "x86_64" | "arm64";
  chapter: number;
  /** paused: at `pause`; running: the worker is running the machine; exited: `done` says how it ended. */
  state: "paused" | "running" | "exited";
  pause: Pause | null;
  machine: MachineAtPause | null;
  /** The machine as it was at the pause before (to mark what changed). */
  previous: MachineAtPause | null;
  done: Extract<StepEvent, { type: "done" }> | null;
  console: string;
  /** Breakpoint site ids. */
  breakpoints: Set<number>;
  /** The frame the source and locals panes show (0 = innermost). */
  frame: number;
  /** Pauses so far (the status line numbers them, so two stops on one line look different). */
  pauses: number;
  /** A message for the status line (a bad breakpoint, ...). */
  message?: string;
}

export class StepController {
  readonly view: StepView;
  private readonly pendingSet = new Set<number>();
  private readonly pendingClear = new Set<number>();
  private readonly sources = new Map<string, string[]>();
  private closed = false;
  /** Called whenever the view changes (the Ink app re-renders). */
  onChange: () => void = () => {};
  private readonly root: string;

  constructor(private readonly session: StepSessionLike, readonly sites: Site[], opts: { arch: "x86_64" | "arm64"; chapter: number;
    breakpoints?: number[]; root: string }) {
    this.root = opts.root;
    this.view = { arch: opts.arch, chapter: opts.chapter, state: "running", pause: null, machine: null, previous: null, done: null,
      console: session.console, breakpoints: new Set(opts.breakpoints ?? []), frame: 0, pauses: 0 };
    session.onConsole = () => { this.view.console = session.console; this.onChange(); };
  }

  /** Wait for the worker's next pause or its end, and show it. */
  async wait(): Promise<void> {
    const m = await this.session.next();
    if (this.closed) return;
    this.view.console = this.session.console;
    this.view.message = undefined;
    if (m.type === "pause") {
      this.view.previous = this.view.machine;
      this.view.pause = m.pause;
      this.view.machine = m.machine;
      this.view.state = "paused";
      this.view.frame = 0;
      this.view.pauses++;
    } else {
      this.view.done = m;
      this.view.state = "exited";
    }
    this.onChange();
  }

  /** Step into / over / out, or continue; resolves when the kernel pauses again or the run ends. */
  async command(cmd: StepCommand): Promise<void> {
    if (this.view.state !== "paused") {
      this.say(this.view.state === "exited" ? "the run has ended: q quits" : "the kernel is running");
      return;
    }
    this.view.state = "running";
    this.view.message = undefined;
    this.session.command(cmd, [...this.pendingSet], [...this.pendingClear]);
    this.pendingSet.clear();
    this.pendingClear.clear();
    this.onChange();
    await this.wait();
  }

  /** While the machine runs (after continue): pause at the next kernel statement it runs. */
  pauseRunning(): void {
    if (this.view.state !== "running" || !this.session.requestPause) return;
    this.session.requestPause();
    this.say("pausing at the next kernel statement (a program that never enters the kernel runs on)", false);
  }

  /** Set a breakpoint on SPEC (`file:line` or a function name), or clear it if it is set. Returns what happened. */
  toggleBreakpoint(spec: string): string {
    const found = findSites(this.sites, spec);
    if (spec.trim() === "") return this.say("a breakpoint needs a kernel source line (memfault.ts:19) or a function name (pageFault)");
    if (found.length === 0) {
      return this.say(/:\d+$/.test(spec) ? `no kernel statement starts on ${spec}` : `no kernel function named ${spec}`);
    }
    const on = !found.every((s) => this.view.breakpoints.has(s.id));
    for (const s of found) {
      if (on) { this.view.breakpoints.add(s.id); this.pendingSet.add(s.id); this.pendingClear.delete(s.id); }
      else { this.view.breakpoints.delete(s.id); this.pendingClear.add(s.id); this.pendingSet.delete(s.id); }
    }
    const where = found[0].kind === "enter" ? `${found[0].fn} (${found[0].file}:${found[0].line})` : `${found[0].file}:${found[0].line}`;
    return this.say(`breakpoint ${on ? "set" : "cleared"}: ${where}`, false);
  }

  /** Select the frame `delta` outward (+1) or inward (-1). */
  selectFrame(delta: number): void {
    const n = this.view.pause?.stack.length ?? 0;
    this.view.frame = Math.max(0, Math.min(n - 1, this.view.frame + delta));
    this.onChange();
  }

  /** The site the selected frame is at (its current statement, or its entry). */
  get site(): Site | null {
    const f = this.view.pause?.stack[this.view.frame];
    return f ? f.at ?? f.enter : this.view.pause?.site ?? null;
  }

  /** A source file's lines (read from disk: the chapter's own file, which the instrumenter kept line for line). */
  source(file: string): string[] {
    let lines = this.sources.get(file);
    if (lines === undefined) {
      try { lines = readFileSync(path.join(this.root, file), "utf8").split("\n"); } catch { lines = [`(cannot read ${file})`]; }
      this.sources.set(file, lines);
    }
    return lines;
  }

  /** The lines of `file` with a breakpoint (statement sites on the line, or a function entry there). */
  breakpointLines(file: string): Set<number> {
    const out = new Set<number>();
    for (const id of this.view.breakpoints) { const s = this.sites[id]; if (s && s.file === file) out.add(s.line); }
    return out;
  }

  /** Stop the worker (it may be blocked mid-handler: terminating it is the only way out) and forget the session. */
  async quit(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.session.onConsole = null;
    try { await this.session.close(); } catch { /* the worker's own error was already shown */ }
  }

  private say(m: string, error = true): string {
    this.view.message = error ? m : `✓ ${m}`;
    this.onChange();
    return m;
  }
}
