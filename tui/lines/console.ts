// The console pane: what the program wrote, wrapped to the pane's width.

import type { Line } from "./line";
import { wrap } from "./line";

export function consoleLines(text: string, width: number): Line[] {
  if (text === "") return [[{ text: "(no output yet)", dim: true }]];
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  // Control characters other than newline would move the terminal's cursor: show them escaped.
  const clean = body.replace(/[\x00-\x09\x0b-\x1f\x7f]/g, (c) => (c === "\t" ? "    " : `^${String.fromCharCode(c.charCodeAt(0) ^ 0x40)}`));
  return wrap(clean, width).map((l) => [{ text: l }]);
}
