// Where the panes go when the debugger runs a chapter's kernel: the same
// registers across the top and status line at the bottom as for a Linux
// program (tui/layout.ts), with the kernel's panes beside the code:
//
//   100 columns and up: two columns. Left: disassembly over console. Right:
//   memory (address-space ranges and the frame map), the address-space walk
//   and TLB, kernel events (with run queues and IPC), the lesson.
//   150 columns and up: three columns, so each kernel pane gets more rows.
//
// Every pane keeps at least 3 rows (one line inside its border); a pane
// too small to read can still be focused (Tab) and zoomed (z).

import { MIN_COLUMNS, MIN_ROWS, type Layout, type PaneId, type Size } from "../layout";

/** Split `total` rows by `weights`, at least `min` each, summing exactly to `total`. */
function split(total: number, weights: number[], min = 3): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.max(min, Math.floor((total * w) / sum)));
  let diff = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0 && i < 1000; i++) {
    const j = i % out.length;
    if (diff > 0) { out[j]++; diff--; } else if (out[j] > min) { out[j]--; diff++; }
  }
  return out;
}

export function kernelLayout(columns: number, rows: number, registerRows: (innerWidth: number) => number, zoom?: PaneId): Layout {
  const usable = rows - 1, statusHeight = 1;
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return { tooSmall: true, panes: {}, leftWidth: 0, bodyHeight: 0 };
  if (zoom) return { tooSmall: false, panes: { [zoom]: { width: columns, height: usable - statusHeight } }, leftWidth: columns, bodyHeight: usable - statusHeight };
  const regsHeight = Math.min(registerRows(columns - 2) + 2, Math.floor(usable / 3));
  const body = usable - statusHeight - regsHeight;
  const panes: Partial<Record<PaneId, Size>> = { registers: { width: columns, height: regsHeight } };
  const cols: { width: number; panes: PaneId[] }[] = [];
  const column = (width: number, ids: PaneId[], weights: number[]) => {
    const hs = split(body, weights);
    ids.forEach((id, i) => { panes[id] = { width, height: hs[i] }; });
    cols.push({ width, panes: ids });
  };
  if (columns >= 150) {
    const left = Math.floor(columns * 0.4), mid = Math.floor(columns * 0.3);
    column(left, ["disasm", "console"], [65, 35]);
    column(mid, ["memory", "aspace"], [50, 50]);
    column(columns - left - mid, ["events", "lesson"], [50, 50]);
  } else {
    const left = Math.floor(columns * 0.52);
    column(left, ["disasm", "console"], [65, 35]);
    column(columns - left, ["memory", "aspace", "events", "lesson"], [30, 25, 25, 20]);
  }
  return { tooSmall: false, panes, leftWidth: cols[0].width, bodyHeight: body, columns: cols };
}
