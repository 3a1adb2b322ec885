// Assembler expressions, as GNU as reads them (gas manual, "Expressions").
//
// An expression is evaluated to a Value (backend.ts): either a plain number,
// or "symbol + constant" that the linker finishes, or "symbol + constant - ."
// (PC-relative). Anything else — the sum of two symbols, a symbol times 3 —
// has no relocation that could express it, and is an error, as in gas.
// Precedence is gas's ("Infix Operators"), tightest first — NOT C's:
//   * / % << >>   then   | & ^   then   + -   then   == != <> < > <= >=   then   && ||
// so `1 + 2 << 3` is 17 here. Comparisons give -1 for true, && and || give 1.

import { EncodeError, Value } from "./backend";

/** What the front-end knows about a name. */
export interface SymbolInfo {
  /** Defining section; undefined if not (yet) defined here. */
  section?: string;
  offset?: number;
  global?: boolean;
  weak?: boolean;
  /** For `.equ`/`.set` names: the value they stand for. */
  value?: Value;
  /** The name to put in a relocation, if not the one written (numeric labels). */
  name?: string;
  /** A label this pass has not reached yet (a forward reference; see Value.forward). */
  forward?: boolean;
}

export interface ExprEnv {
  /** Look a name up (`1b`/`1f` included); undefined = unknown, an external reference. */
  lookup(name: string): SymbolInfo | undefined;
  /** Section and offset of `.` */
  section: string;
  pc: number;
}

const BIN_PREC: Record<string, number> = {
  "&&": 1, "||": 1,
  "==": 2, "!=": 2, "<>": 2, "<": 2, ">": 2, "<=": 2, ">=": 2,
  "+": 3, "-": 3,
  "|": 4, "&": 4, "^": 4,
  "*": 5, "/": 5, "%": 5, "<<": 5, ">>": 5,
};

interface Tok { t: string; v?: bigint; col: number }

function tokenize(s: string, base: number): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === " " || c === "\t") { i++; continue; }
    const col = base + i;
    const rest = s.slice(i);
    let m: RegExpMatchArray | null;
    if ((m = rest.match(/^\d+[bf](?![0-9A-Za-z_.$])/))) { out.push({ t: "sym:" + m[0], col }); i += m[0].length; continue; }
    if ((m = rest.match(/^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9][0-9a-fA-F]*[hH]|[0-9]+)(?![0-9A-Za-z_.$])/))) {
      const txt = m[0];
      let v: bigint;
      if (/^[0-9][0-9a-fA-F]*[hH]$/.test(txt)) v = BigInt("0x" + txt.slice(0, -1));
      else if (/^0[bB]/.test(txt)) v = BigInt(txt);
      else if (/^0[0-7]+$/.test(txt)) v = BigInt("0o" + txt.slice(1));
      else if (/^0[0-9]+$/.test(txt)) throw new EncodeError(`invalid octal number '${txt}'`, col);
      else v = BigInt(txt);
      out.push({ t: "num", v, col }); i += txt.length; continue;
    }
    if ((m = rest.match(/^'(\\.|[^\\'])'?/))) {
      const ch = m[1].length === 2 ? ({ n: 10, t: 9, r: 13, "0": 0, "\\": 92, "'": 39 } as Record<string, number>)[m[1][1]] ?? m[1].charCodeAt(1) : m[1].charCodeAt(0);
      out.push({ t: "num", v: BigInt(ch), col }); i += m[0].length; continue;
    }
    if ((m = rest.match(/^[A-Za-z_.$][A-Za-z0-9_.$@]*/))) {
      out.push({ t: m[0] === "." ? "." : "sym:" + m[0], col }); i += m[0].length; continue;
    }
    const two = rest.slice(0, 2);
    if (["<<", ">>", "==", "!=", "<>", "<=", ">=", "&&", "||"].includes(two)) { out.push({ t: two, col }); i += 2; continue; }
    if ("+-*/%&|^~()<>!".includes(c)) { out.push({ t: c, col }); i++; continue; }
    throw new EncodeError(`unexpected character '${c}' in expression`, col);
  }
  return out;
}

const isAbs = (v: Value) => v.symbol === undefined && !v.pcrel;
const abs = (n: bigint): Value => ({ addend: BigInt.asIntN(64, n) });

/** Evaluate `text` (a whole expression). `col` is its column in the line, for errors. */
export function evaluate(text: string, env: ExprEnv, col = 1): Value {
  const toks = tokenize(text, col);
  if (toks.length === 0) throw new EncodeError("missing expression", col);
  let p = 0;
  const endCol = col + text.length;
  const peek = () => toks[p];

  function primary(): Value {
    const tk = toks[p++];
    if (!tk) throw new EncodeError("expression ends too early", endCol);
    if (tk.t === "num") return abs(tk.v!);
    if (tk.t === "(") {
      const v = binary(0);
      if (peek()?.t !== ")") throw new EncodeError("missing ')'", peek()?.col ?? endCol);
      p++;
      return v;
    }
    if (tk.t === "-" || tk.t === "~" || tk.t === "+" || tk.t === "!") {
      const v = primary();
      if (tk.t === "+") return v;
      if (!isAbs(v)) throw new EncodeError(`invalid operand of unary '${tk.t}' (a symbol)`, tk.col);
      return abs(tk.t === "-" ? -v.addend : tk.t === "~" ? ~v.addend : v.addend === 0n ? 1n : 0n);
    }
    if (tk.t === ".") return { addend: 0n, symbol: ".", section: env.section, offset: env.pc };
    if (tk.t.startsWith("sym:")) {
      const name = tk.t.slice(4);
      let info: SymbolInfo | undefined;
      try { info = env.lookup(name); } catch (e) {
        if (e instanceof EncodeError && e.col === undefined) e.col = tk.col;
        throw e;
      }
      if (info?.value) return info.value;
      return { addend: 0n, symbol: info?.name ?? name, section: info?.section, offset: info?.offset, global: info?.global, weak: info?.weak };
    }
    throw new EncodeError(`unexpected '${tk.t}' in expression`, tk.col);
  }

  function binary(minPrec: number): Value {
    let left = primary();
    for (;;) {
      const tk = peek();
      if (!tk) return left;
      const prec = BIN_PREC[tk.t];
      if (prec === undefined || prec <= minPrec) {
        if (prec === undefined && tk.t !== ")") throw new EncodeError(`unexpected '${tk.t.replace(/^sym:|^num$/, "")}' in expression`, tk.col);
        return left;
      }
      p++;
      const right = binary(prec);
      left = combine(tk.t, left, right, tk.col, env);
    }
  }

  const v = binary(0);
  if (p < toks.length) throw new EncodeError(`unexpected '${toks[p].t.replace(/^sym:/, "")}' in expression`, toks[p].col);
  return finish(v, env);
}

/** `.` alone (not subtracted) becomes the current section symbol + pc. */
function finish(v: Value, env: ExprEnv): Value {
  if (v.symbol === ".") return { addend: v.addend + BigInt(env.pc), symbol: env.section, section: env.section, offset: 0 };
  return v;
}

function combine(op: string, a: Value, b: Value, col: number, env: ExprEnv): Value {
  if (isAbs(a) && isAbs(b)) {
    const x = a.addend, y = b.addend;
    switch (op) {
      case "+": return abs(x + y);
      case "-": return abs(x - y);
      case "*": return abs(x * y);
      case "/": case "%":
        if (y === 0n) throw new EncodeError("division by zero", col);
        return abs(op === "/" ? x / y : x % y);
      case "<<": return abs(x << (y & 63n));
      case ">>": return abs(BigInt.asIntN(64, BigInt.asUintN(64, x) >> (y & 63n)));
      case "&": return abs(x & y);
      case "|": return abs(x | y);
      case "^": return abs(x ^ y);
      case "==": return abs(x === y ? -1n : 0n);
      case "!=": case "<>": return abs(x !== y ? -1n : 0n);
      case "<": return abs(x < y ? -1n : 0n);
      case ">": return abs(x > y ? -1n : 0n);
      case "<=": return abs(x <= y ? -1n : 0n);
      case ">=": return abs(x >= y ? -1n : 0n);
      case "&&": return abs(x !== 0n && y !== 0n ? 1n : 0n);
      case "||": return abs(x !== 0n || y !== 0n ? 1n : 0n);
    }
  }
  if (op === "+" && isAbs(b)) return { ...a, addend: a.addend + b.addend };
  if (op === "+" && isAbs(a)) return { ...b, addend: a.addend + b.addend };
  if (op === "-" && isAbs(b)) return { ...a, addend: a.addend - b.addend };
  if (op === "-" && b.symbol !== undefined && !b.pcrel && !a.pcrel && a.symbol !== undefined) {
    // sym - sym: a constant when both live in the same section here.
    if (a.section !== undefined && a.section === b.section && a.offset !== undefined && b.offset !== undefined)
      return abs(BigInt(a.offset) + a.addend - BigInt(b.offset) - b.addend);
    // sym - (something in this section): PC-relative, sym + (. - b) - .
    if (b.section === env.section && b.offset !== undefined) {
      return {
        addend: a.addend - b.addend + BigInt(env.pc - b.offset),
        symbol: a.symbol, section: a.section, offset: a.offset, global: a.global, weak: a.weak, pcrel: true,
      };
    }
    throw new EncodeError(`can't subtract symbols '${a.symbol}' and '${b.symbol}' from different sections`, col);
  }
  throw new EncodeError(`invalid operands for '${op}': only symbol+constant, symbol-constant and symbol-symbol are relocatable`, col);
}
