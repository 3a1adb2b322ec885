// Declarations (C99 6.7): declaration specifiers, declarators (the inside-out
// syntax of `int (*fp[4])(char *)`), struct/union/enum definitions and
// type names.

import type { Token } from "./lex";
import { KEYWORDS, Parser, SyntaxAbort, TYPE_WORDS } from "./parser";
import { constExpr } from "./parse-expr";
import { arrayOf, enumType, funcType, pointerTo, qualifiedConst, structType, T, type Member, type Type, typeName } from "./types";

export interface DeclAttr {
  isTypedef: boolean;
  isStatic: boolean;
  isExtern: boolean;
  isInline: boolean;
}

// Bit counts for the base-type keywords (chibicc's trick): adding a keyword's
// value and looking the sum up tells `long long unsigned int` from nonsense.
const VOID = 1 << 0, BOOL = 1 << 2, CHAR = 1 << 4, SHORT = 1 << 6, INT = 1 << 8, LONG = 1 << 10, OTHER = 1 << 12,
  SIGNED = 1 << 13, UNSIGNED = 1 << 14;

function baseType(p: Parser, counter: number, charType: Type): Type | undefined {
  switch (counter) {
    case VOID: return T.void;
    case BOOL: return T.bool;
    case CHAR: return charType;
    case SIGNED + CHAR: return T.schar;
    case UNSIGNED + CHAR: return T.uchar;
    case SHORT: case SHORT + INT: case SIGNED + SHORT: case SIGNED + SHORT + INT: return T.short;
    case UNSIGNED + SHORT: case UNSIGNED + SHORT + INT: return T.ushort;
    case INT: case SIGNED: case SIGNED + INT: return T.int;
    case UNSIGNED: case UNSIGNED + INT: return T.uint;
    case LONG: case LONG + INT: case SIGNED + LONG: case SIGNED + LONG + INT: return T.long;
    case UNSIGNED + LONG: case UNSIGNED + LONG + INT: return T.ulong;
    case LONG + LONG: case LONG + LONG + INT: case SIGNED + LONG + LONG: case SIGNED + LONG + LONG + INT: return T.llong;
    case UNSIGNED + LONG + LONG: case UNSIGNED + LONG + LONG + INT: return T.ullong;
    default: return undefined;
  }
}

/** An identifier that is no keyword: a tag or a declared name may reuse a typedef's name. */
function isPlainName(t: Token): boolean {
  return t.kind === "ident" && !KEYWORDS.has(t.text) && !TYPE_WORDS.has(t.text);
}

/** Skip a balanced `( ... )`. */
function skipParens(p: Parser): void {
  let depth = 0;
  do {
    if (p.is("(")) depth++;
    else if (p.is(")")) depth--;
    p.next();
  } while (depth > 0 && p.tok.kind !== "eof");
}

/** Skip `__attribute__((...))` lists (format, noreturn, unused: advice we may ignore). */
export function skipAttributes(p: Parser): void {
  while (p.is("__attribute__")) {
    p.next();
    p.expect("("); p.expect("(");
    let depth = 2;
    while (depth > 0 && p.tok.kind !== "eof") {
      if (p.is("(")) depth++;
      if (p.is(")")) depth--;
      p.next();
    }
  }
}

const SPECIFIER_WORDS = ["void", "_Bool", "char", "short", "int", "long", "signed", "unsigned", "struct", "union", "enum"];

/** declaration-specifiers: storage class, qualifiers and the base type. */
export function declspec(p: Parser, attr?: DeclAttr): Type {
  const charType = p.target.charSigned ? T.schar : T.uchar;
  let counter = 0, ty: Type = T.int, isConst = false;
  let defined = false;                                        // a struct/union/enum body just ended
  const start = p.tok;
  while (p.isTypename()) {
    const t = p.tok;
    switch (t.text) {
      case "typedef": case "static": case "extern": case "inline": case "__inline": case "__inline__": case "_Noreturn":
      case "register": case "auto":
        if (!attr && t.text !== "register" && t.text !== "auto") { p.error(t.loc, `storage class '${t.text}' is not allowed here`); }
        if (attr) {
          if (t.text === "typedef") attr.isTypedef = true;
          else if (t.text === "static") attr.isStatic = true;
          else if (t.text === "extern") attr.isExtern = true;
          else if (t.text.includes("inline")) attr.isInline = true;
          if ((attr.isTypedef ? 1 : 0) + (attr.isStatic ? 1 : 0) + (attr.isExtern ? 1 : 0) > 1) p.error(t.loc, "multiple storage classes in declaration specifiers");
        }
        p.next(); continue;
      case "const": case "__const": isConst = true; p.next(); continue;
      case "volatile": case "restrict": case "__restrict": case "__restrict__": case "__extension__": p.next(); continue;
      case "__attribute__": skipAttributes(p); continue;
      case "__int128": p.error(t.loc, "'__int128' is not supported: MinOS's C has 64-bit integers at most"); p.next(); counter += OTHER; continue;
      case "float": case "double": case "_Complex": case "_Imaginary":
        p.error(t.loc, `'${t.text}' is not supported: MinOS's C has no floating point`); p.next(); counter += OTHER; continue;
      case "_Alignas": case "_Atomic": case "_Thread_local":    // C11 words: say so rather than "expected ..."
        p.error(t.loc, `'${t.text}' is not supported: MinOS's C is C99 (this is C11)`);
        p.next();
        if (t.text !== "_Thread_local" && p.is("(")) skipParens(p);
        continue;
    }
    if (defined && counter === OTHER && SPECIFIER_WORDS.includes(t.text)) {
      // `struct s { ... } int main(...)`: the ';' after a definition is missing.
      p.error(t.loc, `expected ';', identifier or '(' before '${t.text}'`);
      counter = 0; ty = T.int; defined = false;
    }
    if (t.text === "struct" || t.text === "union" || t.text === "enum" || t.text === "__builtin_va_list" || (!["void", "_Bool", "char", "short", "int", "long", "signed", "unsigned", "__signed__"].includes(t.text))) {
      if (counter) break;                                     // `typedef int T; T x;` vs `int T;`
      p.next();
      if (t.text === "struct" || t.text === "union") ty = structDecl(p, t.text);
      else if (t.text === "enum") ty = enumDecl(p);
      else if (t.text === "__builtin_va_list") ty = vaListType(p);
      else ty = p.lookupVar(t.text)!.typedef!;
      defined = (t.text === "struct" || t.text === "union" || t.text === "enum") && p.tokens[p.pos - 1].text === "}";
      counter += OTHER;
      continue;
    }
    p.next();
    switch (t.text) {
      case "void": counter += VOID; break;
      case "_Bool": counter += BOOL; break;
      case "char": counter += CHAR; break;
      case "short": counter += SHORT; break;
      case "int": counter += INT; break;
      case "long": counter += LONG; break;
      case "signed": case "__signed__": counter |= SIGNED; break;
      case "unsigned": counter |= UNSIGNED; break;
    }
    const b = baseType(p, counter, charType);
    if (!b) { p.error(t.loc, `invalid combination of type specifiers before '${t.text}'`); counter = INT; ty = T.int; continue; }
    ty = b;
  }
  if (counter === 0 && !(attr && (attr.isTypedef || attr.isStatic || attr.isExtern))) {
    p.error(start.loc, `expected declaration specifiers before '${start.text || "end of input"}'`);
    throw new SyntaxAbort();
  }
  return isConst ? qualifiedConst(ty) : ty;
}

/** The va_list of each ABI: an array of one struct, so it decays to a pointer when passed. */
function vaListType(p: Parser): Type {
  if (p.target.arch === "x86_64") {
    // System V AMD64 ABI 3.5.7: { unsigned gp_offset, fp_offset; void *overflow_arg_area, *reg_save_area; }
    return arrayOf({ ...structType("struct", "__va_list_tag"), size: 24, align: 8, complete: true }, 1);
  }
  // AAPCS64 (10.1.5): { void *__stack, *__gr_top, *__vr_top; int __gr_offs, __vr_offs; } — a struct, not an array
  return { ...structType("struct", "__va_list"), size: 32, align: 8, complete: true };
}

/** declarator: pointers, then a name or a parenthesized declarator, then suffixes. */
export function declarator(p: Parser, ty: Type, abstract = false): { type: Type; name?: Token } {
  while (p.consume("*")) {
    ty = pointerTo(ty);
    for (;;) {
      if (p.consume("const") || p.consume("__const")) { ty = qualifiedConst(ty); continue; }
      if (p.consume("volatile") || p.consume("restrict") || p.consume("__restrict") || p.consume("__restrict__")) continue;
      break;
    }
  }
  skipAttributes(p);
  if (p.is("(") && !(abstract && (p.peekAt(1).text === ")" || p.isTypename(p.peekAt(1))))) {
    // `(*name)[4]`: parse the suffix first, then the inner declarator applies to it.
    const start = p.pos;
    p.next();
    declarator(p, T.int, abstract);                       // skip the inner part once
    p.expect(")");
    const outer = typeSuffix(p, ty);
    const end = p.pos;
    p.pos = start + 1;
    const inner = declarator(p, outer, abstract);
    p.expect(")");
    p.pos = end;
    return inner;
  }
  let name: Token | undefined;
  // Past the specifiers, a typedef name is the name being declared again
  // (`typedef int T; ... { long T; }`), except where a declarator may be abstract.
  if (p.tok.kind === "ident" && (abstract ? !p.isTypename() : isPlainName(p.tok)) && !["__attribute__"].includes(p.tok.text)) name = p.ident();
  else if (!abstract) { p.error(p.tok.loc, `expected identifier or '(' before '${p.tok.text || "end of input"}'`); throw new SyntaxAbort(); }
  const type = typeSuffix(p, ty);
  skipAttributes(p);
  return { type, name };
}

/** A type name in a cast or sizeof: declaration specifiers and an abstract declarator. */
export function typeName_(p: Parser): Type {
  const base = declspec(p);
  return declarator(p, base, true).type;
}

function typeSuffix(p: Parser, ty: Type): Type {
  if (p.consume("(")) return funcParams(p, ty);
  if (p.consume("[")) {
    while (p.consume("static") || p.consume("const") || p.consume("restrict")) { /* C99 array parameter qualifiers */ }
    let len = -1;
    if (!p.is("]")) {
      const at = p.tok.loc;
      // C99 allows `int a[n]` in a block (a variable-length array); MinOS's C does not.
      const n = constExpr(p, { loc: at, message: "variable-length arrays are not supported by MinOS's C (the size must be a constant)" });
      if (n < 0n) p.error(at, "size of array is negative");
      len = Number(n);
    }
    p.expect("]");
    const inner = typeSuffix(p, ty);
    if (inner.kind === "array" && inner.len! < 0) p.error(p.tok.loc, "array type has incomplete element type");
    if (inner.kind === "func") p.error(p.tok.loc, "declaration of array of functions");
    return arrayOf(inner, len);
  }
  return ty;
}

function funcParams(p: Parser, ret: Type): Type {
  if (ret.kind === "func") p.error(p.tok.loc, "function returning a function");
  if (ret.kind === "array") p.error(p.tok.loc, "function returning an array");
  if (p.is("void") && p.peekAt(1).text === ")") { p.next(); p.next(); return { ...funcType(ret, [], false), paramNames: [] } as Type; }
  if (p.consume(")")) return funcType(ret, [], false, true);
  if (isPlainName(p.tok) && !p.isTypename() && [",", ")"].includes(p.peekAt(1).text)) {
    // `int f(a, b) int a; long b; { ... }`: C99 still allows it, as obsolescent.
    p.error(p.tok.loc, "old-style (K&R) parameter lists are not supported by MinOS's C: give each parameter its type, as in 'int f(int a, long b)'");
    while (!p.is(")") && p.tok.kind !== "eof") p.next();           // skip the whole definition:
    p.next();                                                      // the parameter declarations, then
    if (!p.is(";")) while (!p.is("{") && p.tok.kind !== "eof") p.next();  // the body, in recovery
    throw new SyntaxAbort();
  }
  const params: Type[] = [], names: (Token | undefined)[] = [];
  let variadic = false;
  for (;;) {
    if (p.consume("...")) { variadic = true; break; }
    const base = declspec(p);
    // `void f(T T)`: past the type, a typedef name followed by , ) or [ is the parameter's own name.
    const d = isPlainName(p.tok) && p.isTypename() && [",", ")", "["].includes(p.peekAt(1).text)
      ? { name: p.next(), type: typeSuffix(p, base) } : declarator(p, base, true);
    let t = d.type;
    if (t.kind === "array") t = pointerTo(t.base!);          // 6.7.5.3p7: parameters decay
    else if (t.kind === "func") t = pointerTo(t);
    if (t.kind === "void") { p.error(d.name?.loc ?? p.tok.loc, "'void' must be the only parameter"); }
    params.push(t); names.push(d.name);
    if (!p.consume(",")) break;
  }
  p.expect(")");
  return { ...funcType(ret, params, variadic), paramNames: names } as Type;
}

/** The names given to a function declarator's parameters (for its definition). */
export function paramNames(t: Type): (Token | undefined)[] {
  return (t as Type & { paramNames?: (Token | undefined)[] }).paramNames ?? [];
}

function structDecl(p: Parser, kind: "struct" | "union"): Type {
  skipAttributes(p);
  const tagTok = isPlainName(p.tok) ? p.next() : undefined;     // tags have their own name space
  if (tagTok && !p.is("{")) {
    const old = p.lookupTag(tagTok.text);
    if (old) {
      if (old.kind !== kind) p.error(tagTok.loc, `'${tagTok.text}' defined as wrong kind of tag`);
      return old;
    }
    const t = structType(kind, tagTok.text);                 // incomplete until defined
    p.declareTag(tagTok.text, t);
    return t;
  }
  p.expect("{");
  let ty = tagTok ? p.lookupTag(tagTok.text, true) : undefined;
  if (ty && ty.complete) p.error(tagTok!.loc, `redefinition of '${kind} ${tagTok!.text}'`);
  if (!ty || ty.complete) { ty = structType(kind, tagTok?.text); if (tagTok) p.declareTag(tagTok.text, ty); }
  const members: Member[] = [];
  while (!p.consume("}")) {
    if (p.tok.kind === "eof") { p.expect("}"); }
    try {
      const base = declspec(p);
      if ((base.kind === "struct" || base.kind === "union") && p.consume(";")) {   // anonymous member
        members.push({ name: "", type: base, offset: 0 });
        continue;
      }
      for (let first = true; !p.consume(";"); first = false) {
        if (!first) p.expect(",");
        const d = declarator(p, base);
        if (p.is(":")) { p.error(p.tok.loc, "bit-fields are not supported by MinOS's C"); throw new SyntaxAbort(); }
        if (d.type.kind === "func") p.error(d.name!.loc, `field '${d.name!.text}' declared as a function`);
        else if (!(d.type.kind === "array" && d.type.len! < 0) && (d.type.kind === "void" || ((d.type.kind === "struct" || d.type.kind === "union") && !d.type.complete))) {
          p.error(d.name!.loc, `field '${d.name!.text}' has incomplete type`);
        }
        if (members.some((m) => m.name === d.name!.text)) p.error(d.name!.loc, `duplicate member '${d.name!.text}'`);
        members.push({ name: d.name!.text, type: d.type, offset: 0 });
      }
    } catch (e) {
      if (!(e instanceof SyntaxAbort)) throw e;
      p.recover();
    }
  }
  skipAttributes(p);
  layout(ty, members);
  return ty;
}

/** Offsets, size and alignment of a struct or union (SysV / AAPCS64 rules agree here). */
function layout(ty: Type, members: Member[]): void {
  let offset = 0, align = 1, size = 0;
  for (const m of members) {
    align = Math.max(align, m.type.align);
    if (ty.kind === "struct") {
      offset = Math.ceil(offset / m.type.align) * m.type.align;
      m.offset = offset;
      offset += m.type.size;
    } else {
      m.offset = 0;
      size = Math.max(size, m.type.size);
    }
  }
  if (ty.kind === "struct") size = offset;
  ty.members = members;
  ty.align = align;
  ty.size = Math.ceil(size / align) * align;
  ty.complete = true;
}

function enumDecl(p: Parser): Type {
  const tagTok = isPlainName(p.tok) ? p.next() : undefined;     // tags have their own name space
  if (tagTok && !p.is("{")) {
    const old = p.lookupTag(tagTok.text);
    if (!old) { p.error(tagTok.loc, `'enum ${tagTok.text}' is not defined (MinOS's C has no forward enum declarations)`); return T.int; }
    if (old.kind !== "enum") p.error(tagTok.loc, `'${tagTok.text}' defined as wrong kind of tag`);
    return old;
  }
  const ty = { ...enumType(), tag: tagTok?.text };
  p.expect("{");
  let value = 0n;
  while (!p.consume("}")) {
    const name = p.ident("identifier in enumerator list");
    if (p.consume("=")) value = constExpr(p);
    const old = p.varInCurrentScope(name.text);
    if (old) p.error(name.loc, old.enumValue !== undefined ? `redeclaration of enumerator '${name.text}'` : `'${name.text}' redeclared as different kind of symbol`);
    p.declareVar(name.text, { enumValue: value, enumType: ty });
    value++;
    if (!p.consume(",")) { p.expect("}"); break; }
  }
  if (tagTok) p.declareTag(tagTok.text, ty);
  return ty;
}

export function describe(t: Type): string { return typeName(t); }
