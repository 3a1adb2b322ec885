// Between the keys and the session: runs commands, and while the machine
// runs, asks the UI to redraw at most FPS times a second (never per
// instruction). The UI takes a fresh snapshot on each redraw.

import { runSliced, type DebugSession, type RunMode } from "./session";

export const FPS = 30;

export class Controller {
  private running = false;
  private stopRequested = false;
  private quitting = false;

  /**
   * `changed` asks the UI to redraw; `report` shows a message in the status
   * line (an emulator error must not kill the debugger and leave the
   * student's terminal in a mess).
   */
  constructor(readonly session: DebugSession, private changed: () => void,
    private report: (message: string) => void = () => {}) {}

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.report(`internal error: ${e instanceof Error ? e.message : String(e)} (please report it)`);
    }
  }

  get isRunning(): boolean { return this.running; }

  step(): void { this.command(() => this.session.step(1)); }

  /** Step back (one step, or with `event` to the previous kernel event) by replaying in slices, so a long replay never freezes the screen. */
  async stepBack(event = false): Promise<void> {
    if (this.running) return;
    this.session.markBaseline();
    let started = false;
    this.guard(() => { started = event && this.session.beginStepBackEvent ? this.session.beginStepBackEvent() : this.session.beginStepBack(); });
    if (!started) { this.changed(); return; }
    // Pausing half-way would leave the run somewhere arbitrary: only quitting stops a replay.
    await this.sliced("rewind", () => this.quitting);
  }

  private command(fn: () => void): void {
    if (this.running) return;
    this.session.markBaseline();
    this.guard(fn);
    this.changed();
  }

  /** Continue (to a breakpoint) or run to the next event; pressing it again while running pauses. */
  async run(mode: RunMode): Promise<void> {
    if (this.running) { this.stopRequested = true; return; }
    if (this.session.exited) { this.command(() => this.session.step()); return; }
    this.session.markBaseline();
    this.stopRequested = false;
    await this.sliced(mode, () => this.stopRequested);
  }

  /** Run slices of `mode`, redrawing at most FPS times a second, until done or `stop()`. */
  private async sliced(mode: RunMode, stop: () => boolean): Promise<void> {
    this.running = true;
    this.session.setRunning(true);
    this.changed();
    const timer = setInterval(this.changed, 1000 / FPS);
    try {
      await runSliced(this.session, mode, stop, mode === "rewind" ? 200_000 : 20_000);
    } catch (e) {
      this.report(`internal error: ${e instanceof Error ? e.message : String(e)} (please report it)`);
    } finally {
      clearInterval(timer);
      this.running = false;
      this.session.setRunning(false);
      this.changed();
    }
  }

  pause(): void { this.stopRequested = true; }

  /** Stop whatever runs, for good: the app is closing. */
  quit(): void { this.quitting = this.stopRequested = true; }
}
