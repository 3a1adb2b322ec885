// Markers in chapter sources: the one place where lesson prose and exercise
// tooling meet the code. Two kinds, both plain line comments so the code
// stays ordinary TypeScript (or C, or assembly with `//` or `#` comments):
//
//   // @snippet frame-alloc            a region the lesson can include by name
//   ...code...
//   // @end frame-alloc
//
//   // @exercise free-frame 3 "Return the frame to the free list, poisoned."
//   ...the reference solution...
//   // @end free-frame
//
// Regions may nest (an exercise inside a snippet) but must not overlap, and
// every `@end` names the region it closes, so a misplaced one is an error
// with a line number rather than a silently wrong lesson.

export interface Region {
  kind: "snippet" | "exercise";
  name: string;
  file: string;
  /** 1-based line of the opening marker and of the `@end` marker. */
  startLine: number;
  endLine: number;
  /** The lines strictly between the markers, with markers of nested regions removed. */
  body: string[];
  /** Exercises: points and hint. */
  points?: number;
  hint?: string;
  /** Indentation of the opening marker (stubs are indented the same). */
  indent: string;
}

export class MarkerError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = "MarkerError";
  }
}

const OPEN = /^(\s*)(?:\/\/|#)\s*@(snippet|exercise)\s+([a-z0-9][a-z0-9-]*)(?:\s+(\d+))?(?:\s+"((?:[^"\\]|\\.)*)")?\s*$/;
const END = /^\s*(?:\/\/|#)\s*@end\s+([a-z0-9][a-z0-9-]*)\s*$/;
const ANY = /^\s*(?:\/\/|#)\s*@(snippet|exercise|end)\b/;

/** Every marked region of one source file. */
export function findRegions(file: string, text: string): Region[] {
  const lines = text.split("\n");
  const open: Region[] = [];
  const done: Region[] = [];
  lines.forEach((line, i) => {
    const o = OPEN.exec(line);
    if (o) {
      const [, indent, kind, name, points, hint] = o;
      if (kind === "exercise" && points === undefined) throw new MarkerError(file, i + 1, `exercise '${name}' needs its points: // @exercise ${name} 3 "hint"`);
      open.push({ kind: kind as Region["kind"], name, file, startLine: i + 1, endLine: 0, body: [], indent,
        points: points === undefined ? undefined : Number(points), hint: hint?.replace(/\\(.)/g, "$1") });
      return;
    }
    const e = END.exec(line);
    if (e) {
      const top = open.pop();
      if (!top) throw new MarkerError(file, i + 1, `@end ${e[1]} closes nothing`);
      if (top.name !== e[1]) throw new MarkerError(file, i + 1, `@end ${e[1]} but the open region is '${top.name}' (opened at line ${top.startLine})`);
      top.endLine = i + 1;
      done.push(top);
      return;
    }
    if (ANY.test(line)) throw new MarkerError(file, i + 1, `malformed marker: ${line.trim()}`);
    for (const r of open) r.body.push(line);
  });
  if (open.length) {
    const r = open[open.length - 1];
    throw new MarkerError(file, r.startLine, `${r.kind} '${r.name}' is never closed with // @end ${r.name}`);
  }
  for (const ex of done.filter((r) => r.kind === "exercise")) {
    const inner = done.find((r) => r !== ex && r.startLine > ex.startLine && r.endLine < ex.endLine);
    if (inner) throw new MarkerError(file, inner.startLine, `${inner.kind} '${inner.name}' is inside exercise '${ex.name}': the stub would remove it; move it outside`);
  }
  const seen = new Map<string, Region>();
  for (const r of done) {
    const key = `${r.kind}:${r.name}`;
    if (seen.has(key)) throw new MarkerError(file, r.startLine, `${r.kind} '${r.name}' is defined twice (also at line ${seen.get(key)!.startLine})`);
    seen.set(key, r);
  }
  return done.sort((a, b) => a.startLine - b.startLine);
}

/** Remove a region's common indentation, for display in the lesson. */
export function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut));
}
