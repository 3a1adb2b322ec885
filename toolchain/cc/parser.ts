// The parser's state: the token cursor, the scopes, and the error recovery
// shared by the declaration, expression and statement parsers (parse-*.ts).
// It is a recursive-descent parser over the C99 grammar (Annex A.2), one
// method per grammar rule, in the style of chibicc.

import type { Node, Obj, Program } from "./ast";
import { CompileError, Diagnostics, type Loc } from "./diag";
import type { Token } from "./lex";
import type { Type } from "./types";

/** What an identifier means in a scope. */
export interface VarScope {
  obj?: Obj;
  typedef?: Type;
  /** Enumeration constant. */
  enumValue?: bigint;
  enumType?: Type;
  /** A local declared with an initializer (to word a redeclaration as gcc does). */
  initialized?: boolean;
}

interface Scope {
  vars: Map<string, VarScope>;
  tags: Map<string, Type>;
}

export const KEYWORDS = new Set([
  "auto", "break", "case", "char", "const", "continue", "default", "do", "else", "enum", "extern", "for",
  "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed", "sizeof",
  "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool",
  "__restrict", "__restrict__", "__inline", "__inline__", "__attribute__", "__extension__", "__volatile__",
  "_Noreturn", "_Alignof", "__alignof__", "_Static_assert", "__builtin_va_list", "__builtin_va_start", "__int128",
  "__builtin_va_arg", "__builtin_va_end", "__builtin_va_copy", "__const", "__signed__", "float", "double",
]);

/** Recovery after a syntax error: skip to the end of the statement or declaration. */
export class SyntaxAbort {}

export class Parser {
  pos = 0;
  scopes: Scope[] = [{ vars: new Map(), tags: new Map() }];
  program: Program = { globals: [], literals: [] };
  /** The function being parsed. */
  fn?: Obj;
  labelCount = 0;
  /** Innermost break/continue targets and the enclosing switch. */
  brk?: string;
  cont?: string;
  sw?: Node;

  constructor(readonly tokens: Token[], readonly diags: Diagnostics, readonly target: { charSigned: boolean; arch: "x86_64" | "arm64" }) {}

  get tok(): Token { return this.tokens[this.pos]; }
  peekAt(n: number): Token { return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)]; }
  next(): Token { const t = this.tokens[this.pos]; if (t.kind !== "eof") this.pos++; return t; }

  /** Is the current token this punctuator or keyword? */
  is(text: string): boolean {
    const t = this.tok;
    return (t.kind === "punct" || t.kind === "ident") && t.text === text;
  }

  consume(text: string): boolean {
    if (!this.is(text)) return false;
    this.pos++;
    return true;
  }

  /** Require `text`, as gcc says it: "expected ';' before '}' token". */
  expect(text: string): Token {
    if (this.is(text)) return this.next();
    const t = this.tok;
    this.error(t.loc, `expected '${text}' ${t.kind === "eof" ? "at end of input" : `before '${t.text}'${t.kind === "punct" ? " token" : ""}`}`);
    throw new SyntaxAbort();
  }

  /** Between declarators: a ',' (or the ';' the caller looks for), as gcc words it. */
  expectComma(): void {
    if (this.consume(",")) return;
    const t = this.tok;
    this.error(t.loc, `expected ',' or ';' ${t.kind === "eof" ? "at end of input" : `before '${t.text}'${t.kind === "punct" ? " token" : ""}`}`);
    throw new SyntaxAbort();
  }

  /** An identifier that is not a keyword. */
  ident(what = "identifier"): Token {
    const t = this.tok;
    if (t.kind !== "ident" || KEYWORDS.has(t.text)) {
      this.error(t.loc, `expected ${what} before '${t.text || "end of input"}'`);
      throw new SyntaxAbort();
    }
    return this.next();
  }

  error(loc: Loc, message: string): void { this.diags.error(loc, message); }

  warn(loc: Loc, message: string): void { this.diags.warning(loc, message); }

  newLabel(): string { return `.L.${this.labelCount++}`; }

  // ---- scopes ----

  enterScope(): void { this.scopes.push({ vars: new Map(), tags: new Map() }); }
  leaveScope(): void { this.scopes.pop(); }
  get atFileScope(): boolean { return this.scopes.length === 1; }

  lookupVar(name: string): VarScope | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].vars.get(name);
      if (v) return v;
    }
    return undefined;
  }

  declareVar(name: string, v: VarScope): void { this.scopes[this.scopes.length - 1].vars.set(name, v); }
  varInCurrentScope(name: string): VarScope | undefined { return this.scopes[this.scopes.length - 1].vars.get(name); }

  lookupTag(name: string, currentOnly = false): Type | undefined {
    for (let i = this.scopes.length - 1; i >= (currentOnly ? this.scopes.length - 1 : 0); i--) {
      const t = this.scopes[i].tags.get(name);
      if (t) return t;
    }
    return undefined;
  }

  declareTag(name: string, t: Type): void { this.scopes[this.scopes.length - 1].tags.set(name, t); }

  /** Is this token the start of a type name (a keyword or a typedef name)? */
  isTypename(t: Token = this.tok): boolean {
    if (t.kind !== "ident") return false;
    if (TYPE_WORDS.has(t.text)) return true;
    return !KEYWORDS.has(t.text) && this.lookupVar(t.text)?.typedef !== undefined;
  }

  /**
   * After a syntax error, skip to the end of the statement or declaration:
   * just past a `;` or a balanced `{ ... }` at this level, or just before a
   * `}` that closes the enclosing block. Stray `)` and `]` are skipped, so
   * recovery always makes progress.
   */
  recover(): void {
    let depth = 0;
    while (this.tok.kind !== "eof") {
      const t = this.tok.kind === "punct" ? this.tok.text : "";
      if (t === "(" || t === "[" || t === "{") depth++;
      else if (t === ")" || t === "]") { if (depth > 0) depth--; }
      else if (t === "}") {
        if (depth === 0) return;
        if (--depth === 0) { this.next(); return; }
      } else if (t === ";" && depth === 0) { this.next(); return; }
      this.next();
    }
  }
}

export const TYPE_WORDS = new Set([
  "void", "_Bool", "char", "short", "int", "long", "signed", "unsigned", "struct", "union", "enum",
  "typedef", "static", "extern", "inline", "const", "volatile", "restrict", "register", "auto",
  "__restrict", "__restrict__", "__inline", "__inline__", "__attribute__", "__extension__", "_Noreturn",
  "__builtin_va_list", "__const", "__signed__", "float", "double", "__int128",
  "_Alignas", "_Atomic", "_Thread_local", "_Complex", "_Imaginary",      // rejected with a clear message
]);

export function isCompileError(e: unknown): e is CompileError {
  return e instanceof CompileError;
}
