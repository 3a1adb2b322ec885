// Initializers (C99 6.7.8): braces, designators (`.x = 1`, `[3] = 7`),
// brace elision, strings initializing char arrays, and arrays whose length
// comes from their initializer. An initializer is first parsed into a tree
// that mirrors the object's type; a local turns it into assignments, a static
// object into bytes plus relocations for the addresses it holds.

import { node, type Node, type Obj } from "./ast";
import { evalLabel, NotConstant, truncate } from "./consteval";
import type { Loc } from "./diag";
import { Parser } from "./parser";
import { assign, constExpr } from "./parse-expr";
import { arrayOf, T, type Type, typeName } from "./types";
import { convertForAssign, decay } from "./typing";

interface Init {
  type: Type;
  /** A scalar's (or a whole struct's) value. */
  expr?: Node;
  /** Elements or members, for arrays, structs and unions. */
  children?: (Init | undefined)[];
  /** The union member being initialized. */
  unionMember?: number;
  /** Where the initializer expression starts (errors point there, as gcc's do). */
  at?: Loc;
}

let anon = 0;

/** An unnamed local the compiler needs (a temporary, a struct return buffer). */
export function newLocal(p: Parser, type: Type, loc: Loc, name = `.tmp${anon++}`): Obj {
  const obj: Obj = { name, type, loc, isLocal: true, offset: 0, isStatic: false, isFunction: false, isDefinition: true, align: type.align };
  if (p.fn) p.fn.locals!.push(obj);
  else { obj.isLocal = false; obj.isStatic = true; p.program.globals.push(obj); }
  return obj;
}

/** A string literal: an anonymous static array of char, NUL-terminated. */
export function stringLiteral(p: Parser, bytes: number[]): Obj {
  const type = arrayOf(p.target.charSigned ? T.schar : T.uchar, bytes.length + 1);
  const obj: Obj = {
    name: `.L.str.${p.program.literals.length}`, type, loc: p.tok.loc, isLocal: false, offset: 0, isStatic: true,
    isFunction: false, isDefinition: true, align: 1, init: Uint8Array.from([...bytes, 0]), relocs: [],
  };
  p.program.literals.push(obj);
  return obj;
}

/** `(type){ ... }` (6.5.2.5): an unnamed object, static at file scope, automatic in a function. */
export function compoundLiteral(p: Parser, type: Type, loc: Loc): Node {
  if (!p.fn) {
    const obj = newLocal(p, type, loc, `.L.compound.${anon++}`);
    staticInit(p, obj);
    return node("var", loc, { obj, type: obj.type });
  }
  const obj = newLocal(p, type, loc);
  const init = localInit(p, obj);
  return node("comma", loc, { lhs: init, rhs: node("var", loc, { obj, type: obj.type }), type: obj.type, compound: true });
}

function newInit(type: Type): Init {
  if (type.kind === "array") return { type, children: type.len! >= 0 ? new Array(type.len).fill(undefined) : [] };
  if (type.kind === "struct" || type.kind === "union") return { type, children: new Array(type.members!.length).fill(undefined) };
  return { type };
}

function childType(init: Init, i: number): Type {
  return init.type.kind === "array" ? init.type.base! : init.type.members![i].type;
}

/** Parse an initializer for `type` (the `= ...` part, after the `=`). */
function parseInit(p: Parser, type: Type): Init {
  const init = newInit(type);
  initializer(p, init);
  return init;
}

function initializer(p: Parser, init: Init): void {
  const t = init.type;
  // char s[] = "abc";  or  char s[4] = { "abc" };
  if (t.kind === "array" && (t.base!.kind === "char") && (p.tok.kind === "string" || (p.is("{") && p.peekAt(1).kind === "string"))) {
    const braced = p.consume("{");
    const str = decay(assign(p));
    const bytes = str.kind === "cast" && str.lhs!.kind === "var" && str.lhs!.obj!.init ? Array.from(str.lhs!.obj!.init!) : [];
    if (t.len! < 0) { init.type = arrayOf(t.base!, bytes.length); init.children = new Array(bytes.length).fill(undefined); }
    else if (bytes.length - 1 > t.len!) p.warn(str.loc, "initializer-string for array of 'char' is too long");
    const n = Math.min(bytes.length, init.children!.length);
    for (let i = 0; i < n; i++) init.children![i] = { type: t.base!, expr: { kind: "num", loc: str.loc, value: BigInt(bytes[i]), type: T.int } };
    if (braced) { p.consume(","); p.expect("}"); }
    return;
  }
  if (t.kind === "array" || t.kind === "struct" || t.kind === "union") {
    if (p.is("{")) { p.next(); braced(p, init); return; }
    if (t.kind !== "array") {
      // A struct may be initialized from an expression of its type ...
      const start = p.pos;
      const e = assign(p);
      if (e.type!.kind === t.kind && (e.type === t || e.type!.members === t.members)) { init.expr = e; return; }
      p.pos = start;
    }
    unbraced(p, init);                                      // ... or by brace elision
    return;
  }
  if (p.is("{")) {                                          // `int x = { 3 };` is allowed
    p.next();
    if (p.is("[") || p.is(".")) {                           // but not a designator into a scalar
      if (p.is("[")) p.error(p.peekAt(1).loc, "array index in non-array initializer");
      else p.error(p.tok.loc, "field name not in record or union initializer");
      skipElement(p);
      p.consume(",");
      p.expect("}");
      return;
    }
    init.at = p.tok.loc;
    init.expr = assign(p);
    p.consume(",");
    p.expect("}");
    return;
  }
  init.at = p.tok.loc;
  init.expr = assign(p);
}

/** The elements inside `{ ... }`, with designators; a trailing comma is allowed. */
function braced(p: Parser, init: Init): void {
  let i = 0;
  for (let first = true; !p.consume("}"); first = false) {
    if (!first) {
      p.expect(",");
      if (p.consume("}")) return;
    }
    if (p.is("[") || p.is(".")) { i = designated(p, init) + 1; continue; }
    if (slot(p, init, i)) initializer(p, element(init, i));
    else skipExcess(p);
    if (init.type.kind === "union") init.unionMember ??= i;
    i++;
  }
}

/** Without braces, a sub-aggregate takes as many initializers as it needs (brace elision). */
function unbraced(p: Parser, init: Init): void {
  const n = init.children!.length;
  for (let i = 0; (init.type.kind === "array" && init.type.len! < 0) || i < n; i++) {
    if (i > 0) {
      if (!p.is(",") || p.peekAt(1).text === "}" || p.peekAt(1).text === "." || p.peekAt(1).text === "[") return;
      p.next();
    }
    if (!slot(p, init, i)) return;
    initializer(p, element(init, i));
    if (init.type.kind === "union") { init.unionMember = i; return; }
  }
}

/**
 * `[index] = ` or `.member = ` (possibly chained); returns the index
 * designated. A designator that does not fit the object (an index into a
 * struct, a member of an array, an unknown member, an index out of bounds)
 * is reported and its whole element skipped; it returns -1 then.
 */
function designated(p: Parser, init: Init): number {
  let i: number;
  if (p.consume("[")) {
    const at = p.tok.loc;
    const isArray = init.type.kind === "array";
    if (!isArray) p.error(at, "array index in non-array initializer");
    i = Number(constExpr(p));
    p.expect("]");
    if (!isArray) return skipElement(p);
    if (i < 0 || (init.type.len! >= 0 && i >= init.type.len!)) { p.error(at, "array index in initializer exceeds array bounds"); return skipElement(p); }
    slot(p, init, i);
  } else {
    const dot = p.expect(".");
    const name = p.ident("member name");
    if (!init.type.members) { p.error(dot.loc, "field name not in record or union initializer"); return skipElement(p); }
    i = init.type.members.findIndex((m) => m.name === name.text);
    if (i < 0) { p.error(name.loc, `'${typeName(init.type)}' has no member named '${name.text}'`); return skipElement(p); }
    if (init.type.kind === "union") init.unionMember = i;
  }
  const child = element(init, i);
  if (p.is("[") || p.is(".")) { designated(p, child); return i; }
  p.consume("=");
  initializer(p, child);
  return i;
}

/** After a bad designator: skip the rest of its designator chain and its initializer. */
function skipElement(p: Parser): number {
  for (;;) {
    if (p.consume("[")) { constExpr(p); p.expect("]"); }
    else if (p.consume(".")) p.ident("member name");
    else break;
  }
  p.consume("=");
  skipExcess(p);
  return -1;
}

/** Make room for element `i`; false (with a warning) if there is none. */
function slot(p: Parser, init: Init, i: number): boolean {
  const c = init.children!;
  if (init.type.kind === "array" && init.type.len! < 0) { while (c.length <= i) c.push(undefined); return true; }
  if (i < c.length) return true;
  p.warn(p.tok.loc, `excess elements in ${init.type.kind === "array" ? "array" : init.type.kind} initializer`);
  return false;
}

function skipExcess(p: Parser): void {
  if (p.consume("{")) { let d = 1; while (d > 0 && p.tok.kind !== "eof") { if (p.is("{")) d++; if (p.is("}")) d--; p.next(); } }
  else assign(p);
}

function element(init: Init, i: number): Init {
  return (init.children![i] ??= newInit(childType(init, i)));
}

/** The final type of an object with an initializer (an `int a[]` gets its length). */
function completedType(init: Init): Type {
  const t = init.type;
  if (t.kind === "array" && t.len! < 0) return arrayOf(t.base!, init.children!.length);
  return t;
}

// ---- Locals: zero the object, then assign each initialized scalar ----

export function localInit(p: Parser, obj: Obj): Node {
  const init = parseInit(p, obj.type);
  obj.type = completedType(init);
  const loc = obj.loc;
  const v = node("var", loc, { obj, type: obj.type });
  if (init.expr && obj.type.kind !== "array") {           // a scalar or a whole struct (const is fine: it is initialization)
    return node("assign", loc, { lhs: v, rhs: convertForAssign(p, init.expr, obj.type, init.expr.loc, "initialization of"), type: obj.type });
  }
  const zero = node("memzero", loc, { obj, type: T.void });
  const stores: Node[] = [];
  assignments(p, init, v, stores);
  return stores.reduce((acc, s) => node("comma", loc, { lhs: acc, rhs: s, type: s.type }), zero);
}

function assignments(p: Parser, init: Init, target: Node, out: Node[]): void {
  const t = init.type;
  if (init.expr) { out.push(node("assign", init.expr.loc, { lhs: target, rhs: convertForAssign(p, init.expr, target.type!, init.expr.loc, "initialization of"), type: target.type })); return; }
  if (!init.children) return;
  init.children.forEach((c, i) => {
    if (!c || (t.kind === "union" && i !== (init.unionMember ?? 0))) return;
    const loc = target.loc;
    const sub = t.kind === "array"
      ? node("deref", loc, { lhs: node("add", loc, { lhs: node("cast", loc, { lhs: target, type: { kind: "ptr", size: 8, align: 8, unsigned: true, base: t.base } }), rhs: { kind: "num", loc, value: BigInt(i * t.base!.size), type: T.long }, type: { kind: "ptr", size: 8, align: 8, unsigned: true, base: t.base } }), type: t.base })
      : node("member", loc, { lhs: target, member: t.members![i], type: t.members![i].type });
    assignments(p, c, sub, out);
  });
}

// ---- Statics: bytes and relocations ----

export function staticInit(p: Parser, obj: Obj): void {
  const init = parseInit(p, obj.type);
  obj.type = completedType(init);
  const bytes = new Uint8Array(obj.type.size);
  const relocs: NonNullable<Obj["relocs"]> = [];
  writeInit(p, init, bytes, 0, relocs);
  obj.init = bytes;
  obj.relocs = relocs;
}

function writeInit(p: Parser, init: Init, buf: Uint8Array, off: number, relocs: NonNullable<Obj["relocs"]>): void {
  const t = init.type;
  if (init.expr) {
    const at = init.at ?? init.expr.loc;
    if (t.kind === "struct" || t.kind === "union") { p.error(at, "initializer element is not constant"); return; }
    const e = convertForAssign(p, init.expr, t, init.expr.loc, "initialization of");
    try {
      const v = evalLabel(e);
      if (v.label !== undefined) {
        if (t.size !== 8) { p.error(at, "initializer element is not computable at load time"); return; }
        relocs.push({ offset: off, label: v.label, addend: v.value });
        return;
      }
      const x = BigInt.asUintN(64, truncate(v.value, t));
      for (let k = 0; k < t.size; k++) buf[off + k] = Number((x >> BigInt(8 * k)) & 0xffn);
    } catch (err) {
      if (!(err instanceof NotConstant)) throw err;
      p.error(at, "initializer element is not constant");
    }
    return;
  }
  init.children?.forEach((c, i) => {
    if (!c || (t.kind === "union" && i !== (init.unionMember ?? 0))) return;
    const at = t.kind === "array" ? off + i * t.base!.size : off + t.members![i].offset;
    writeInit(p, c, buf, at, relocs);
  });
}
