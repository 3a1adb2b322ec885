// The lexer: C source text to preprocessing tokens (C99 6.4).
//
// The preprocessor works on these tokens, not on characters: identifiers,
// pp-numbers (anything that starts like a number: 0x1fULL, 1e5, 08 — their
// meaning is decided after preprocessing), character constants, string
// literals and punctuators. Each token remembers where it came from and
// whether white space or a line start preceded it, which # stringizing and
// directive parsing need.

import { fatal, sourceFile, type Loc, type SourceFile } from "./diag";

export type TokKind = "ident" | "number" | "char" | "string" | "punct" | "eof";

export interface Token {
  kind: TokKind;
  text: string;
  loc: Loc;
  /** White space (or a comment) came before this token. */
  space: boolean;
  /** First token on its line: a `#` here starts a directive. */
  bol: boolean;
  /** Names of macros whose expansion produced this token (the "hide set"). */
  hideset?: Set<string>;
  /**
   * Set on a token that is only an error if it survives preprocessing (a
   * stray character, an unterminated quote): a skipped #if block may hold
   * any text, like an apostrophe in a commented-out sentence.
   */
  invalid?: string;
}

// Longest first, so that ">>=" wins over ">>" and ">".
const PUNCTUATORS = [
  "%:%:", "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "*=", "/=", "%=",
  "+=", "-=", "&=", "^=", "|=", "##", "<:", ":>", "<%", "%>", "%:", "[", "]", "(", ")", "{", "}", ".", "&", "*", "+", "-", "~", "!", "/",
  "%", "<", ">", "^", "|", "?", ":", ";", "=", ",", "#",
];

/**
 * Backslash-newline joins lines (translation phase 2). We delete each one
 * and put the newline back after the logical line ends, so every later line
 * keeps its number.
 */
function spliceLines(text: string): string {
  if (!text.includes("\\\n") && !text.includes("\\\r\n")) return text.replace(/\r\n/g, "\n");
  text = text.replace(/\r\n/g, "\n");
  let out = "", pending = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\" && text[i + 1] === "\n") { i++; pending++; continue; }
    if (text[i] === "\n") { out += "\n".repeat(pending + 1); pending = 0; continue; }
    out += text[i];
  }
  return out + "\n".repeat(pending);
}

/** C99's digraphs (6.4.6p3) are the same tokens as what they stand for. */
const DIGRAPHS: Record<string, string> = { "<:": "[", ":>": "]", "<%": "{", "%>": "}", "%:": "#", "%:%:": "##" };

const isIdentStart = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_" || c === "$";
const isIdentChar = (c: string) => isIdentStart(c) || (c >= "0" && c <= "9");
const isDigit = (c: string) => c >= "0" && c <= "9";

/** Tokenize a whole file. The last token is always `eof`. */
export function tokenize(name: string, text: string): { file: SourceFile; tokens: Token[] } {
  const file = sourceFile(name, spliceLines(text));
  return { file, tokens: tokenizeFile(file) };
}

export function tokenizeFile(file: SourceFile): Token[] {
  const src = file.text;
  const tokens: Token[] = [];
  let i = 0, line = 1, lineStart = 0, space = false, bol = true;
  const loc = (at: number): Loc => ({ file, line, col: at - lineStart + 1 });
  const push = (kind: TokKind, start: number, end: number) => {
    tokens.push({ kind, text: src.slice(start, end), loc: loc(start), space, bol });
    space = false; bol = false;
  };

  while (i < src.length) {
    const c = src[i];
    if (c === "\n") { i++; line++; lineStart = i; bol = true; space = false; continue; }
    if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v") { i++; space = true; continue; }
    if (c === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") i++;
      space = true; continue;
    }
    if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) fatal(loc(i), "unterminated comment");
      for (let k = i; k < end; k++) if (src[k] === "\n") { line++; lineStart = k + 1; }
      i = end + 2; space = true; continue;
    }
    const start = i;
    if (isDigit(c) || (c === "." && isDigit(src[i + 1] ?? ""))) {
      // pp-number (6.4.8): digits, letters, '.', and e+ e- p+ p- pairs
      i++;
      for (;;) {
        const d = src[i] ?? "";
        if ((d === "+" || d === "-") && "eEpP".includes(src[i - 1])) i++;
        else if (isIdentChar(d) || d === ".") i++;
        else break;
      }
      push("number", start, i); continue;
    }
    if (c === '"' || c === "'" || ((c === "L" || c === "u" || c === "U") && (src[i + 1] === '"' || src[i + 1] === "'"))
        || (c === "u" && src[i + 1] === "8" && src[i + 2] === '"')) {
      while (src[i] !== '"' && src[i] !== "'") i++;
      const quote = src[i++];
      while (i < src.length && src[i] !== quote && src[i] !== "\n") {
        if (src[i] === "\\" && src[i + 1] !== "\n") i++;
        i++;
      }
      if (src[i] !== quote) {
        // Unterminated: like gcc, the rest of the line becomes one bad token.
        push("punct", start, i);
        tokens[tokens.length - 1].invalid = `missing terminating ${quote} character`;
        continue;
      }
      i++;
      push(quote === '"' ? "string" : "char", start, i); continue;
    }
    if (isIdentStart(c)) {
      while (i < src.length && isIdentChar(src[i])) i++;
      push("ident", start, i); continue;
    }
    const p = PUNCTUATORS.find((q) => src.startsWith(q, i));
    if (p) {
      i += p.length;
      push("punct", start, i);
      if (DIGRAPHS[p]) tokens[tokens.length - 1].text = DIGRAPHS[p];
      continue;
    }
    if (c === "\\" || c === "@" || c === "`" || c.charCodeAt(0) > 127) {
      // Stray characters are an error only if they survive preprocessing
      // (they may sit in a skipped #if block), so keep them as punctuators.
      i++; push("punct", start, i);
      tokens[tokens.length - 1].invalid = `stray '${c}' in program`;
      continue;
    }
    fatal(loc(i), `stray '${c}' in program`);
  }
  tokens.push({ kind: "eof", text: "", loc: { file, line, col: i - lineStart + 1 }, space, bol: true });
  return tokens;
}
