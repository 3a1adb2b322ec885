// Where the kernel-stepping panes go (pure arithmetic, like tui/layout.ts):
//
//   ┌ registers (trapped context, system registers) ─────────────────────┐
//   ├ kernel source ──────────────────────┬ call stack ──────────────────┤
//   │                                     ├ locals ──────────────────────┤
//   │                                     ├ memory (user pages, frames) ─┤
//   ├ console ────────────────────────────┼ kernel events ───────────────┤
//   status line
//
// One row short of the terminal, as tui/layout.ts explains (Ink redraws the
// whole screen when its output fills the terminal).

import { MIN_COLUMNS, MIN_ROWS, type Size } from "../layout";

export type StepPaneId = "registers" | "source" | "console" | "stack" | "locals" | "memory" | "events";

export interface StepLayout { tooSmall: boolean; panes: Partial<Record<StepPaneId, Size>>; leftWidth: number }

export const STEP_FOCUS: StepPaneId[] = ["source", "locals", "memory", "stack", "console", "events", "registers"];

/**
 * `stackRows` and `localsRows`: the lines the call stack and the locals need
 * (their panes grow to show them, up to a third of the body each; the memory
 * pane takes what is left).
 */
export function stepLayout(columns: number, rows: number, registerRows: (innerWidth: number) => number, zoom?: StepPaneId,
  stackRows = 4, localsRows = 6): StepLayout {
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return { tooSmall: true, panes: {}, leftWidth: 0 };
  const usable = rows - 1, status = 1;
  if (zoom) return { tooSmall: false, panes: { [zoom]: { width: columns, height: usable - status } }, leftWidth: columns };
  const regs = Math.min(registerRows(columns - 2) + 2, Math.floor(usable / 3));
  const body = usable - status - regs;
  const left = Math.floor(columns * 0.55), right = columns - left;
  const consoleH = Math.max(4, Math.floor(body * 0.25));
  const stack = Math.max(4, Math.min(stackRows + 2, Math.floor(body / 3)));
  const locals = Math.max(4, Math.min(localsRows + 2, Math.floor(body / 3)));
  const events = consoleH;
  const memory = Math.max(3, body - stack - locals - events);
  return {
    tooSmall: false, leftWidth: left,
    panes: {
      registers: { width: columns, height: regs },
      source: { width: left, height: body - consoleH }, console: { width: left, height: consoleH },
      stack: { width: right, height: stack }, locals: { width: right, height: locals },
      memory: { width: right, height: memory }, events: { width: right, height: body - stack - locals - memory },
    },
  };
}
