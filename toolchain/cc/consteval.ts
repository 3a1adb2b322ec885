// Constant expressions (C99 6.6): array sizes, case labels, enumerators and
// the initializers of static objects, evaluated at compile time. An
// initializer may also be an *address constant* (`&table[3]`, `"str"`,
// `func`), which the assembler and linker finish: that is a label plus an
// offset.

import type { Node } from "./ast";
import type { Type } from "./types";

export class NotConstant {
  constructor(readonly node: Node) {}
}

/** Wrap a value to the width and signedness of `t` (the effect of a conversion). */
export function truncate(v: bigint, t: Type): bigint {
  if (t.kind === "bool") return v !== 0n ? 1n : 0n;
  const bits = t.size * 8;
  if (t.kind === "ptr" || t.kind === "array" || t.kind === "func") return BigInt.asUintN(64, v);
  return t.unsigned ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
}

export interface ConstValue { value: bigint; label?: string }

/** Evaluate `n`; throws NotConstant if it is not a constant expression. */
export function evalConst(n: Node): bigint {
  const r = evalLabel(n);
  if (r.label !== undefined) throw new NotConstant(n);
  return r.value;
}

/** Evaluate to `label + value` (label undefined for a plain integer). */
export function evalLabel(n: Node): ConstValue {
  const t = n.type!;
  const bin = (f: (a: bigint, b: bigint) => bigint): ConstValue => ({ value: truncate(f(evalConst(n.lhs!), evalConst(n.rhs!)), t) });
  const unsignedOp = () => n.lhs!.type!.unsigned || n.lhs!.type!.kind === "ptr";
  switch (n.kind) {
    case "num": return { value: truncate(n.value!, t) };
    case "add": case "sub": {
      const a = evalLabel(n.lhs!), b = evalLabel(n.rhs!);
      if (b.label !== undefined && (n.kind === "sub" || a.label !== undefined)) throw new NotConstant(n);
      if (b.label !== undefined) return { label: b.label, value: a.value + b.value };
      return { label: a.label, value: a.label !== undefined ? (n.kind === "add" ? a.value + b.value : a.value - b.value) : truncate(n.kind === "add" ? a.value + b.value : a.value - b.value, t) };
    }
    case "mul": return bin((a, b) => a * b);
    case "div": case "mod": {
      const b = evalConst(n.rhs!);
      if (b === 0n) throw new NotConstant(n);
      const a = evalConst(n.lhs!);
      return { value: truncate(n.kind === "div" ? a / b : a % b, t) };
    }
    case "band": return bin((a, b) => a & b);
    case "bor": return bin((a, b) => a | b);
    case "bxor": return bin((a, b) => a ^ b);
    case "shl": return bin((a, b) => a << (b & 63n));
    case "shr": return bin((a, b) => a >> (b & 63n));
    case "eq": return { value: evalConst(n.lhs!) === evalConst(n.rhs!) ? 1n : 0n };
    case "ne": return { value: evalConst(n.lhs!) !== evalConst(n.rhs!) ? 1n : 0n };
    case "lt": return { value: cmp(n, unsignedOp()) < 0 ? 1n : 0n };
    case "le": return { value: cmp(n, unsignedOp()) <= 0 ? 1n : 0n };
    case "logand": return { value: evalConst(n.lhs!) !== 0n && evalConst(n.rhs!) !== 0n ? 1n : 0n };
    case "logor": return { value: evalConst(n.lhs!) !== 0n || evalConst(n.rhs!) !== 0n ? 1n : 0n };
    case "not": return { value: evalConst(n.lhs!) === 0n ? 1n : 0n };
    case "neg": return { value: truncate(-evalConst(n.lhs!), t) };
    case "bitnot": return { value: truncate(~evalConst(n.lhs!), t) };
    case "cond": return evalConst(n.cond!) !== 0n ? evalLabel(n.then!) : evalLabel(n.els!);
    case "comma": throw new NotConstant(n);               // 6.6p3: no comma operators
    case "cast": {
      const inner = evalLabel(n.lhs!);
      if (inner.label !== undefined) {
        if (t.size !== 8) throw new NotConstant(n);           // an address does not fit
        return inner;
      }
      return { value: truncate(inner.value, t) };
    }
    case "addr": return addressOf(n.lhs!);
    case "var": case "member": case "deref":
      // An array (a variable, a member `g.name`, an element `table[1]`) or a
      // function used as a value is its address.
      if (t.kind === "array" || t.kind === "func") return addressOf(n);
      throw new NotConstant(n);
    default: throw new NotConstant(n);
  }
}

function cmp(n: Node, unsigned: boolean): number {
  let a = evalConst(n.lhs!), b = evalConst(n.rhs!);
  if (unsigned) { a = BigInt.asUintN(64, a); b = BigInt.asUintN(64, b); }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The address of an lvalue with static storage: label + offset. */
function addressOf(n: Node): ConstValue {
  switch (n.kind) {
    case "var":
      if (n.obj!.isLocal) throw new NotConstant(n);
      return { label: n.obj!.name, value: 0n };
    case "member": {
      const base = addressOf(n.lhs!);
      return { label: base.label, value: base.value + BigInt(n.member!.offset) };
    }
    case "deref": return evalLabel(n.lhs!);
    case "cast": return addressOf(n.lhs!);
    default: throw new NotConstant(n);
  }
}
