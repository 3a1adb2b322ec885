// Statements (C99 6.8), function definitions and file-scope declarations
// (6.9): the top of the parser. `parse` turns a preprocessed token list into
// a Program.

import { node, type Node, type Obj, type Program } from "./ast";
import type { Diagnostics, Loc } from "./diag";
import type { Token } from "./lex";
import { KEYWORDS, Parser, SyntaxAbort, TYPE_WORDS } from "./parser";
import { declarator, declspec, paramNames, type DeclAttr } from "./parse-decl";
import { constExpr, expr } from "./parse-expr";
import { localInit, staticInit } from "./parse-init";
import { compatible, T, type Type, typeName } from "./types";
import { cast, convertForAssign, decay, scalarValue } from "./typing";
import { isInteger, promote } from "./types";

export interface Target { arch: "x86_64" | "arm64"; charSigned: boolean }

export function parse(tokens: Token[], diags: Diagnostics, target: Target): Program {
  const p = new Parser(tokens, diags, target);
  while (p.tok.kind !== "eof") {
    try {
      topLevel(p);
    } catch (e) {
      // A recursive-descent parser recurses once per nesting level; hundreds
      // of nested parentheses or ?: exhaust JavaScript's stack. Say so, there.
      if (e instanceof RangeError && /call stack/i.test(e.message)) p.error(p.tok.loc, "expression nested too deeply for MinOS's compiler");
      else if (!(e instanceof SyntaxAbort)) throw e;
      p.recover();
    }
  }
  for (const g of p.program.globals) {
    if (g.isFunction && g.isStatic && !g.isDefinition) diags.warning(g.loc, `'${g.name}' declared 'static' but never defined`);
  }
  return p.program;
}

/**
 * `_Static_assert(expr, "message");` (C11; gcc accepts it in C99 programs
 * too): checked at compile time, and nothing is emitted.
 */
function staticAssert(p: Parser): boolean {
  if (!p.is("_Static_assert")) return false;
  const keyword = p.next();
  p.expect("(");
  const at = p.tok.loc;
  const v = constExpr(p, { loc: at, message: "expression in static assertion is not an integer constant expression" });
  p.expect(",");
  const msg = p.tok;
  if (msg.kind !== "string") p.error(msg.loc, "expected string literal");
  else p.next();
  p.expect(")");
  p.expect(";");
  if (v === 0n) p.error(keyword.loc, `static assertion failed: ${msg.text}`);
  return true;
}

/**
 * `foo x;` where foo names nothing: gcc's "unknown type name" (a missing
 * #include or a typo), rather than a confusing complaint about `x`.
 */
function unknownTypeName(p: Parser, fileScope: boolean): void {
  const t = p.tok, next = p.peekAt(1);
  if (t.kind !== "ident" || KEYWORDS.has(t.text) || TYPE_WORDS.has(t.text) || p.lookupVar(t.text)) return;
  if (next.kind === "ident" && !KEYWORDS.has(next.text) || (fileScope && next.text === "*")) {
    p.error(t.loc, `unknown type name '${t.text}'`);
    throw new SyntaxAbort();
  }
}

function topLevel(p: Parser): void {
  if (staticAssert(p)) return;
  unknownTypeName(p, true);
  const attr: DeclAttr = { isTypedef: false, isStatic: false, isExtern: false, isInline: false };
  const base = declspec(p, attr);
  if (p.consume(";")) return;                              // `struct s { ... };`
  for (let first = true; !p.consume(";"); first = false) {
    if (!first) p.expectComma();
    const d = declarator(p, base);
    const name = d.name!;
    if (attr.isTypedef) { declareTypedef(p, name, d.type); continue; }
    if (d.type.kind === "func") {
      const fn = declareFunction(p, name, d.type, attr);
      if (first && p.is("{")) { functionBody(p, fn, d.type, name.loc); return; }
      continue;
    }
    globalVariable(p, name, d.type, attr);
  }
}

function declareTypedef(p: Parser, name: Token, type: Type): void {
  const old = p.varInCurrentScope(name.text);
  if (old && !(old.typedef && compatible(old.typedef, type))) p.error(name.loc, `conflicting types for '${name.text}'; have '${typeName(type)}'`);
  // The typedef names the type itself (not a copy), so a struct completed
  // later (`typedef struct s S; struct s { ... };`) is complete through S too.
  p.declareVar(name.text, { typedef: type });
}

function declareFunction(p: Parser, name: Token, type: Type, attr: DeclAttr): Obj {
  const old = p.lookupVar(name.text)?.obj;
  if (old) {
    if (!old.isFunction || !compatible(old.type, type)) {
      p.error(name.loc, `conflicting types for '${name.text}'; have '${typeName(type)}'`);
    } else {
      if (old.type.oldStyle && !type.oldStyle) old.type = type;
      if (attr.isStatic) old.isStatic = true;
      return old;
    }
  }
  const fn: Obj = { name: name.text, type, loc: name.loc, isLocal: false, offset: 0, isStatic: attr.isStatic, isFunction: true, isDefinition: false, align: 1, isInline: attr.isInline };
  p.scopes[0].vars.set(name.text, { obj: fn });
  if (!old) p.program.globals.push(fn);
  return fn;
}

function globalVariable(p: Parser, name: Token, type: Type, attr: DeclAttr): void {
  let obj = p.lookupVar(name.text)?.obj;
  if (obj) {
    if (obj.isFunction || !compatible(obj.type, type)) p.error(name.loc, `conflicting types for '${name.text}'; have '${typeName(type)}'`);
    if (obj.type.kind === "array" && obj.type.len! < 0 && type.kind === "array") obj.type = type;
  } else {
    obj = { name: name.text, type, loc: name.loc, isLocal: false, offset: 0, isStatic: attr.isStatic, isFunction: false, isDefinition: !attr.isExtern, align: type.align };
    p.declareVar(name.text, { obj });
    p.program.globals.push(obj);
  }
  if (!attr.isExtern) obj.isDefinition = true;
  if (p.consume("=")) {
    if (obj.init) p.error(name.loc, `redefinition of '${name.text}'`);
    if (attr.isExtern) p.warn(name.loc, `'${name.text}' initialized and declared 'extern'`);
    obj.isDefinition = true;
    obj.isTentative = false;
    staticInit(p, obj);
  } else if (!attr.isExtern && !obj.init) {
    obj.isTentative = true;
  }
  if (obj.isDefinition && (obj.type.kind === "void" || ((obj.type.kind === "struct" || obj.type.kind === "union") && !obj.type.complete))) {
    p.error(name.loc, `storage size of '${name.text}' isn't known`);
  }
}

function functionBody(p: Parser, fn: Obj, type: Type, at: Loc): void {
  if (fn.isDefinition) p.error(at, `redefinition of '${fn.name}'`);
  fn.isDefinition = true;
  fn.type = type;
  fn.params = [];
  fn.locals = [];
  p.fn = fn;
  p.enterScope();
  const names = paramNames(type);
  type.params!.forEach((pt, i) => {
    const n = names[i];
    if (!n) { p.error(p.tok.loc, `parameter name omitted`); return; }
    const obj: Obj = { name: n.text, type: pt, loc: n.loc, isLocal: true, offset: 0, isStatic: false, isFunction: false, isDefinition: true, align: pt.align };
    fn.params!.push(obj);
    fn.locals!.push(obj);
    p.declareVar(n.text, { obj });
  });
  const labels = new Map<string, Loc>(), gotos: Token[] = [];
  const ctx = { labels, gotos };
  fn.body = compound(p, ctx);
  p.leaveScope();
  for (const g of gotos) if (!labels.has(g.text)) p.error(g.loc, `label '${g.text}' used but not defined`);
  p.fn = undefined;
}

interface FnCtx { labels: Map<string, Loc>; gotos: Token[] }

function compound(p: Parser, ctx: FnCtx): Node {
  const open = p.expect("{");
  const body: Node[] = [];
  p.enterScope();
  while (!p.consume("}")) {
    if (p.tok.kind === "eof") {
      // Like gcc, point at the last token rather than past the end of the file.
      p.error(p.tokens[Math.max(0, p.pos - 1)].loc, "expected declaration or statement at end of input");
      break;
    }
    try {
      if (staticAssert(p)) continue;
      if (p.isTypename() && p.peekAt(1).text !== ":") body.push(...declaration(p));
      else body.push(statement(p, ctx));
    } catch (e) {
      if (!(e instanceof SyntaxAbort)) throw e;
      p.recover();
    }
  }
  p.leaveScope();
  return node("block", open.loc, { body });
}

let staticCount = 0;

/** A declaration inside a function: locals (with initializers), static locals, typedefs. */
function declaration(p: Parser): Node[] {
  const attr: DeclAttr = { isTypedef: false, isStatic: false, isExtern: false, isInline: false };
  const base = declspec(p, attr);
  const out: Node[] = [];
  for (let first = true; !p.consume(";"); first = false) {
    if (!first) p.expectComma();
    const d = declarator(p, base);
    const name = d.name!;
    if (attr.isTypedef) { declareTypedef(p, name, d.type); continue; }
    if (d.type.kind === "func") { declareFunction(p, name, d.type, attr); continue; }
    if (attr.isExtern) { globalVariable(p, name, d.type, attr); p.declareVar(name.text, { obj: p.scopes[0].vars.get(name.text)?.obj }); continue; }
    const old = p.varInCurrentScope(name.text);
    if (old) {
      // gcc's words: two initialized definitions are a "redefinition"; otherwise
      // a second declaration of a local (which has no linkage) is the mistake.
      const both = p.is("=") && old.initialized;
      p.error(name.loc, both ? `redefinition of '${name.text}'` : `redeclaration of '${name.text}' with no linkage`);
    }
    if (attr.isStatic) {
      // A static local is a global with a private name, visible only in this scope.
      const obj: Obj = { name: `${name.text}.${staticCount++}`, type: d.type, loc: name.loc, isLocal: false, offset: 0, isStatic: true, isFunction: false, isDefinition: true, align: d.type.align };
      p.declareVar(name.text, { obj, initialized: p.is("=") });
      p.program.globals.push(obj);
      if (p.consume("=")) staticInit(p, obj);
      else obj.init = new Uint8Array(obj.type.size);
      continue;
    }
    const obj: Obj = { name: name.text, type: d.type, loc: name.loc, isLocal: true, offset: 0, isStatic: false, isFunction: false, isDefinition: true, align: d.type.align };
    p.declareVar(name.text, { obj, initialized: p.is("=") });
    p.fn!.locals!.push(obj);
    if (p.consume("=")) { out.push(node("exprstmt", name.loc, { lhs: localInit(p, obj) })); }
    if (obj.type.kind === "void") p.error(name.loc, `variable or field '${name.text}' declared void`);
    else if (obj.type.size === 0 && obj.type.kind !== "array" || (obj.type.kind === "array" && obj.type.len! < 0)) {
      p.error(name.loc, obj.type.kind === "array" ? `array size missing in '${name.text}'` : `storage size of '${name.text}' isn't known`);
    }
  }
  return out;
}

const ASM = ["asm", "__asm", "__asm__"];

function statement(p: Parser, ctx: FnCtx): Node {
  const t = p.tok;
  unknownTypeName(p, false);
  if (t.text === "else" && t.kind === "ident") { p.error(t.loc, "'else' without a previous 'if'"); throw new SyntaxAbort(); }
  if (t.kind === "ident" && ASM.includes(t.text) && ["(", "volatile", "__volatile__", "goto", "inline"].includes(p.peekAt(1).text)) {
    p.error(t.loc, "inline assembly is not supported by MinOS's C (write the function in a .s file)");
    throw new SyntaxAbort();
  }
  if (t.kind === "ident" && p.peekAt(1).text === ":" && !["default", "case"].includes(t.text) && !p.isTypename()) {
    p.next(); p.next();
    if (ctx.labels.has(t.text)) p.error(t.loc, `duplicate label '${t.text}'`);
    ctx.labels.set(t.text, t.loc);
    if (p.is("}")) return node("label", t.loc, { label: t.text, lhs: node("null", t.loc) });
    return node("label", t.loc, { label: t.text, lhs: statement(p, ctx) });
  }
  switch (t.text) {
    case "{": return compound(p, ctx);
    case ";": p.next(); return node("null", t.loc);
    case "if": {
      p.next(); p.expect("(");
      const cond = scalarValue(p, expr(p), "if");
      p.expect(")");
      const then = statement(p, ctx);
      const els = p.consume("else") ? statement(p, ctx) : undefined;
      return node("if", t.loc, { cond, then, els });
    }
    case "while": {
      p.next(); p.expect("(");
      const cond = scalarValue(p, expr(p), "while");
      p.expect(")");
      return loop(p, ctx, (n) => { n.cond = cond; n.then = statement(p, ctx); }, "for", t.loc);
    }
    case "do": {
      p.next();
      const n = loop(p, ctx, (x) => { x.then = statement(p, ctx); }, "do", t.loc);
      p.expect("while"); p.expect("(");
      n.cond = scalarValue(p, expr(p), "do-while");
      p.expect(")"); p.expect(";");
      return n;
    }
    case "for": {
      p.next(); p.expect("(");
      p.enterScope();
      let init: Node | undefined;
      if (p.isTypename()) { const ds = declaration(p); init = node("block", t.loc, { body: ds }); }
      else if (!p.consume(";")) { init = node("exprstmt", t.loc, { lhs: expr(p) }); p.expect(";"); }
      const cond = p.is(";") ? undefined : scalarValue(p, expr(p), "for");
      p.expect(";");
      const inc = p.is(")") ? undefined : expr(p);
      p.expect(")");
      const n = loop(p, ctx, (x) => { x.then = statement(p, ctx); }, "for", t.loc);
      Object.assign(n, { init, cond, inc });
      p.leaveScope();
      return n;
    }
    case "switch": return switchStmt(p, ctx);
    case "case": case "default": return caseLabel(p, ctx);
    case "break": case "continue": {
      p.next(); p.expect(";");
      const target = t.text === "break" ? p.brk : p.cont;
      if (!target) p.error(t.loc, `${t.text} statement not within ${t.text === "break" ? "loop or switch" : "a loop"}`);
      return node(t.text === "break" ? "break" : "continue", t.loc, { label: target });
    }
    case "goto": {
      p.next();
      const label = p.ident("label name");
      p.expect(";");
      ctx.gotos.push({ ...label, loc: t.loc });   // an undefined label is reported at its goto, as gcc does
      return node("goto", t.loc, { label: label.text });
    }
    case "return": return returnStmt(p);
  }
  const e = expr(p);
  p.expect(";");
  return node("exprstmt", t.loc, { lhs: e });
}

/** A loop with fresh break/continue labels; `fill` parses its parts. */
function loop(p: Parser, _ctx: FnCtx, fill: (n: Node) => void, kind: "for" | "do", loc: Loc): Node {
  const n = node(kind, loc, { brk: p.newLabel(), cont: p.newLabel() });
  const [brk, cont] = [p.brk, p.cont];
  p.brk = n.brk; p.cont = n.cont;
  try { fill(n); } finally { p.brk = brk; p.cont = cont; }
  return n;
}

function switchStmt(p: Parser, ctx: FnCtx): Node {
  const t = p.next();
  p.expect("(");
  let cond = decay(expr(p));
  if (!isInteger(cond.type!)) p.error(cond.loc, "switch quantity not an integer");
  else cond = cast(cond, promote(cond.type!));
  p.expect(")");
  const n = node("switch", t.loc, { cond, cases: [], brk: p.newLabel() });
  const [sw, brk] = [p.sw, p.brk];
  p.sw = n; p.brk = n.brk;
  try { n.then = statement(p, ctx); } finally { p.sw = sw; p.brk = brk; }
  return n;
}

function caseLabel(p: Parser, ctx: FnCtx): Node {
  const t = p.next();
  const sw = p.sw;
  const n = node("case", t.loc, { label: p.newLabel() });
  if (t.text === "default") {
    p.expect(":");
    if (!sw) p.error(t.loc, "'default' label not within a switch statement");
    else if (sw.defaultCase) p.error(t.loc, "multiple default labels in one switch");
    else sw.defaultCase = n;
  } else {
    const ty = sw?.cond?.type ?? T.int;
    const wrap = (v: bigint) => (ty.unsigned ? BigInt.asUintN(ty.size * 8, v) : BigInt.asIntN(ty.size * 8, v));
    const notConstant = { loc: t.loc, message: "case label does not reduce to an integer constant" };
    n.begin = n.end = wrap(constExpr(p, notConstant));
    if (p.consume("...")) n.end = wrap(constExpr(p, notConstant));      // GNU case ranges
    p.expect(":");
    if (!sw) p.error(t.loc, "case label not within a switch statement");
    else {
      if (sw.cases!.some((c) => c.begin! <= n.end! && n.begin! <= c.end!)) p.error(t.loc, "duplicate case value");
      sw.cases!.push(n);
    }
  }
  n.lhs = p.is("}") ? node("null", t.loc) : statement(p, ctx);
  return n;
}

function returnStmt(p: Parser): Node {
  const t = p.next();
  const ret = p.fn!.type.ret!;
  if (p.consume(";")) {
    if (ret.kind !== "void") p.warn(t.loc, `'return' with no value, in function returning non-void`);
    return node("return", t.loc);
  }
  const e = expr(p);
  p.expect(";");
  if (ret.kind === "void") {
    if (e.type!.kind !== "void") p.error(t.loc, `'return' with a value, in function returning void`);
    return node("return", t.loc, { lhs: e });
  }
  return node("return", t.loc, { lhs: convertForAssign(p, e, ret, e.loc, "returning") });
}
