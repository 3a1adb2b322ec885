// The registers pane: a grid of "name value" cells, as many columns as fit,
// registers the last step changed in bold yellow; then the registers with
// long names (rflags, fs_base, tpidr_el0) and the decoded flags.

import type { DebugSnapshot, RegisterView } from "../snapshot";
import type { Line, Segment } from "./line";

/** Names up to this long go in the grid; longer ones on the lines after it. */
const GRID_NAME = 4;
const CELL = GRID_NAME + 1 + 16 + 2;

type Regs = Pick<DebugSnapshot, "registers" | "flags">;

export function registerColumns(width: number): number {
  return Math.max(1, Math.floor((width + 2) / CELL));
}

function cell(r: RegisterView, nameWidth: number): Segment[] {
  return [
    { text: r.name.padEnd(nameWidth) + " ", dim: !r.changed },
    r.changed ? { text: r.value, color: "yellow", bold: true } : { text: r.value },
    { text: "  " },
  ];
}

const width = (segs: Segment[]) => segs.reduce((n, s) => n + s.text.length, 0);

export function registerLines(snap: Regs, paneWidth: number): Line[] {
  const cols = registerColumns(paneWidth);
  const grid = snap.registers.filter((r) => r.name.length <= GRID_NAME);
  const rest = snap.registers.filter((r) => r.name.length > GRID_NAME);
  const lines: Line[] = [];
  for (let i = 0; i < grid.length; i += cols) lines.push(grid.slice(i, i + cols).flatMap((r) => cell(r, GRID_NAME)));
  // Long names and the flags share lines, as many per line as fit.
  const pieces: Segment[][] = rest.map((r) => cell(r, r.name.length));
  const flags: Segment[] = [{ text: "flags ", dim: true }];
  for (const f of snap.flags) flags.push(f.set ? { text: f.name + " ", color: "green", bold: true } : { text: f.name.toLowerCase() + " ", dim: true });
  pieces.push(flags);
  let line: Line = [];
  for (const p of pieces) {
    if (line.length && width(line) + width(p) > paneWidth) { lines.push(line); line = []; }
    line.push(...p);
  }
  if (line.length) lines.push(line);
  return lines;
}
