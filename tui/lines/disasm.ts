// The disassembly pane: one line per instruction, the PC's line marked with
// "=>" and shown inverse, breakpoints with a red "●", and a "<symbol>:"
// header where a function starts, as objdump prints it.

import type { DisasmLine } from "../snapshot";
import type { Line } from "./line";

export interface DisasmRender { lines: Line[]; pcIndex: number }

export function disasmLines(rows: DisasmLine[], width: number): DisasmRender {
  const lines: Line[] = [];
  let pcIndex = 0;
  const addrWidth = Math.max(6, ...rows.map((r) => r.address.length));
  // Raw bytes only when the pane is wide enough to keep the text readable.
  const bytesWidth = width >= 72 ? Math.min(30, Math.max(0, ...rows.map((r) => r.bytes.length))) : 0;
  for (const r of rows) {
    if (r.symbol) lines.push([{ text: `<${r.symbol}>:`, color: "cyan", bold: true }]);
    if (r.isPc) pcIndex = lines.length;
    const mark = r.isPc ? "=>" : "  ";
    const bp = r.breakpoint ? "●" : " ";
    const bytes = bytesWidth ? r.bytes.slice(0, bytesWidth).padEnd(bytesWidth) + "  " : "";
    const body = `${r.address.padStart(addrWidth)}:  ${bytes}${r.text}`;
    lines.push([
      { text: bp, color: "red", bold: true },
      { text: mark, color: "green", bold: true },
      r.isPc ? { text: " " + body, inverse: true } : { text: " " + body },
    ]);
  }
  return { lines, pcIndex };
}
