// The meaning of literal tokens: integer constants (C99 6.4.4.1), character
// constants (6.4.4.4) and string literals (6.4.5), with their escapes.

import { fatal, type Loc } from "./diag";

export interface IntLiteral {
  value: bigint;
  /** A `u`/`U` suffix was given. */
  unsigned: boolean;
  /** 0: no `l`, 1: `l`, 2: `ll`. */
  longs: number;
  /** Decimal constants and octal/hex ones pick their type differently (6.4.4.1p5). */
  decimal: boolean;
}

export function parseIntegerLiteral(text: string, loc: Loc): IntLiteral {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)$/.exec(text);
  if (!m) {
    if (/^[0-9]*\.|^[0-9]+[eE]|^0[xX][0-9a-fA-F]*[pP]/.test(text)) fatal(loc, `floating-point constant '${text}': MinOS's C has no floating point`);
    fatal(loc, `invalid integer constant '${text}'`);
  }
  const [, digits, suffix] = m;
  if (!/^(?:[uU](?:l|L|ll|LL)?|(?:l|L|ll|LL)[uU]?)?$/.test(suffix)) fatal(loc, `invalid suffix "${suffix}" on integer constant`);
  const unsigned = /[uU]/.test(suffix);
  const longs = suffix.replace(/[uU]/, "").length;
  let value: bigint;
  if (/^0[bB]/.test(digits)) value = BigInt(digits);
  else if (/^0[xX]/.test(digits)) value = BigInt(digits);
  else if (digits.length > 1 && digits[0] === "0") value = BigInt("0o" + digits.slice(1));
  else value = BigInt(digits);
  if (value >= 1n << 64n) fatal(loc, `integer constant is too large for its type`);
  return { value, unsigned, longs, decimal: !/^0/.test(digits) || digits === "0" };
}

const SIMPLE: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, e: 27, "\\": 92, "'": 39, '"': 34, "?": 63 };

/** Decode the escapes of a quoted body (without quotes) into byte values. */
export function decodeEscapes(body: string, loc: Loc): number[] {
  const out: number[] = [];
  const utf8 = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      const code = body.charCodeAt(i);
      if (code < 128) out.push(code);
      else out.push(...utf8.encode(body.codePointAt(i)! > 0xffff ? body.slice(i, ++i + 1) : c));
      continue;
    }
    const e = body[++i];
    if (e in SIMPLE) { out.push(SIMPLE[e]); continue; }
    if (e >= "0" && e <= "7") {
      let v = 0, n = 0;
      while (n < 3 && body[i] >= "0" && body[i] <= "7") { v = v * 8 + Number(body[i]); i++; n++; }
      i--;
      if (v > 255) fatal(loc, "octal escape sequence out of range");
      out.push(v); continue;
    }
    if (e === "x") {
      let v = 0, n = 0;
      while (/[0-9a-fA-F]/.test(body[i + 1] ?? "")) { v = v * 16 + parseInt(body[++i], 16); n++; }
      if (n === 0) fatal(loc, "\\x used with no following hex digits");
      if (v > 255) fatal(loc, "hex escape sequence out of range");
      out.push(v); continue;
    }
    fatal(loc, `unknown escape sequence '\\${e}'`);
  }
  return out;
}

/** The int value of a character constant; plain char is signed on x86_64, unsigned on AArch64. */
export function parseCharConstant(text: string, loc: Loc, charSigned = true): bigint {
  if (text[0] !== "'") fatal(loc, `wide character constant ${text} is not supported (no wchar_t in MinOS's C)`);
  const bytes = decodeEscapes(text.slice(1, -1), loc);
  if (bytes.length === 0) fatal(loc, "empty character constant");
  // Multi-character constants ('ab') are implementation-defined; gcc packs them big-endian.
  let v = 0n;
  for (const b of bytes) v = ((v << 8n) | BigInt(b)) & 0xffffffffn;
  if (bytes.length === 1) return charSigned && v > 127n ? v - 256n : v;
  return BigInt.asIntN(32, v);
}

/** The bytes of a string literal (without the terminating NUL). */
export function parseStringLiteral(text: string, loc: Loc): number[] {
  if (text[0] !== '"') {
    if (text.startsWith('u8"')) return decodeEscapes(text.slice(3, -1), loc);
    fatal(loc, `wide string literal ${text.slice(0, 12)}... is not supported (no wchar_t in MinOS's C)`);
  }
  return decodeEscapes(text.slice(1, -1), loc);
}
