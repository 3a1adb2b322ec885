// A pane's content is a list of lines, each a list of styled segments. The
// functions in tui/lines/ turn a snapshot into lines (pure, testable without
// a terminal); tui/panes/Pane.tsx shows the visible slice of them.

export interface Segment {
  text: string;
  color?: string;
  backgroundColor?: string;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}

export type Line = Segment[];

export const plain = (text: string, style: Omit<Segment, "text"> = {}): Line => [{ text, ...style }];

/** The line's text without styles (for tests and width checks). */
export function lineText(line: Line): string {
  return line.map((s) => s.text).join("");
}

/** Break `text` into lines of at most `width` characters, at spaces where possible. */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/ +/)) {
      if (line === "") line = word;
      else if (line.length + 1 + word.length <= w) line += " " + word;
      else { out.push(line); line = word; }
      while (line.length > w) { out.push(line.slice(0, w)); line = line.slice(w); }
    }
    out.push(line);
  }
  return out;
}
