// Helpers for data directives: splitting argument lists, decoding string
// literals with GNU as escapes, and little-endian number encoding.

import { EncodeError } from "./backend";

/** Split "a, (b, c), "x,y"" at top-level commas. Each piece: [text trimmed, column offset]. */
export function splitArgs(s: string): [string, number][] {
  const out: [string, number][] = [];
  let depth = 0, start = 0, inStr = false;
  const push = (end: number) => {
    const raw = s.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    out.push([raw.trim(), start + lead]);
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) { if (c === "\\") i++; else if (c === '"') inStr = false; continue; }
    if (c === '"') inStr = true;
    else if (c === "'") { // character constant: 'c or 'c' or '\c'
      let j = i + 1 + (s[i + 1] === "\\" ? 2 : 1);
      if (s[j] === "'") j++;
      i = j - 1;
    }
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) { push(i); start = i + 1; }
  }
  if (s.trim() !== "" || out.length > 0) push(s.length);
  return out;
}

/** Decode one "..." literal (gas manual, "Strings"): \b \f \n \r \t \" \\, \ooo octal, \xHH... hex. */
export function decodeString(lit: string, col: number): number[] {
  if (!lit.startsWith('"') || !lit.endsWith('"') || lit.length < 2)
    throw new EncodeError("expected a string in double quotes", col);
  const out: number[] = [];
  const body = lit.slice(1, -1);
  const utf8 = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') throw new EncodeError("unexpected '\"' inside string (escape it as \\\")", col + i + 1);
    if (c !== "\\") { out.push(...utf8.encode(c)); continue; }
    const e = body[++i];
    if (e === undefined) throw new EncodeError("string ends with a lone backslash", col + i);
    const simple: Record<string, number> = { b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '"': 34, "\\": 92, "'": 39 };
    if (e in simple) { out.push(simple[e]); continue; }
    if (/[0-7]/.test(e)) {
      let v = 0, k = 0;
      while (k < 3 && /[0-7]/.test(body[i] ?? "")) { v = v * 8 + Number(body[i]); i++; k++; }
      i--; out.push(v & 255); continue;
    }
    if (e === "x" || e === "X") {
      let v = 0, k = 0;
      while (/[0-9a-fA-F]/.test(body[i + 1] ?? "")) { v = (v * 16 + parseInt(body[i + 1], 16)) & 0xff; i++; k++; }
      if (k === 0) throw new EncodeError("\\x used with no following hex digits", col + i + 1);
      out.push(v); continue;
    }
    out.push(...utf8.encode(e)); // gas: unknown escapes stand for the character itself
  }
  return out;
}

/** Write `v` as `size` little-endian bytes into `out`. */
export function putLE(out: number[], v: bigint, size: number): void {
  let x = BigInt.asUintN(size * 8, v);
  for (let i = 0; i < size; i++) { out.push(Number(x & 0xffn)); x >>= 8n; }
}
