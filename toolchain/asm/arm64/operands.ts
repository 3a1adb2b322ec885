// Operand syntax of A64 assembly as GNU as accepts it (and objdump prints it):
// splitting an operand list, general-purpose registers, immediates, shifts,
// extends, condition codes and relocation modifiers such as `:lo12:sym`.
//
// Every helper takes the operand's position so a mistake can be reported the
// way gas reports it ("immediate out of range at operand 3") and pointed at
// by column.

import { EncodeError, type EncodeContext, type Value } from "../backend";

/** One operand: its text and its 1-based column in the operand string. */
export interface Op { text: string; col: number; index: number }

/** A general-purpose register. n is 0..31; 31 is SP or ZR, told apart by kind. */
export interface Reg { n: number; x: boolean; kind: "gp" | "sp" | "zr" }

/** Throw a user error about operand `op` (1-based index in the message, as gas). */
export function fail(op: Op | undefined, message: string): never {
  if (!op) throw new EncodeError(message);
  throw new EncodeError(`${message} at operand ${op.index + 1}`, op.col);
}

/**
 * Split `a, [b, c], d` at top-level commas. Brackets, braces and parentheses
 * nest, so a memory operand stays whole ("[x1, #8]!" is one operand).
 */
export function splitOperands(s: string): Op[] {
  const out: Op[] = [];
  if (s.trim() === "") return out;
  let depth = 0, start = 0;
  const push = (end: number) => {
    const raw = s.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    out.push({ text: raw.trim(), col: start + lead + 1, index: out.length });
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "[" || c === "(" || c === "{") depth++;
    else if (c === "]" || c === ")" || c === "}") depth--;
    else if (c === "," && depth === 0) { push(i); start = i + 1; }
  }
  push(s.length);
  for (const op of out) if (op.text === "") fail(op, "missing operand");
  return out;
}

/** Require exactly `n` operands (or between min and max). */
export function count(ops: Op[], min: number, max = min): void {
  if (ops.length < min) {
    if (ops.length === 0) throw new EncodeError("missing operands");
    throw new EncodeError(`comma expected between operands at operand ${ops.length + 1}`);
  }
  if (ops.length > max) fail(ops[max], "unexpected extra operand");
}

const NAMED: Record<string, Reg> = {
  sp: { n: 31, x: true, kind: "sp" }, wsp: { n: 31, x: false, kind: "sp" },
  xzr: { n: 31, x: true, kind: "zr" }, wzr: { n: 31, x: false, kind: "zr" },
  fp: { n: 29, x: true, kind: "gp" }, lr: { n: 30, x: true, kind: "gp" },
  ip0: { n: 16, x: true, kind: "gp" }, ip1: { n: 17, x: true, kind: "gp" },
};

/** Parse a register name (w0..w30, x0..x30, wzr, xzr, sp, wsp, fp, lr, ip0, ip1). */
export function parseReg(text: string): Reg | undefined {
  if (text.length > 4) return undefined;             // fast "no": symbols, immediates
  const t = text.toLowerCase();
  const named = NAMED[t];
  if (named) return named;
  const m = /^([wx])([0-9]|[12][0-9]|30)$/.exec(t);
  if (!m) return undefined;
  return { n: Number(m[2]), x: m[1] === "x", kind: "gp" };
}

export function isReg(op: Op | undefined): boolean {
  return op !== undefined && parseReg(op.text) !== undefined;
}

/** Which register-31 meaning an operand position accepts. */
export type R31 = "zr" | "sp";

/**
 * A general register operand. `r31` says whether register 31 is the zero
 * register (the default) or the stack pointer at this position; `x` (if
 * given) is the width the instruction needs.
 */
export function gpr(op: Op | undefined, r31: R31 = "zr", x?: boolean): Reg {
  if (!op) throw new EncodeError("missing operand");
  const r = parseReg(op.text);
  if (!r) fail(op, r31 === "sp" ? "integer or SP register expected" : "integer register expected");
  if (r.kind !== "gp" && r.kind !== r31) {
    fail(op, r.kind === "sp" ? "stack pointer register not allowed here" : "zero register not allowed here");
  }
  if (x !== undefined && r.x !== x) fail(op, `operand mismatch: ${x ? "64-bit (x)" : "32-bit (w)"} register expected`);
  return r;
}

/** Strip an optional leading '#'. */
function bare(text: string): string {
  return text.startsWith("#") ? text.slice(1).trim() : text;
}

/** Evaluate an operand's expression (with or without '#'). */
export function expr(op: Op, ctx: EncodeContext): Value {
  const text = bare(op.text);
  const col = op.col + op.text.length - text.length;   // where the expression starts
  try {
    return ctx.value(text, col);
  } catch (e) {
    if (e instanceof EncodeError) throw new EncodeError(`${e.message} at operand ${op.index + 1}`, e.col ?? col);
    throw e;
  }
}

/** The operand made of the end of `op`, from where `text` (a suffix of it) starts (an expression after `lsl #` or `:lo12:`). */
export function tail(op: Op, text: string): Op {
  const t = text.trimStart();
  return { text: t.trim(), col: op.col + op.text.length - t.length, index: op.index };
}

/** An absolute immediate: `#12`, `#-4`, `#0x10`, `#(1<<3)`. */
export function imm(op: Op | undefined, ctx: EncodeContext): bigint {
  if (!op) throw new EncodeError("missing operand");
  if (parseReg(op.text)) fail(op, "immediate expected");
  const v = expr(op, ctx);
  if (v.symbol !== undefined) fail(op, `symbol '${v.symbol}' used as an immediate value (a constant is needed here)`);
  if (v.pcrel) fail(op, "constant expression required");
  return v.addend;
}

/** An immediate that must lie in [lo, hi]; the message names the range as gas does. */
export function immRange(op: Op | undefined, ctx: EncodeContext, lo: number, hi: number): number {
  const v = imm(op, ctx);
  if (v < BigInt(lo) || v > BigInt(hi)) fail(op, `immediate value out of range ${lo} to ${hi}`);
  return Number(v);
}

const SHIFTS = ["lsl", "lsr", "asr", "ror", "msl"];
export const EXTENDS = ["uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"];

/** `lsl #3`, `uxtw`, `sxtw #2`: the operator, and its amount (undefined if omitted). */
export interface Modifier { kind: string; amount?: number; op: Op }

export function parseModifier(op: Op, ctx: EncodeContext): Modifier | undefined {
  const m = /^([a-zA-Z]{3,4})(?:\s+|(?=#)|$)(.*)$/.exec(op.text);
  if (!m) return undefined;
  const kind = m[1].toLowerCase();
  if (!SHIFTS.includes(kind) && !EXTENDS.includes(kind)) return undefined;
  const rest = m[2].trim();
  if (rest === "") {
    if (SHIFTS.includes(kind)) fail(op, "missing shift amount");
    return { kind, op };
  }
  const amount = imm(tail(op, m[2]), ctx);
  if (amount < 0n || amount > 63n) fail(op, "shift amount out of range 0 to 63");
  return { kind, amount: Number(amount), op };
}

export const CONDS: Record<string, number> = {
  eq: 0, ne: 1, cs: 2, hs: 2, cc: 3, lo: 3, mi: 4, pl: 5, vs: 6, vc: 7,
  hi: 8, ls: 9, ge: 10, lt: 11, gt: 12, le: 13, al: 14, nv: 15,
};

/** A condition-code operand (eq, ne, hs, ...). */
export function cond(op: Op | undefined): number {
  if (!op) throw new EncodeError("missing operand");
  const c = CONDS[op.text.toLowerCase()];
  if (c === undefined) fail(op, "condition expected");
  return c;
}

/** A relocation modifier `:name:expr` (with optional leading '#'). */
export interface Modified { name: string; value: Value }

export function parseModified(op: Op, ctx: EncodeContext): Modified | undefined {
  const m = /^#?\s*:([a-z0-9_]+):(.*)$/i.exec(op.text);
  if (!m) return undefined;
  const value = expr(tail(op, m[2]), ctx);
  return { name: m[1].toLowerCase(), value };
}
