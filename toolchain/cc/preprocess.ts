// The C preprocessor (C99 6.10): directives, conditional inclusion, and
// macro expansion with # and ##.
//
// Macro expansion follows Dave Prosser's algorithm (the one behind the C
// standard's wording): every token carries a "hide set" of the macros whose
// expansion produced it, and a macro name is not expanded again inside its
// own expansion. That is what makes `#define foo foo` terminate and mutually
// recursive macros stop.
//
// Input is consumed from a stack (the next token at the end), so an expansion
// is pushed back in front of the rest and rescanned, in O(1) per token.

import { Diagnostics, fatal, type Loc, type SourceFile } from "./diag";
import { tokenize, type Token } from "./lex";
import { evalPPExpr } from "./ppexpr";

interface Macro {
  name: string;
  /** Parameter names for a function-like macro; undefined for object-like. */
  params?: string[];
  variadic?: boolean;
  body: Token[];
  /** Built-in macros computed at each use (__FILE__, __LINE__). */
  dynamic?: (at: Token) => Token;
}

interface Cond { included: boolean; taken: boolean; sawElse: boolean; loc: Loc; /** if, ifdef or ifndef */ word: string }

/** Where #include finds files: a real file system, or the bundled headers. */
export interface IncludeResolver {
  /** The text of `path`, or undefined if there is no such file. */
  read(path: string): string | undefined;
}

export interface PreprocessOptions {
  /** Directories for #include <...> and, after the file's own, #include "...". */
  includeDirs: string[];
  /** Object-like macros given with -D (value "1" if none). */
  defines?: Record<string, string>;
  /** Macros the target predefines (__x86_64__, __SIZEOF_LONG__, ...). */
  predefined?: Record<string, string>;
  resolver: IncludeResolver;
}

const MAX_INCLUDE_DEPTH = 200;

export class Preprocessor {
  private macros = new Map<string, Macro>();
  private stack: Token[] = [];
  private conds: Cond[] = [];
  private out: Token[] = [];
  private onceFiles = new Set<string>();
  private depth = 0;
  /** #line: from physical line `from` of a file on, __LINE__ counts from `line` and __FILE__ is `name`. */
  private lineMap = new Map<SourceFile, { from: number; line: number; name: string }>();

  constructor(private opts: PreprocessOptions, readonly diags: Diagnostics) {
    for (const [k, v] of Object.entries({ ...opts.predefined, ...opts.defines })) this.defineText(k, v);
    const logical = (loc: Loc) => {
      const m = this.lineMap.get(loc.file);
      return m ? { name: m.name, line: m.line + loc.line - m.from } : { name: loc.file.name, line: loc.line };
    };
    this.macros.set("__FILE__", { name: "__FILE__", body: [], dynamic: (t) => ({ ...t, kind: "string", text: JSON.stringify(logical(t.loc).name) }) });
    this.macros.set("__LINE__", { name: "__LINE__", body: [], dynamic: (t) => ({ ...t, kind: "number", text: String(logical(t.loc).line) }) });
  }

  /** Preprocess a whole translation unit. */
  run(path: string, text: string): Token[] {
    const { tokens } = tokenize(path, text);
    this.out = [];
    this.pushTokens(tokens.slice(0, -1));
    this.loop();
    if (this.conds.length) this.unterminated();
    const eof = tokens[tokens.length - 1];
    this.out.push(eof);
    return this.out;
  }

  /** `-D NAME=VALUE`, or a predefined macro. */
  defineText(name: string, value: string): void {
    const { tokens } = tokenize("<command line>", `#define ${name} ${value}\n`);
    this.stack = tokens.slice(0, -1).reverse();
    this.loop();
  }

  private pushTokens(tokens: Token[]): void {
    for (let k = tokens.length - 1; k >= 0; k--) this.stack.push(tokens[k]);
  }

  private next(): Token | undefined { return this.stack.pop(); }
  private peek(): Token | undefined { return this.stack[this.stack.length - 1]; }

  private loop(): void {
    for (let t = this.next(); t; t = this.next()) {
      if (t.kind === "punct" && t.text === "#" && t.bol && !t.hideset) { this.directive(t); continue; }
      if (this.skipping()) continue;
      if (t.kind === "ident" && t.text === "_Pragma" && this.pragmaOperator(t)) continue;
      if (t.kind === "ident" && this.expand(t)) continue;
      this.out.push(t);
    }
  }

  /**
   * `#line N ["file"]` (6.10.4): the next line is line N (of "file"). It
   * changes __LINE__ and __FILE__, as the program sees them; our messages
   * keep pointing at the real file and line, which is what a student edits.
   */
  private lineDirective(args: Token[], hash: Token): void {
    const [num, file] = this.expandAll(args);
    if (num?.kind !== "number" || !/^\d+$/.test(num.text)) return this.diags.error(num?.loc ?? hash.loc, `"${num?.text ?? ""}" after #line is not a positive integer`);
    const name = file?.kind === "string" ? JSON.parse(file.text) as string : this.lineMap.get(hash.loc.file)?.name ?? hash.loc.file.name;
    this.lineMap.set(hash.loc.file, { from: hash.loc.line + 1, line: Number(num.text), name });
  }

  /**
   * `_Pragma("...")` (6.10.9) is a #pragma written as an operator, so that
   * macros can produce one. Every pragma is advice we may ignore, so it
   * disappears; true if it was one.
   */
  private pragmaOperator(t: Token): boolean {
    const [open, str, close] = [this.stack[this.stack.length - 1], this.stack[this.stack.length - 2], this.stack[this.stack.length - 3]];
    if (open?.text !== "(" || str?.kind !== "string" || close?.text !== ")") {
      this.diags.error(t.loc, "_Pragma takes a parenthesized string literal");
      return true;
    }
    this.stack.length -= 3;
    return true;
  }

  private skipping(): boolean {
    return this.conds.length > 0 && !this.conds[this.conds.length - 1].included;
  }

  /** The rest of the directive's line. */
  private restOfLine(): Token[] {
    const line: Token[] = [];
    while (this.peek() && !this.peek()!.bol) line.push(this.next()!);
    return line;
  }

  private directive(hash: Token): void {
    const name = this.peek() && !this.peek()!.bol ? this.next()! : undefined;
    const args = this.restOfLine();
    const word = name?.text ?? "";
    // While skipping, only the conditional directives matter (to track nesting).
    if (this.skipping() && !["if", "ifdef", "ifndef", "elif", "else", "endif"].includes(word)) return;
    switch (word) {
      case "": return;                                          // the null directive
      case "define": return this.define(args, hash.loc);
      case "undef": return void (args[0] ? this.macros.delete(args[0].text) : this.diags.error(hash.loc, "no macro name given in #undef directive"));
      case "include": return this.include(args, hash);
      case "if": return this.pushCond(this.skipping() ? false : this.condition(args, afterWord(name!)), hash.loc, word);
      case "ifdef": case "ifndef": {
        if (!args[0] || args[0].kind !== "ident") { this.diags.error(hash.loc, `no macro name given in #${word} directive`); return this.pushCond(false, hash.loc, word); }
        return this.pushCond(this.macros.has(args[0].text) === (word === "ifdef"), hash.loc, word);
      }
      case "elif": case "else": return this.elseBranch(word, args, afterWord(name!));
      case "endif":
        if (!this.conds.pop()) this.diags.error(hash.loc, "#endif without #if");
        return;
      case "error": return this.diags.error(name!.loc, `#error ${args.map(spell).join("").trim()}`);
      case "warning": return this.diags.warning(name!.loc, `#warning ${args.map(spell).join("").trim()}`);
      case "pragma":
        if (args[0]?.text === "once") this.onceFiles.add(hash.loc.file.name);
        return;                                                  // other pragmas are ignored, as C allows
      case "line": return this.lineDirective(args, hash);
      default: this.diags.error(name!.loc, `invalid preprocessing directive #${word}`);
    }
  }

  /** An #if, #ifdef or #ifndef without its #endif: named as the directive was, like gcc. */
  private unterminated(): void {
    const c = this.conds[this.conds.length - 1];
    this.diags.error(c.loc, `unterminated #${c.word}`);
  }

  private pushCond(included: boolean, loc: Loc, word: string): void {
    const parentSkipping = this.skipping();
    this.conds.push({ included: included && !parentSkipping, taken: included || parentSkipping, sawElse: false, loc, word });
  }

  private elseBranch(word: string, args: Token[], loc: Loc): void {
    const c = this.conds[this.conds.length - 1];
    if (!c) return this.diags.error(loc, `#${word} without #if`);
    if (c.sawElse) return this.diags.error(loc, `#${word} after #else`);
    if (word === "else") c.sawElse = true;
    if (c.taken) { c.included = false; return; }
    const now = word === "else" ? true : this.condition(args, loc);
    c.included = now;
    c.taken = now;
  }

  /** Evaluate #if/#elif: `defined` first, then macros, then the arithmetic. */
  private condition(args: Token[], loc: Loc): boolean {
    const line: Token[] = [];
    for (let k = 0; k < args.length; k++) {
      const t = args[k];
      if (t.kind === "ident" && t.text === "defined") {
        const paren = args[k + 1]?.text === "(";
        const id = args[paren ? k + 2 : k + 1];
        if (!id || id.kind !== "ident") { this.diags.error(t.loc, "operator \"defined\" requires an identifier"); return false; }
        if (paren && args[k + 3]?.text !== ")") { this.diags.error(t.loc, "missing ')' after \"defined\""); return false; }
        line.push({ ...t, kind: "number", text: this.macros.has(id.text) ? "1" : "0" });
        k += paren ? 3 : 1;
      } else line.push(t);
    }
    if (line.length === 0) { this.diags.error(loc, "#if with no expression"); return false; }
    return evalPPExpr(this.expandAll(line), loc) !== 0n;
  }

  private define(args: Token[], loc: Loc): void {
    const name = args[0];
    if (!name || name.kind !== "ident") return this.diags.error(name?.loc ?? loc, "macro names must be identifiers");
    if (name.text === "defined") return this.diags.error(name.loc, "\"defined\" cannot be used as a macro name");
    let body = args.slice(1);
    let m: Macro = { name: name.text, body };
    if (body[0]?.text === "(" && !body[0].space) {              // function-like: '(' right after the name
      const params: string[] = [];
      let k = 1, variadic = false;
      if (body[k]?.text !== ")") {
        for (;;) {
          const p = body[k];
          if (p?.text === "...") { variadic = true; k++; break; }
          if (!p || p.kind !== "ident") return this.diags.error(p?.loc ?? name.loc, "expected parameter name in macro parameter list");
          params.push(p.text); k++;
          if (body[k]?.text === "...") { return this.diags.error(body[k].loc, "named variadic macro parameters are not supported; use ... and __VA_ARGS__"); }
          if (body[k]?.text !== ",") break;
          k++;
        }
      }
      if (body[k]?.text !== ")") return this.diags.error(body[k]?.loc ?? name.loc, "missing ')' in macro parameter list");
      body = body.slice(k + 1);
      m = { name: name.text, params: variadic ? [...params, "__VA_ARGS__"] : params, variadic, body };
      for (let j = 0; j < body.length; j++) {
        if (body[j].text === "#" && !(body[j + 1] && m.params!.includes(body[j + 1].text))) {
          return this.diags.error(body[j].loc, "'#' is not followed by a macro parameter");
        }
      }
    }
    if (body[0]?.text === "##" || (body.length && body[body.length - 1].text === "##")) {
      return this.diags.error(body[0].text === "##" ? body[0].loc : body[body.length - 1].loc, "'##' cannot appear at either end of a macro expansion");
    }
    this.macros.set(name.text, m);
  }

  private include(args: Token[], hash: Token): void {
    let spec = args;
    if (spec[0] && spec[0].kind !== "string" && spec[0].text !== "<") spec = this.expandAll(spec);
    let target: string, angled: boolean;
    if (spec[0]?.kind === "string") { target = spec[0].text.slice(1, -1); angled = false; }
    else if (spec[0]?.text === "<") {
      const end = spec.findIndex((t) => t.text === ">");
      if (end < 0) return this.diags.error(hash.loc, "missing terminating > character");
      target = spec.slice(1, end).map(spell).join("").trim(); angled = true;
    } else return this.diags.error(hash.loc, "#include expects \"FILENAME\" or <FILENAME>");
    const here = hash.loc.file.name;
    const dirs = angled ? this.opts.includeDirs : [here.includes("/") ? here.slice(0, here.lastIndexOf("/")) : ".", ...this.opts.includeDirs];
    for (const d of dirs) {
      const path = target.startsWith("/") ? target : `${d}/${target}`;
      if (this.onceFiles.has(path)) return;
      const text = this.opts.resolver.read(path);
      if (text === undefined) continue;
      if (++this.depth > MAX_INCLUDE_DEPTH) fatal(hash.loc, `#include nested depth ${MAX_INCLUDE_DEPTH} exceeds maximum (is a file including itself?)`);
      const toks = tokenize(path, text).tokens;
      // Run the included file to completion before continuing this one, so
      // its conditionals and its end are its own.
      const saved = this.stack, savedConds = this.conds.length;
      this.stack = [];
      this.pushTokens(toks.slice(0, -1));
      this.loop();
      if (this.conds.length > savedConds) {
        this.unterminated();
        this.conds.length = savedConds;
      }
      this.stack = saved;
      this.depth--;
      return;
    }
    fatal(spec[0].loc, `${target}: No such file or directory`, "fatal error");
  }

  /** Fully expand a token list in isolation (arguments, #if lines). */
  private expandAll(tokens: Token[]): Token[] {
    const saved = this.stack, savedOut = this.out;
    this.stack = [];
    this.out = [];
    this.pushTokens(tokens);
    for (let t = this.next(); t; t = this.next()) {
      if (t.kind === "ident" && this.expand(t)) continue;
      this.out.push(t);
    }
    const result = this.out;
    this.stack = saved;
    this.out = savedOut;
    return result;
  }

  /** If `t` names a macro that may expand here, push its expansion and return true. */
  private expand(t: Token): boolean {
    const m = this.macros.get(t.text);
    if (!m || t.hideset?.has(m.name)) return false;
    if (m.dynamic) { this.stack.push({ ...m.dynamic(t), hideset: new Set([m.name]) }); return true; }
    if (!m.params) {
      const hs = union(t.hideset, m.name);
      // ## works in object-like macros too: `#define HASH_HASH # ## #` (6.10.3.3 example 3).
      const body = m.body.some((b) => b.kind === "punct" && b.text === "##") ? this.substitute(m, [], t) : m.body;
      this.pushTokens(body.map((b, k) => ({ ...b, loc: t.loc, space: k === 0 ? t.space : b.space, bol: false, hideset: hs })));
      return true;
    }
    const open = this.peek();
    if (!open || open.text !== "(") return false;              // a function-like macro name alone is not a call
    this.next();
    const { args, close } = this.readArgs(m, t);  // errors point at the ')' as gcc's do
    if (!args) return true;
    const hs = union(intersect(t.hideset, close.hideset), m.name);
    const body = this.substitute(m, args, t);
    this.pushTokens(body.map((b, k) => ({ ...b, loc: t.loc, space: k === 0 ? t.space : b.space, bol: false, hideset: union(b.hideset ? intersectKeep(b.hideset, hs) : hs, m.name) })));
    return true;
  }

  private readArgs(m: Macro, call: Token): { args?: Token[][]; close: Token } {
    const args: Token[][] = [[]];
    let depth = 0;
    for (;;) {
      const t = this.next();
      if (!t) { this.diags.error(call.loc, `unterminated argument list invoking macro "${m.name}"`); return { close: call }; }
      if (t.kind === "punct" && t.text === "#" && t.bol) { this.diags.error(t.loc, "directives inside macro arguments are not supported"); }
      if (t.text === "(" && t.kind === "punct") depth++;
      if (t.text === ")" && t.kind === "punct") {
        if (depth === 0) {
          const nparams = m.params!.length;
          if (args.length === 1 && args[0].length === 0 && nparams === 0) return { args: [], close: t };
          if (m.variadic && args.length === nparams - 1) args.push([]);  // nothing for ...
          if (args.length !== nparams && !(m.variadic && args.length > nparams)) {
            this.diags.error(t.loc, `macro "${m.name}" ${args.length > nparams ? "passed" : "requires"} ${args.length > nparams ? args.length : nparams} arguments, but ${args.length > nparams ? `takes just ${nparams}` : `only ${args.length} given`}`);
            return { close: t };
          }
          if (m.variadic && args.length > nparams) {                // fold extra arguments into __VA_ARGS__
            const rest = args.splice(nparams - 1);
            args.push(rest.flatMap((a, k) => (k === 0 ? a : [{ ...t, kind: "punct" as const, text: ",", space: false }, ...a])));
          }
          return { args, close: t };
        }
        depth--;
      }
      if (t.text === "," && t.kind === "punct" && depth === 0 && !(m.variadic && args.length === m.params!.length)) { args.push([]); continue; }
      args[args.length - 1].push({ ...t, bol: false });
    }
  }

  /** Replace parameters in the body: #param stringizes, ## pastes, others are expanded first. */
  private substitute(m: Macro, args: Token[][], call: Token): Token[] {
    const out: Token[] = [];
    const body = m.body;
    const argOf = (t: Token | undefined) => (t && t.kind === "ident" && m.params ? m.params.indexOf(t.text) : -1);
    for (let k = 0; k < body.length; k++) {
      const t = body[k];
      if (t.text === "#" && t.kind === "punct" && argOf(body[k + 1]) >= 0) {
        out.push({ ...t, kind: "string", text: stringize(args[argOf(body[k + 1])]) });
        k++; continue;
      }
      if (t.text === "##" && t.kind === "punct") {
        const rhs = body[k + 1];
        const ai = argOf(rhs);
        // GNU: `, ## __VA_ARGS__` drops the comma when there are no variable
        // arguments, and is a plain `, __VA_ARGS__` when there are.
        if (rhs?.text === "__VA_ARGS__" && m.variadic && out[out.length - 1]?.text === "," && out[out.length - 1].kind === "punct") {
          if (args[ai].length === 0) out.pop();
          else out.push(...this.expandAll(args[ai]));
          k++; continue;
        }
        const rtoks = ai >= 0 ? args[ai] : [rhs];
        k++;
        if (rtoks.length === 0) continue;
        if (out.length === 0) { out.push(...rtoks); continue; }
        const lhs = out.pop()!;
        out.push(this.paste(lhs, rtoks[0], call), ...rtoks.slice(1));
        continue;
      }
      const ai = argOf(t);
      if (ai >= 0) {
        const raw = args[ai];
        if (body[k + 1]?.text === "##") { out.push(...raw); continue; }   // operand of ##: unexpanded
        const expanded = this.expandAll(raw);
        if (expanded.length) out.push({ ...expanded[0], space: t.space }, ...expanded.slice(1));
        continue;
      }
      out.push(t);
    }
    return out;
  }

  private paste(a: Token, b: Token, call: Token): Token {
    const text = a.text + b.text;
    const { tokens } = tokenize(call.loc.file.name, text);
    if (tokens.length !== 2) {
      this.diags.error(call.loc, `pasting "${a.text}" and "${b.text}" does not give a valid preprocessing token`);
      return a;
    }
    return { ...tokens[0], loc: a.loc, space: a.space, bol: false, hideset: a.hideset };
  }
}

/** The place just after a directive's name (where gcc reports a missing expression). */
function afterWord(t: Token): Loc {
  return { ...t.loc, col: t.loc.col + t.text.length };
}

function spell(t: Token): string { return (t.space ? " " : "") + t.text; }

/** # operator: the argument's spelling as a string literal (6.10.3.2). */
function stringize(tokens: Token[]): string {
  let s = "";
  tokens.forEach((t, k) => {
    if (k > 0 && t.space) s += " ";
    s += t.kind === "string" || t.kind === "char" ? t.text.replace(/\\/g, "\\\\").replace(/"/g, '\\"') : t.text;
  });
  return `"${s}"`;
}

function union(a: Set<string> | undefined, name: string): Set<string> {
  const s = new Set(a ?? []);
  s.add(name);
  return s;
}

function intersect(a: Set<string> | undefined, b: Set<string> | undefined): Set<string> {
  if (!a || !b) return new Set();
  return new Set([...a].filter((x) => b.has(x)));
}

function intersectKeep(own: Set<string>, hs: Set<string>): Set<string> {
  const s = new Set(hs);
  for (const x of own) s.add(x);
  return s;
}
