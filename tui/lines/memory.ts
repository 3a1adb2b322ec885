// The memory pane: the address space as regions (start-end, permissions,
// pages, what it is), then physical memory one cell per frame, coloured by
// owner, WeensyOS-style.

import type { DebugSnapshot } from "../snapshot";
import type { Line } from "./line";

export function memoryLines(snap: DebugSnapshot, width: number): Line[] {
  const lines: Line[] = [[{ text: "virtual address space", bold: true }]];
  for (const r of snap.regions) {
    lines.push([
      { text: `${r.start.padStart(12)}-${r.end.padStart(12)} ` },
      { text: r.flags, color: r.flags.includes("x") ? "green" : r.flags.includes("w") ? "blue" : "cyan" },
      { text: ` ${String(r.pages).padStart(5)}p ${r.label}`, dim: true },
    ]);
  }
  const f = snap.frames;
  const used = f.cells.filter((c) => c >= 0).length;
  lines.push([]);
  lines.push([{ text: `physical frames (${used} of ${f.total} in use, 1 cell = ${f.frameSize / 1024} KiB)`, bold: true }]);
  if (f.violations !== undefined) {
    if (f.violations.length === 0) lines.push([{ text: "page-table invariants hold", color: "green" }]);
    for (const v of f.violations) lines.push([{ text: "✗ ", color: "red", bold: true }, { text: v, color: "red" }]);
  }
  const legend: Line = [];
  f.owners.forEach((o) => legend.push({ text: "█", color: o.color }, { text: `${o.label} ` }));
  legend.push({ text: "·", dim: true }, { text: "free" });
  lines.push(legend);
  const perRow = Math.max(8, width);
  for (let i = 0; i < f.cells.length; i += perRow) {
    const line: Line = [];
    // Runs of cells with one owner become one segment, so a row is a few segments, not hundreds.
    let j = i;
    const end = Math.min(f.cells.length, i + perRow);
    while (j < end) {
      const owner = f.cells[j];
      let k = j;
      while (k < end && f.cells[k] === owner) k++;
      line.push(owner < 0 ? { text: "·".repeat(k - j), dim: true } : { text: "█".repeat(k - j), color: f.owners[owner].color });
      j = k;
    }
    lines.push(line);
  }
  return lines;
}
