// The constant expressions of #if and #elif (C99 6.10.1): integer arithmetic
// in intmax_t / uintmax_t (64 bits here), after `defined` was replaced and
// macros were expanded, and every remaining identifier became 0.
// A value is unsigned if any operand of an arithmetic operator was unsigned,
// as the usual arithmetic conversions say (6.3.1.8).

import { fatal, type Loc } from "./diag";
import type { Token } from "./lex";
import { parseCharConstant, parseIntegerLiteral } from "./literals";

interface Val { v: bigint; unsigned: boolean }

const wrap = (v: bigint, unsigned: boolean): Val => ({ v: unsigned ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v), unsigned });

export function evalPPExpr(tokens: Token[], where: Loc): bigint {
  let i = 0;
  // Inside the operand that && || ?: do not evaluate (`0 && 1 / 0`), a
  // division by zero is no error, as in C's own constant expressions.
  let unevaluated = 0;
  const peek = () => tokens[i];
  const at = (t: string) => i < tokens.length && tokens[i].kind === "punct" && tokens[i].text === t;
  const expect = (t: string) => {
    if (!at(t)) fatal(tokens[i]?.loc ?? where, `expected '${t}' in preprocessor expression`);
    i++;
  };

  function primary(): Val {
    const t = peek();
    if (!t) fatal(where, "#if with no expression");
    if (at("(")) { i++; const v = ternary(); expect(")"); return v; }
    i++;
    if (t.kind === "number") {
      const lit = parseIntegerLiteral(t.text, t.loc);
      return wrap(lit.value, lit.unsigned);
    }
    if (t.kind === "char") return wrap(parseCharConstant(t.text, t.loc), false);
    if (t.kind === "ident") return { v: 0n, unsigned: false };   // unknown identifiers are 0
    fatal(t.loc, `token "${t.text}" is not valid in preprocessor expressions`);
  }

  function unary(): Val {
    if (at("+")) { i++; return unary(); }
    if (at("-")) { i++; const a = unary(); return wrap(-a.v, a.unsigned); }
    if (at("~")) { i++; const a = unary(); return wrap(~a.v, a.unsigned); }
    if (at("!")) { i++; const a = unary(); return { v: a.v === 0n ? 1n : 0n, unsigned: false }; }
    return primary();
  }

  // Binary operators by precedence, loosest last.
  const LEVELS: string[][] = [["*", "/", "%"], ["+", "-"], ["<<", ">>"], ["<", ">", "<=", ">="], ["==", "!="], ["&"], ["^"], ["|"], ["&&"], ["||"]];

  function binary(level: number): Val {
    if (level < 0) return unary();
    let a = binary(level - 1);
    for (;;) {
      const op = LEVELS[level].find((o) => at(o));
      if (!op) return a;
      const optok = tokens[i++];
      if (op === "&&" || op === "||") {
        const decided = op === "&&" ? a.v === 0n : a.v !== 0n;
        if (decided) unevaluated++;
        const b = binary(level - 1);
        if (decided) unevaluated--;
        const r = op === "&&" ? a.v !== 0n && b.v !== 0n : a.v !== 0n || b.v !== 0n;
        a = { v: r ? 1n : 0n, unsigned: false };
        continue;
      }
      a = apply(op, a, binary(level - 1), optok.loc, unevaluated > 0);
    }
  }

  function ternary(): Val {
    const c = binary(LEVELS.length - 1);
    if (!at("?")) return c;
    i++;
    if (c.v === 0n) unevaluated++;
    const x = ternary();
    if (c.v === 0n) unevaluated--;
    expect(":");
    if (c.v !== 0n) unevaluated++;
    const y = ternary();
    if (c.v !== 0n) unevaluated--;
    const unsigned = x.unsigned || y.unsigned;
    return wrap(c.v !== 0n ? x.v : y.v, unsigned);
  }

  const v = ternary();
  if (i < tokens.length) fatal(tokens[i].loc, `missing binary operator before token "${tokens[i].text}"`);
  return v.v;
}

function apply(op: string, a: Val, b: Val, loc: Loc, unevaluated: boolean): Val {
  const u = a.unsigned || b.unsigned;
  const x = u ? BigInt.asUintN(64, a.v) : a.v, y = u ? BigInt.asUintN(64, b.v) : b.v;
  const bool = (r: boolean): Val => ({ v: r ? 1n : 0n, unsigned: false });
  switch (op) {
    case "*": return wrap(x * y, u);
    case "/": case "%":
      if (y === 0n) { if (unevaluated) return wrap(0n, u); fatal(loc, "division by zero in #if"); }
      return wrap(op === "/" ? x / y : x % y, u);
    case "+": return wrap(x + y, u);
    case "-": return wrap(x - y, u);
    // A shift has the left operand's type; the right one does not convert it.
    case "<<": return wrap(a.v << (b.v & 63n), a.unsigned);
    case ">>": return wrap((a.unsigned ? BigInt.asUintN(64, a.v) : a.v) >> (b.v & 63n), a.unsigned);
    case "<": return bool(x < y);
    case ">": return bool(x > y);
    case "<=": return bool(x <= y);
    case ">=": return bool(x >= y);
    case "==": return bool(x === y);
    case "!=": return bool(x !== y);
    case "&": return wrap(x & y, u);
    case "^": return wrap(x ^ y, u);
    default: return wrap(x | y, u);
  }
}
