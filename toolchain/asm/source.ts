// Reading assembler source into statements.
//
// A line may hold several statements (`;` on x86), each optionally preceded
// by labels (`name:` or the numeric `1:`), and a comment. What remains is a
// directive (`.byte 1, 2`) or an instruction (`mov eax, 1`). This file knows
// nothing about what statements mean; it only splits text, and remembers the
// line and column of every piece for error messages.

import { expandMacros, Line } from "./macros";

export interface Stmt {
  line: number;
  /** Labels defined before the statement, with their columns. */
  labels: { name: string; col: number }[];
  /** Lower-cased directive (".byte") or mnemonic ("mov"); "" for a bare label line. */
  op: string;
  /** The op as written (symbol names in `name = expr` keep their case). */
  rawOp: string;
  opCol: number;
  /** Everything after the op, trimmed; and the column where it starts. */
  args: string;
  argsCol: number;
}

export interface SourceSyntax {
  lineComment: string[];
  separator?: string;
}

/** Remove comments, keeping columns: comment text becomes spaces (newlines
 *  stay). C comments may span lines. Copies whole runs of ordinary text at
 *  once: assemblers read big files (compiler output). */
function stripComments(src: string, syn: SourceSyntax): string {
  const out: string[] = [];
  let start = 0;                          // first character not yet copied
  const blank = (from: number, to: number) => {
    out.push(src.slice(start, from), src.slice(from, to).replace(/[^\n]/g, " "));
    start = to;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '"') {                      // skip a string literal (escapes included)
      for (i++; i < src.length && src[i] !== '"' && src[i] !== "\n"; i++) if (src[i] === "\\") i++;
      continue;
    }
    if (c === "'" && i + 1 < src.length && src[i + 1] !== "\n") {
      // character constant 'x' or '\n': skip it whole so '#' or ';' inside it survive
      const m = src.slice(i, i + 4).match(/^'(\\.|[^\\\n])'?/);
      if (m) { i += m[0].length - 1; continue; }
    }
    if (c === "/" && src[i + 1] === "*") {
      const e = src.indexOf("*/", i + 2);
      const to = e < 0 ? src.length : e + 2;
      blank(i, to);
      i = to - 1;
      continue;
    }
    // A '#' first on its line is a comment on every target (gas; gcc's `#APP`,
    // cpp's `# 1 "file"` line markers), even where '#' otherwise means an immediate.
    if (syn.lineComment.some((lc) => src.startsWith(lc, i)) || (c === "#" && firstOnLine(src, i))) {
      let e = src.indexOf("\n", i);
      if (e < 0) e = src.length;
      blank(i, e);
      i = e - 1;
    }
  }
  out.push(src.slice(start));
  return out.join("");
}

function firstOnLine(src: string, i: number): boolean {
  for (let j = i - 1; j >= 0 && src[j] !== "\n"; j--) if (src[j] !== " " && src[j] !== "\t") return false;
  return true;
}

/** Split `text` at `sep` outside strings and character constants. Returns [piece, startIndex]. */
function splitStatements(text: string, sep: string | undefined): [string, number][] {
  if (!sep) return [[text, 0]];
  const out: [string, number][] = [];
  let start = 0, inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr) { if (c === "\\") i++; else if (c === '"') inStr = false; continue; }
    if (c === '"') inStr = true;
    else if (c === "'") { // character constant: 'c or 'c' or '\c'
      let j = i + 1 + (text[i + 1] === "\\" ? 2 : 1);
      if (text[j] === "'") j++;
      i = j - 1;
    }
    else if (c === sep) { out.push([text.slice(start, i), start]); start = i + 1; }
  }
  out.push([text.slice(start), start]);
  return out;
}

const LABEL = /^\s*([A-Za-z_.$][A-Za-z0-9_.$@]*|\d+)\s*:(?!:)/;

/** Turn source text into statements, expanding macros first (macros.ts). */
export function readStatements(src: string, syn: SourceSyntax): { stmts: Stmt[]; errors: { line: number; message: string }[] } {
  const text = stripComments(src.replace(/\r\n?/g, "\n"), syn);
  let lines: Line[] = text.split("\n").map((t, i) => ({ text: t, line: i + 1 }));
  let errors: { line: number; message: string }[] = [];
  if (/^\s*(?:[\w.$]+:\s*)*\.(macro|rept|irpc?|if\w*)\b/im.test(text)) ({ lines, errors } = expandMacros(lines));
  const out: Stmt[] = [];
  for (const { text: lineText, line } of lines) {
    for (const [piece, base] of splitStatements(lineText, syn.separator)) {
      let rest = piece, off = base;
      const labels: { name: string; col: number }[] = [];
      let m: RegExpMatchArray | null;
      while ((m = rest.match(LABEL))) {
        const lead = m[0].length - m[0].trimStart().length;
        labels.push({ name: m[1], col: off + lead + 1 });
        rest = rest.slice(m[0].length); off += m[0].length;
      }
      const lead = rest.length - rest.trimStart().length;
      const body = rest.trim();
      if (!body && labels.length === 0) continue;
      const om = body.match(/^\S+/);
      const op = om ? om[0] : "";
      const afterOp = body.slice(op.length);
      const argLead = afterOp.length - afterOp.trimStart().length;
      out.push({
        line, labels, op: op.toLowerCase(), rawOp: op, opCol: off + lead + 1,
        args: afterOp.trim(), argsCol: off + lead + op.length + argLead + 1,
      });
    }
  }
  return { stmts: out, errors };
}
