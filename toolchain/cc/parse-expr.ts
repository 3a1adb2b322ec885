// Expressions (C99 6.5), from the comma operator down to primary
// expressions, one function per precedence level.

import { node, type Node, type Obj } from "./ast";
import { evalConst, NotConstant } from "./consteval";
import type { Loc } from "./diag";
import { parseCharConstant, parseIntegerLiteral, parseStringLiteral } from "./literals";
import { Parser, SyntaxAbort } from "./parser";
import { typeName_ } from "./parse-decl";
import { compoundLiteral, newLocal, stringLiteral } from "./parse-init";
import { add, arithmetic, cast, compare, convertForAssign, decay, isLvalue, num, scalarValue, shift, sub } from "./typing";
import { commonType, isInteger, isScalar, pointerTo, promote, qualifiedConst, T, type Member, type Type, typeName } from "./types";

/** A constant expression's value; reports an error (and returns 0) if it is not constant. */
export function constExpr(p: Parser, notConstant?: { loc: Loc; message: string }): bigint {
  const n = conditional(p);
  try {
    return evalConst(n);
  } catch (e) {
    if (!(e instanceof NotConstant)) throw e;
    p.error(notConstant?.loc ?? n.loc, notConstant?.message ?? "expression is not an integer constant expression");
    return 0n;
  }
}

export function expr(p: Parser): Node {
  let n = assign(p);
  while (p.is(",")) {
    const loc = p.next().loc;
    const r = assign(p);
    n = node("comma", loc, { lhs: n, rhs: r, type: decay(r).type });
  }
  return n;
}

const COMPOUND: Record<string, "add" | "sub" | "mul" | "div" | "mod" | "band" | "bor" | "bxor" | "shl" | "shr"> = {
  "+=": "add", "-=": "sub", "*=": "mul", "/=": "div", "%=": "mod", "&=": "band", "|=": "bor", "^=": "bxor", "<<=": "shl", ">>=": "shr",
};

export function assign(p: Parser): Node {
  const lhs = conditional(p);
  const t = p.tok;
  if (t.text === "=" && t.kind === "punct") { p.next(); return assignTo(p, lhs, assign(p), t.loc); }
  const op = t.kind === "punct" ? COMPOUND[t.text] : undefined;
  if (op) { p.next(); return compoundAssign(p, op, lhs, assign(p), t.loc, t.text.slice(0, -1)); }
  return lhs;
}

export function assignTo(p: Parser, lhs: Node, rhs: Node, loc: Loc): Node {
  checkModifiable(p, lhs, loc);
  return node("assign", loc, { lhs, rhs: convertForAssign(p, rhs, lhs.type!, rhs.loc, "assignment to"), type: lhs.type });
}

function checkModifiable(p: Parser, lhs: Node, loc: Loc): void {
  if (!isLvalue(lhs)) p.error(loc, "lvalue required as left operand of assignment");
  else if (lhs.type!.kind === "array") p.error(loc, `assignment to expression with array type`);
  else if (lhs.type!.isConst) p.error(loc, `assignment of read-only ${lhs.kind === "var" ? `variable '${lhs.obj!.name}'` : "location"}`);
}

/** `a op= b` is `*(tmp = &a) = *tmp op b`, so `a` is evaluated once (6.5.16.2). */
export function compoundAssign(p: Parser, op: string, lhs: Node, rhs: Node, loc: Loc, spell: string): Node {
  checkModifiable(p, lhs, loc);
  const binop = (a: Node) => {
    switch (op) {
      case "add": return add(p, a, rhs, loc);
      case "sub": return sub(p, a, rhs, loc);
      case "shl": case "shr": return shift(p, op, a, rhs, loc, spell);
      default: return arithmetic(p, op as "mul", a, rhs, loc, spell);
    }
  };
  if (lhs.kind === "var") return node("assign", loc, { lhs, rhs: cast(binop(lhs), lhs.type!), type: lhs.type });
  const tmp = newLocal(p, pointerTo(lhs.type!), loc);
  const tmpVar = node("var", loc, { obj: tmp, type: tmp.type });
  const setTmp = node("assign", loc, { lhs: tmpVar, rhs: node("addr", loc, { lhs, type: tmp.type }), type: tmp.type });
  const target = node("deref", loc, { lhs: tmpVar, type: lhs.type });
  const update = node("assign", loc, { lhs: target, rhs: cast(binop(target), lhs.type!), type: lhs.type });
  return node("comma", loc, { lhs: setTmp, rhs: update, type: lhs.type });
}

function conditional(p: Parser): Node {
  const c = logor(p);
  if (!p.is("?")) return c;
  const loc = p.next().loc;
  const a = decay(expr(p));
  p.expect(":");
  const b = decay(conditional(p));
  const cond = scalarValue(p, c, "conditional expression");
  let type: Type;
  if (isInteger(a.type!) && isInteger(b.type!)) type = commonType(a.type!, b.type!);   // 6.5.15p5
  else if (a.type!.kind === "ptr") type = a.type!;
  else if (b.type!.kind === "ptr") type = b.type!;
  else type = a.type!;
  const conv = (n: Node) => (n.type!.kind === "void" || type.kind === "struct" || type.kind === "union" ? n : cast(n, type));
  return node("cond", loc, { cond, then: conv(a), els: conv(b), type });
}

function logical(p: Parser, kind: "logand" | "logor", sub_: (p: Parser) => Node, op: string): Node {
  let n = sub_(p);
  while (p.is(op)) {
    const loc = p.next().loc;
    const r = sub_(p);
    n = node(kind, loc, { lhs: scalarValue(p, n, op), rhs: scalarValue(p, r, op), type: T.int });
  }
  return n;
}
const logor = (p: Parser): Node => logical(p, "logor", logand, "||");
const logand = (p: Parser): Node => logical(p, "logand", bitor, "&&");

function leftAssoc(p: Parser, ops: Record<string, (a: Node, b: Node, loc: Loc, op: string) => Node>, sub_: (p: Parser) => Node): Node {
  let n = sub_(p);
  for (;;) {
    const t = p.tok;
    const f = t.kind === "punct" ? ops[t.text] : undefined;
    if (!f) return n;
    p.next();
    n = f(n, sub_(p), t.loc, t.text);
  }
}

const bitor = (p: Parser): Node => leftAssoc(p, { "|": (a, b, l, o) => arithmetic(p, "bor", a, b, l, o) }, bitxor);
const bitxor = (p: Parser): Node => leftAssoc(p, { "^": (a, b, l, o) => arithmetic(p, "bxor", a, b, l, o) }, bitand);
const bitand = (p: Parser): Node => leftAssoc(p, { "&": (a, b, l, o) => arithmetic(p, "band", a, b, l, o) }, equality);
const equality = (p: Parser): Node => leftAssoc(p, {
  "==": (a, b, l, o) => compare(p, "eq", a, b, l, o), "!=": (a, b, l, o) => compare(p, "ne", a, b, l, o),
}, relational);
const relational = (p: Parser): Node => leftAssoc(p, {
  "<": (a, b, l, o) => compare(p, "lt", a, b, l, o), "<=": (a, b, l, o) => compare(p, "le", a, b, l, o),
  ">": (a, b, l, o) => compare(p, "lt", b, a, l, o), ">=": (a, b, l, o) => compare(p, "le", b, a, l, o),
}, shiftExpr);
const shiftExpr = (p: Parser): Node => leftAssoc(p, {
  "<<": (a, b, l, o) => shift(p, "shl", a, b, l, o), ">>": (a, b, l, o) => shift(p, "shr", a, b, l, o),
}, additive);
const additive = (p: Parser): Node => leftAssoc(p, { "+": (a, b, l) => add(p, a, b, l), "-": (a, b, l) => sub(p, a, b, l) }, multiplicative);
const multiplicative = (p: Parser): Node => leftAssoc(p, {
  "*": (a, b, l, o) => arithmetic(p, "mul", a, b, l, o), "/": (a, b, l, o) => arithmetic(p, "div", a, b, l, o),
  "%": (a, b, l, o) => arithmetic(p, "mod", a, b, l, o),
}, castExpr);

function castExpr(p: Parser): Node {
  if (p.is("(") && p.isTypename(p.peekAt(1))) {
    const loc = p.next().loc;
    const type = typeName_(p);
    p.expect(")");
    if (p.is("{")) return postfixTail(p, compoundLiteral(p, type, loc));
    const v = decay(castExpr(p));
    if (type.kind !== "void" && !(isScalar(type) && isScalar(v.type!))) {
      p.error(loc, `conversion to non-scalar type '${typeName(type)}' requested`);
      return v;
    }
    return node("cast", loc, { lhs: v, type });
  }
  return unary(p);
}

function unary(p: Parser): Node {
  const t = p.tok;
  if (t.kind === "punct") {
    switch (t.text) {
      case "+": { p.next(); const v = arithOperand(p, castExpr(p), "unary plus"); return cast(v, promote(v.type!)); }
      case "-": { p.next(); const v = arithOperand(p, castExpr(p), "unary minus"); const ty = promote(v.type!); return node("neg", t.loc, { lhs: cast(v, ty), type: ty }); }
      case "~": { p.next(); const v = arithOperand(p, castExpr(p), "unary ~"); const ty = promote(v.type!); return node("bitnot", t.loc, { lhs: cast(v, ty), type: ty }); }
      case "!": { p.next(); return node("not", t.loc, { lhs: scalarValue(p, castExpr(p), "!"), type: T.int }); }
      case "&": {
        p.next();
        const v = castExpr(p);
        if (v.kind === "var" || v.type!.kind === "func") { /* ok */ }
        else if (!isLvalue(v)) p.error(t.loc, "lvalue required as unary '&' operand");
        return node("addr", t.loc, { lhs: v, type: pointerTo(v.type!) });
      }
      case "*": { p.next(); return deref(p, castExpr(p), t.loc); }
      case "++": case "--": {
        p.next();
        return compoundAssign(p, t.text === "++" ? "add" : "sub", unary(p), num(1n, t.loc), t.loc, t.text[0]);
      }
    }
  }
  if (t.kind === "ident" && (t.text === "sizeof" || t.text === "_Alignof" || t.text === "__alignof__")) {
    p.next();
    let type: Type;
    let at = p.tok.loc;                                   // gcc points at the operand
    if (p.is("(") && p.isTypename(p.peekAt(1))) { p.next(); at = p.tok.loc; type = typeName_(p); p.expect(")"); }
    else type = unary(p).type!;
    if (type.kind === "func") p.error(at, "invalid application of 'sizeof' to a function type");
    else if (type.kind === "void" || ((type.kind === "struct" || type.kind === "union") && !type.complete) || (type.kind === "array" && type.len! < 0)) {
      p.error(at, `invalid application of '${t.text}' to incomplete type '${typeName(type)}'`);
    }
    return num(BigInt(t.text === "sizeof" ? type.size : type.align), t.loc, T.ulong);
  }
  return postfix(p);
}

function arithOperand(p: Parser, n: Node, what: string): Node {
  const v = decay(n);
  if (!isInteger(v.type!)) { p.error(n.loc, `wrong type argument to ${what}`); return num(0n, n.loc); }
  return v;
}

export function deref(p: Parser, n: Node, loc: Loc, op = "unary '*'"): Node {
  const v = decay(n);
  if (v.type!.kind !== "ptr") { p.error(loc, `invalid type argument of ${op} (have '${typeName(v.type!)}')`); return v; }
  const base = v.type!.base!;
  if (base.kind === "func") return v;                     // *fp is the function again
  if (base.kind === "void") p.error(loc, "dereferencing 'void *' pointer");
  return node("deref", loc, { lhs: v, type: base });
}

function postfix(p: Parser): Node {
  return postfixTail(p, primary(p));
}

function postfixTail(p: Parser, n: Node): Node {
  for (;;) {
    const t = p.tok;
    if (t.kind !== "punct") return n;
    if (t.text === "[") {
      p.next();
      const idx = expr(p);
      p.expect("]");
      n = deref(p, add(p, n, idx, t.loc), t.loc);
    } else if (t.text === "(") {
      p.next();
      n = call(p, n, n.loc);
    } else if (t.text === "." || t.text === "->") {
      p.next();
      const name = p.ident("member name");
      if (t.text === "->") n = deref(p, n, t.loc, "'->'");
      n = member(p, n, name.text, t.loc);   // gcc points member errors at the . or ->
    } else if (t.text === "++" || t.text === "--") {
      p.next();
      // a++ is (a += 1) - 1 computed in a's type: the old value, with a updated.
      const one = num(1n, t.loc);
      const updated = compoundAssign(p, t.text === "++" ? "add" : "sub", n, one, t.loc, t.text[0]);
      const back = t.text === "++" ? sub(p, updated, one, t.loc) : add(p, updated, one, t.loc);
      n = cast(back, n.type!);
    } else return n;
  }
}

function member(p: Parser, n: Node, name: string, loc: Loc): Node {
  const t = n.type!;
  if (t.kind !== "struct" && t.kind !== "union") {
    p.error(loc, `request for member '${name}' in something not a structure or union`);
    throw new SyntaxAbort();
  }
  if (!t.complete) { p.error(loc, `invalid use of undefined type '${typeName(t)}'`); throw new SyntaxAbort(); }
  const path = findMember(t, name);
  if (!path) { p.error(loc, `'${typeName(t)}' has no member named '${name}'`); throw new SyntaxAbort(); }
  for (const m of path) n = node("member", loc, { lhs: n, member: m, type: t.isConst ? qualifiedConst(m.type) : m.type });
  return n;
}

/** A member by name, looking inside anonymous struct/union members too. */
function findMember(t: Type, name: string): Member[] | undefined {
  for (const m of t.members!) {
    if (m.name === name) return [m];
    if (m.name === "" && m.type.members) {
      const inner = findMember(m.type, name);
      if (inner) return [m, ...inner];
    }
  }
  return undefined;
}

function call(p: Parser, fn: Node, loc: Loc): Node {
  const f = decay(fn);
  const ft = f.type!.kind === "ptr" ? f.type!.base! : undefined;
  if (!ft || ft.kind !== "func") {
    p.error(loc, `called object ${fn.kind === "var" ? `'${fn.obj!.name}' ` : ""}is not a function or function pointer`);
    throw new SyntaxAbort();
  }
  const args: Node[] = [];
  while (!p.is(")")) {
    if (args.length && !p.consume(",")) break;             // then "expected ')'", as gcc says
    const a = assign(p);
    const i = args.length;
    if (!ft.oldStyle && i < ft.params!.length) args.push(convertForAssign(p, a, ft.params![i], a.loc, `passing argument ${i + 1} of '${describeCallee(fn)}' to parameter of type`));
    else if (!ft.oldStyle && !ft.variadic) { args.push(a); }
    else {
      const v = decay(a);
      args.push(isInteger(v.type!) ? cast(v, promote(v.type!)) : v);   // default argument promotions
    }
  }
  p.expect(")");
  if (!ft.oldStyle && (args.length < ft.params!.length || (!ft.variadic && args.length > ft.params!.length))) {
    p.error(loc, `too ${args.length < ft.params!.length ? "few" : "many"} arguments to function '${describeCallee(fn)}'`);
  }
  const n = node("call", loc, { func: f, args, funcType: ft, type: ft.ret });
  if (ft.ret!.kind === "struct" || ft.ret!.kind === "union") n.retBuffer = newLocal(p, ft.ret!, loc);
  return n;
}

function describeCallee(fn: Node): string {
  return fn.kind === "var" ? fn.obj!.name : "function";
}

function primary(p: Parser): Node {
  const t = p.tok;
  if (p.is("(")) {
    p.next();
    if (p.is("{")) { p.error(t.loc, "statement expressions are not supported by MinOS's C"); throw new SyntaxAbort(); }
    const n = expr(p);
    p.expect(")");
    return n;
  }
  if (t.kind === "number") {
    p.next();
    return intConstant(p, t.text, t.loc);
  }
  if (t.kind === "char") {
    p.next();
    return num(parseCharConstant(t.text, t.loc, p.target.charSigned), t.loc);
  }
  if (t.kind === "string") {
    // Adjacent string literals are one (translation phase 6).
    const bytes: number[] = [];
    while (p.tok.kind === "string") bytes.push(...parseStringLiteral(p.next().text, t.loc));
    const obj = stringLiteral(p, bytes);
    return node("var", t.loc, { obj, type: obj.type });
  }
  if (t.kind === "ident") {
    if (t.text.startsWith("__builtin_va_")) return vaBuiltin(p);
    p.next();
    if ((t.text === "__func__" || t.text === "__FUNCTION__") && p.fn) {   // C99 6.4.2.2
      const obj = stringLiteral(p, Array.from(new TextEncoder().encode(p.fn.name)));
      return node("var", t.loc, { obj, type: obj.type });
    }
    const v = p.lookupVar(t.text);
    if (v?.obj) return node("var", t.loc, { obj: v.obj, type: v.obj.type });
    if (v?.enumValue !== undefined) return num(v.enumValue, t.loc);
    if (p.is("(")) p.error(t.loc, `implicit declaration of function '${t.text}' (declare it, or include the header that does)`);
    else p.error(t.loc, `'${t.text}' undeclared${p.fn ? " (first use in this function)" : " here (not in a function)"}`);
    throw new SyntaxAbort();
  }
  p.error(t.loc, `expected expression before '${t.text || "end of input"}'${t.kind === "punct" ? " token" : ""}`);
  throw new SyntaxAbort();
}

/** An integer constant's type is the first of a list that can hold its value (6.4.4.1p5). */
function intConstant(p: Parser, text: string, loc: Loc): Node {
  const lit = parseIntegerLiteral(text, loc);
  const v = lit.value;
  const fitsSigned = (bits: number) => v < 1n << BigInt(bits - 1);
  const fitsUnsigned = (bits: number) => v < 1n << BigInt(bits);
  let type: Type;
  if (lit.unsigned) type = lit.longs === 0 && fitsUnsigned(32) ? T.uint : lit.longs === 2 ? T.ullong : T.ulong;
  else if (lit.longs === 0 && fitsSigned(32)) type = T.int;
  else if (lit.longs === 0 && !lit.decimal && fitsUnsigned(32)) type = T.uint;
  else if (lit.longs <= 1 && fitsSigned(64)) type = T.long;
  else if (lit.longs === 2 && fitsSigned(64)) type = T.llong;
  else {
    if (lit.decimal) p.warn(loc, "integer constant is so large that it is unsigned");
    type = lit.longs === 2 ? T.ullong : T.ulong;
  }
  return num(v, loc, type);
}

/** __builtin_va_start/arg/end/copy: the machinery behind <stdarg.h>. */
function vaBuiltin(p: Parser): Node {
  const t = p.next();
  p.expect("(");
  const ap = assign(p);
  let n: Node;
  switch (t.text) {
    case "__builtin_va_start":
      p.expect(",");
      assign(p);                                           // the last named parameter: not needed
      if (!p.fn?.type.variadic) p.error(t.loc, "'va_start' used in function with fixed arguments");
      n = node("vastart", t.loc, { lhs: decay(ap), type: T.void });
      break;
    case "__builtin_va_arg": {
      p.expect(",");
      const type = typeName_(p);
      n = node("vaarg", t.loc, { lhs: decay(ap), type });
      n = node("deref", t.loc, { lhs: { ...n, type: pointerTo(type) }, type });
      break;
    }
    case "__builtin_va_end": n = node("vaend", t.loc, { lhs: decay(ap), type: T.void }); break;
    case "__builtin_va_copy": p.expect(","); n = node("vacopy", t.loc, { lhs: decay(ap), rhs: decay(assign(p)), type: T.void }); break;
    default: p.error(t.loc, `unknown builtin '${t.text}'`); throw new SyntaxAbort();
  }
  p.expect(")");
  return n;
}

export type { Obj };
