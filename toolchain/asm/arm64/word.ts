// What one A64 instruction encoder returns, and the helpers for operands that
// the linker may have to finish (PC-relative branches and address parts).
//
// Every A64 instruction is one 32-bit little-endian word, so there is no
// relaxation: an encoder returns the word and at most one relocation.

import type { EncodeContext, Value } from "../backend";
import { expr, fail, type Op } from "./operands";

export interface A64Reloc { type: number; symbol: string; addend: bigint }
export interface A64Word { word: number; reloc?: A64Reloc }

/** An encoder for one mnemonic (or one family, told apart by `m`). */
export type Encoder = (ops: Op[], ctx: EncodeContext, m: string) => A64Word;

/** The bits of a field, ready to OR into the word at `shift`. */
export function bits(value: number | bigint, width: number, shift: number): number {
  const v = Number(BigInt.asUintN(width, BigInt(value)));
  return (v * 2 ** shift) >>> 0;
}

/**
 * Where a PC-relative operand (branch target, adr, ldr literal) points.
 * As in GNU as:
 *  - a plain number is a byte offset from this instruction ("b 8" skips one);
 *  - a local symbol of the current section is resolved here, now;
 *  - anything else (global/weak symbols, other sections, undefined symbols)
 *    becomes a relocation, so the linker (or the dynamic loader, for a
 *    global that may be preempted) fills the field.
 */
export type Target = { offset: bigint } | { symbol: string; addend: bigint };

/**
 * The backend's context may say that plain-number targets are addresses, not
 * offsets: that is how objdump (and our disassembler) print them, so tools
 * that re-assemble a disassembly at its address set this. gas never does.
 */
export interface A64Context extends EncodeContext { absoluteTargets?: boolean }

/**
 * The value of a branch/literal target operand. In absoluteTargets mode a
 * bare hex number ("b 4000f0", as objdump prints it) is read as hex.
 */
export function targetValue(op: Op, ctx: A64Context): Value {
  if (ctx.absoluteTargets && /^[0-9a-f]+$/i.test(op.text)) return { addend: BigInt(`0x${op.text}`) };
  return expr(op, ctx);
}

export function pcTarget(op: Op, v: Value, ctx: A64Context): Target {
  if (v.pcrel) fail(op, "invalid PC-relative expression");
  if (v.symbol === undefined) return { offset: ctx.absoluteTargets ? BigInt.asIntN(64, v.addend - BigInt(ctx.pc)) : v.addend };
  if (v.section === ctx.section && !v.global && v.offset !== undefined) {
    return { offset: BigInt(v.offset) + v.addend - BigInt(ctx.pc) };
  }
  return { symbol: v.symbol, addend: v.addend };
}

/**
 * Encode a PC-relative field of `width` bits counting units of `scale`
 * bytes, at bit `shift`, or return a relocation of `type` for it.
 * Range and alignment are checked only on the final pass, when every
 * symbol's offset is known; `range` is the message (gas's wording).
 */
export function pcField(op: Op, t: Target, ctx: EncodeContext, width: number, scale: number,
  shift: number, type: number, range = "branch out of range"): { field: number; reloc?: A64Reloc } {
  if ("symbol" in t) return { field: 0, reloc: { type, symbol: t.symbol, addend: t.addend } };
  const off = t.offset;
  if (ctx.final) {
    if (off % BigInt(scale) !== 0n) fail(op, `immediate value must be a multiple of ${scale}`);
    const lim = 1n << BigInt(width - 1 + Math.log2(scale));
    if (off < -lim || off >= lim) fail(op, range);
  }
  return { field: bits(off / BigInt(scale), width, shift) };
}
