// Building typed expression nodes: C's conversion rules (C99 6.3) in one
// place. Every constructor here checks its operands, inserts the implicit
// conversions as explicit `cast` nodes, and gives the result its type, so
// the code generators see a tree in which every operation's width and
// signedness are settled.

import { node, type Node } from "./ast";
import type { Loc } from "./diag";
import type { Parser } from "./parser";
import { commonType, compatible, isInteger, isScalar, pointerTo, promote, T, type Type, typeName } from "./types";

export const num = (v: bigint, loc: Loc, type: Type = T.int): Node => node("num", loc, { value: v, type });

/** Arrays and functions used as values become pointers (6.3.2.1p3-4). */
export function decay(n: Node): Node {
  const t = n.type!;
  if (t.kind === "array") return node("cast", n.loc, { lhs: n, type: pointerTo(t.base!) });
  if (t.kind === "func") return node("addr", n.loc, { lhs: n, type: pointerTo(t) });
  return n;
}

/** Convert `n` to `type`: an explicit `cast` node, unless it already has that type. */
export function cast(n: Node, type: Type): Node {
  if (n.type === type) return n;
  return node("cast", n.loc, { lhs: n, type });
}

/** A value used in a test (if, while, &&, !, ?:) must be scalar. */
export function scalarValue(p: Parser, n: Node, what: string): Node {
  const v = decay(n);
  if (!isScalar(v.type!)) p.error(n.loc, `used ${typeName(v.type!)} where scalar is required (${what})`);
  return v;
}

function arith(p: Parser, n: Node, op: string): Node {
  const v = decay(n);
  if (!isInteger(v.type!)) {
    p.error(n.loc, `invalid operand to ${op} (have '${typeName(v.type!)}')`);
    return num(0n, n.loc);
  }
  return v;
}

/** Binary arithmetic with the usual arithmetic conversions: * / % & | ^ */
export function arithmetic(p: Parser, kind: "mul" | "div" | "mod" | "band" | "bor" | "bxor", a: Node, b: Node, loc: Loc, op: string): Node {
  const x = arith(p, a, `binary ${op}`), y = arith(p, b, `binary ${op}`);
  const t = commonType(x.type!, y.type!);
  return node(kind, loc, { lhs: cast(x, t), rhs: cast(y, t), type: t });
}

/** << and >>: each operand is promoted on its own; the result has the left's type (6.5.7). */
export function shift(p: Parser, kind: "shl" | "shr", a: Node, b: Node, loc: Loc, op: string): Node {
  const x = arith(p, a, `binary ${op}`), y = arith(p, b, `binary ${op}`);
  const t = promote(x.type!);
  return node(kind, loc, { lhs: cast(x, t), rhs: cast(y, promote(y.type!)), type: t });
}

/** + with pointer arithmetic (6.5.6): pointer + integer scales by the element size. */
export function add(p: Parser, a: Node, b: Node, loc: Loc): Node {
  let x = decay(a), y = decay(b);
  if (isInteger(x.type!) && isInteger(y.type!)) {
    const t = commonType(x.type!, y.type!);
    return node("add", loc, { lhs: cast(x, t), rhs: cast(y, t), type: t });
  }
  if (x.type!.kind !== "ptr") [x, y] = [y, x];
  if (x.type!.kind === "ptr" && isInteger(y.type!)) {
    const elem = x.type!.base!;
    if (elem.kind === "void" || elem.kind === "func") p.warn(loc, `pointer of type '${typeName(x.type!)}' used in arithmetic`);
    const scaled = node("mul", loc, { lhs: cast(y, T.long), rhs: num(BigInt(elem.kind === "void" || elem.kind === "func" ? 1 : elem.size), loc, T.long), type: T.long });
    return node("add", loc, { lhs: x, rhs: scaled, type: x.type });
  }
  p.error(loc, `invalid operands to binary + (have '${typeName(a.type!)}' and '${typeName(b.type!)}')`);
  return x;
}

/** - : integer - integer, pointer - integer, pointer - pointer (in elements, type long). */
export function sub(p: Parser, a: Node, b: Node, loc: Loc): Node {
  const x = decay(a), y = decay(b);
  if (isInteger(x.type!) && isInteger(y.type!)) {
    const t = commonType(x.type!, y.type!);
    return node("sub", loc, { lhs: cast(x, t), rhs: cast(y, t), type: t });
  }
  if (x.type!.kind === "ptr" && isInteger(y.type!)) {
    const size = BigInt(Math.max(1, x.type!.base!.kind === "void" ? 1 : x.type!.base!.size));
    const scaled = node("mul", loc, { lhs: cast(y, T.long), rhs: num(size, loc, T.long), type: T.long });
    return node("sub", loc, { lhs: x, rhs: scaled, type: x.type });
  }
  if (x.type!.kind === "ptr" && y.type!.kind === "ptr") {
    if (!compatible(x.type!.base!, y.type!.base!)) p.error(loc, `invalid operands to binary - (have '${typeName(x.type!)}' and '${typeName(y.type!)}')`);
    const size = BigInt(Math.max(1, x.type!.base!.kind === "void" ? 1 : x.type!.base!.size));
    const diff = node("sub", loc, { lhs: cast(x, T.long), rhs: cast(y, T.long), type: T.long });
    return node("div", loc, { lhs: diff, rhs: num(size, loc, T.long), type: T.long });
  }
  p.error(loc, `invalid operands to binary - (have '${typeName(a.type!)}' and '${typeName(b.type!)}')`);
  return x;
}

/** == != < <= (> and >= swap their operands): the result is int 0 or 1. */
export function compare(p: Parser, kind: "eq" | "ne" | "lt" | "le", a: Node, b: Node, loc: Loc, op: string): Node {
  const x = decay(a), y = decay(b);
  if (isInteger(x.type!) && isInteger(y.type!)) {
    const t = commonType(x.type!, y.type!);
    return node(kind, loc, { lhs: cast(x, t), rhs: cast(y, t), type: T.int });
  }
  if (x.type!.kind === "ptr" || y.type!.kind === "ptr") {
    const nullConst = (n: Node) => n.kind === "num" && n.value === 0n || (n.kind === "cast" && n.lhs!.kind === "num" && n.lhs!.value === 0n);
    const ok = (x.type!.kind === "ptr" && y.type!.kind === "ptr") || nullConst(x) || nullConst(y);
    if (!ok) p.warn(loc, `comparison between pointer and integer`);
    else if (x.type!.kind === "ptr" && y.type!.kind === "ptr" && !compatible(x.type!.base!, y.type!.base!) && x.type!.base!.kind !== "void" && y.type!.base!.kind !== "void") {
      p.warn(loc, `comparison of distinct pointer types lacks a cast`);
    }
    return node(kind, loc, { lhs: cast(x, T.ulong), rhs: cast(y, T.ulong), type: T.int });
  }
  p.error(loc, `invalid operands to binary ${op} (have '${typeName(x.type!)}' and '${typeName(y.type!)}')`);
  return num(0n, loc);
}

/** Is `n` something that designates an object (6.3.2.1p1)? */
export function isLvalue(n: Node): boolean {
  return n.kind === "var" || n.kind === "deref" || (n.kind === "comma" && n.compound === true) || (n.kind === "member" && isLvalue(n.lhs!)) || (n.kind === "member" && n.lhs!.kind === "call");
}

/** Convert for assignment, argument passing or return (6.5.16.1): warn as gcc does on suspicious ones. */
export function convertForAssign(p: Parser, value: Node, to: Type, loc: Loc, what: string): Node {
  const v = decay(value);
  const from = v.type!;
  if (to.kind === "struct" || to.kind === "union") {
    if (from !== to && !compatible(from, to)) incompatible(p, loc, what, to, from);
    return v;
  }
  if (to.kind === "bool" && isScalar(from)) return cast(v, to);
  if (isInteger(to) && isInteger(from)) return cast(v, to);
  if (to.kind === "ptr" && from.kind === "ptr") {
    const a = to.base!, b = from.base!;
    if (a.kind !== "void" && b.kind !== "void" && !compatible(a, b)) {
      p.warn(loc, `${what} '${typeName(to)}' from incompatible pointer type '${typeName(from)}'`);
    } else if (b.isConst && !a.isConst) {
      p.warn(loc, `${what} '${typeName(to)}' discards 'const' qualifier from pointer target type`);
    }
    return cast(v, to);
  }
  if (to.kind === "ptr" && isInteger(from)) {
    const isNull = v.kind === "num" && v.value === 0n;
    if (!isNull) p.warn(loc, `${what} '${typeName(to)}' from '${typeName(from)}' makes pointer from integer without a cast`);
    return cast(v, to);
  }
  if (isInteger(to) && from.kind === "ptr") {
    p.warn(loc, `${what} '${typeName(to)}' from '${typeName(from)}' makes integer from pointer without a cast`);
    return cast(v, to);
  }
  incompatible(p, loc, what, to, from);
  return v;
}

/**
 * The error for a value that cannot be converted, worded as gcc words it in
 * each context (`what` is the context as the warnings above spell it).
 */
function incompatible(p: Parser, loc: Loc, what: string, to: Type, from: Type): void {
  const want = typeName(to), have = typeName(from);
  if (from.kind === "void") p.error(loc, "void value not ignored as it ought to be");
  else if (what.startsWith("assignment")) p.error(loc, `incompatible types when assigning to type '${want}' from type '${have}'`);
  else if (what.startsWith("initialization")) p.error(loc, `incompatible types when initializing type '${want}' using type '${have}'`);
  else if (what.startsWith("returning")) p.error(loc, `incompatible types when returning type '${have}' but '${want}' was expected`);
  else {
    const m = /^passing argument (\d+) of '(.*)' to parameter/.exec(what);
    p.error(loc, m ? `incompatible type for argument ${m[1]} of '${m[2]}'` : `incompatible types when ${what} type '${want}' from type '${have}'`);
  }
}
