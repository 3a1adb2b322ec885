// The abstract syntax tree the parser builds and the code generators walk.
// Every expression node carries its C type, computed while parsing, with the
// implicit conversions (integer promotions, usual arithmetic conversions,
// array-to-pointer decay) already made explicit as `cast` nodes, so a code
// generator never has to reason about C's conversion rules itself.

import type { Loc } from "./diag";
import type { Member, Type } from "./types";

/** A variable or function (C's "object" and "function" entities). */
export interface Obj {
  name: string;
  type: Type;
  loc: Loc;
  isLocal: boolean;
  /** Locals: offset from the frame base, assigned by the code generator. */
  offset: number;
  /** `static` (internal linkage for globals; static storage for locals, which become globals). */
  isStatic: boolean;
  isFunction: boolean;
  /** Defined here (not only declared with `extern` or a prototype). */
  isDefinition: boolean;
  /** A file-scope declaration without initializer or `extern` (6.9.2 tentative definition). */
  isTentative?: boolean;
  align: number;
  /** Static initial contents and the relocations into them (addresses of other objects). */
  init?: Uint8Array;
  relocs?: { offset: number; label: string; addend: bigint }[];
  // Functions:
  params?: Obj[];
  locals?: Obj[];
  body?: Node;
  /** A variadic function's register save area and va_start bookkeeping live here. */
  vaArea?: Obj;
  /** Names of the labels used by `goto` in this function. */
  isInline?: boolean;
}

export type NodeKind =
  // expressions
  | "num" | "var" | "member" | "deref" | "addr" | "neg" | "not" | "bitnot" | "cast"
  | "add" | "sub" | "mul" | "div" | "mod" | "shl" | "shr" | "band" | "bor" | "bxor"
  | "eq" | "ne" | "lt" | "le" | "logand" | "logor"
  | "assign" | "cond" | "comma" | "call" | "memzero" | "stmtexpr"
  | "vastart" | "vaarg" | "vaend" | "vacopy"
  // statements
  | "block" | "exprstmt" | "if" | "for" | "do" | "switch" | "case" | "goto" | "label"
  | "return" | "break" | "continue" | "null";

export interface Node {
  kind: NodeKind;
  loc: Loc;
  /** Type of an expression node (statements: undefined). */
  type?: Type;
  lhs?: Node;
  rhs?: Node;
  // num
  value?: bigint;
  // var
  obj?: Obj;
  /** A compound literal (6.5.2.5): `comma(init, var)` that is an lvalue, unlike other commas. */
  compound?: boolean;
  // member
  member?: Member;
  // call
  func?: Node;
  args?: Node[];
  funcType?: Type;
  /** For a call returning a struct: a local that receives the value. */
  retBuffer?: Obj;
  // if / for / do / cond / switch
  cond?: Node;
  then?: Node;
  els?: Node;
  init?: Node;
  inc?: Node;
  // block / stmtexpr
  body?: Node[];
  // break / continue / goto / label / case targets
  label?: string;
  /** Unique labels for loops and switches: where break and continue go. */
  brk?: string;
  cont?: string;
  // switch
  cases?: Node[];
  defaultCase?: Node;
  // case
  begin?: bigint;
  end?: bigint;
}

export function node(kind: NodeKind, loc: Loc, fields: Partial<Node> = {}): Node {
  return { kind, loc, ...fields };
}

/** A whole translation unit: every file-scope object and function, in order. */
export interface Program {
  globals: Obj[];
  /** String literals and other anonymous data, emitted as local read-only objects. */
  literals: Obj[];
}
