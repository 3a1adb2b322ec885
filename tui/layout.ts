// Where each pane goes for a terminal of a given size. Pure arithmetic, so
// it is tested without a terminal. The registers run across the top (as many
// columns as fit), disassembly and console on the left, memory, lesson (and,
// once a kernel runs, the kernel pane) on the right, the status line last.
//
// The whole screen is one row shorter than the terminal: Ink clears and
// redraws everything when its output fills the terminal, which flickers.

export type PaneId = "disasm" | "registers" | "memory" | "console" | "lesson" | "kernel" | "aspace" | "events";

export interface Size { width: number; height: number }

export interface Layout {
  /** Too small to be useful: say so instead of drawing panes. */
  tooSmall: boolean;
  panes: Partial<Record<PaneId, Size>>;
  /** Width of the left column (disasm, console) and height of the body under the registers. */
  leftWidth: number;
  bodyHeight: number;
  /** Under the registers, columns of panes top to bottom (kernel sessions; tui/kernel/layout.ts). Absent: the two-column layout above. */
  columns?: { width: number; panes: PaneId[] }[];
}

export const MIN_COLUMNS = 60, MIN_ROWS = 16;

/**
 * `registerRows(innerWidth)` says how many lines the registers pane needs
 * at a width; `zoom` gives one pane the whole screen.
 */
export function layout(columns: number, rows: number, registerRows: (innerWidth: number) => number,
  showKernel: boolean, zoom?: PaneId): Layout {
  const usable = rows - 1, statusHeight = 1;
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return { tooSmall: true, panes: {}, leftWidth: 0, bodyHeight: 0 };
  if (zoom) return { tooSmall: false, panes: { [zoom]: { width: columns, height: usable - statusHeight } }, leftWidth: columns, bodyHeight: usable - statusHeight };
  const regsHeight = Math.min(registerRows(columns - 2) + 2, Math.floor(usable / 2));
  const body = usable - statusHeight - regsHeight;
  const leftWidth = Math.floor(columns * 0.55);
  const rightWidth = columns - leftWidth;
  const consoleHeight = Math.max(4, Math.floor(body * 0.3));
  const memoryHeight = showKernel ? Math.floor(body * 0.4) : Math.ceil(body * 0.55);
  const kernelHeight = showKernel ? Math.floor(body * 0.3) : 0;
  const panes: Partial<Record<PaneId, Size>> = {
    registers: { width: columns, height: regsHeight },
    disasm: { width: leftWidth, height: body - consoleHeight },
    console: { width: leftWidth, height: consoleHeight },
    memory: { width: rightWidth, height: memoryHeight },
    lesson: { width: rightWidth, height: body - memoryHeight - kernelHeight },
  };
  if (showKernel) panes.kernel = { width: rightWidth, height: kernelHeight };
  return { tooSmall: false, panes, leftWidth, bodyHeight: body };
}

/** The focus order for Tab. */
export const FOCUS_ORDER: PaneId[] = ["disasm", "registers", "memory", "console", "lesson", "kernel", "aspace", "events"];
