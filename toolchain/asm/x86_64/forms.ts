// Helpers every instruction handler uses: operand-size agreement, the
// "register or memory" (r/m) operand, and immediates that must fit.

import { EncodeContext, EncodeError, Encoded } from "../backend";
import { Imm, Inst, absReloc, finish, modrmMem, modrmReg, setSize } from "./encoder";
import { ImmOp, MemOp, Operand, RegOp, immOrMem } from "./operands";

export type Handler = (ops: Operand[], ctx: EncodeContext, e: Inst, mnem: string) => Encoded;

export const SIZE_NAME: Record<number, string> = { 1: "BYTE", 2: "WORD", 4: "DWORD", 8: "QWORD" };

export function bad(msg: string, op?: Operand): never {
  throw new EncodeError(msg, op?.col);
}

export function count(ops: Operand[], n: number, mnem: string) {
  if (ops.length !== n)
    bad(`'${mnem}' takes ${n === 0 ? "no operands" : n === 1 ? "1 operand" : `${n} operands`}, got ${ops.length}`, ops[n]);
}

/** Operand as register-or-memory (a bare symbol becomes memory). */
export function rmOp(op: Operand, mnem: string): RegOp | MemOp {
  const o = immOrMem(op);
  if (o.kind === "imm") bad(`operand type mismatch for '${mnem}': an immediate is not allowed here`, op);
  if (o.kind === "reg" && o.reg.kind !== "gpr") bad(`operand type mismatch for '${mnem}': ${o.reg.name} is not a general register`, op);
  return o;
}

export function regOp(op: Operand, mnem: string): RegOp {
  if (op.kind !== "reg" || op.reg.kind !== "gpr") bad(`operand type mismatch for '${mnem}': expected a register`, op);
  return op;
}

export function sizeOf(op: Operand): number | undefined {
  return op.kind === "reg" ? op.reg.size : op.kind === "mem" ? op.size : undefined;
}

/** The operand size of an instruction: every sized operand must agree. */
export function agree(ops: Operand[], mnem: string, allowed = [1, 2, 4, 8]): number {
  let size: number | undefined;
  for (const op of ops) {
    const s = sizeOf(op);
    if (s === undefined) continue;
    if (size !== undefined && s !== size)
      bad(`operand size mismatch for '${mnem}': ${SIZE_NAME[size] ?? size + "-byte"} and ${SIZE_NAME[s] ?? s + "-byte"}`, op);
    size = s;
  }
  if (size === undefined) bad(`ambiguous operand size for '${mnem}': say BYTE/WORD/DWORD/QWORD PTR`, ops[0]);
  if (!allowed.includes(size)) bad(`operand size mismatch for '${mnem}': ${SIZE_NAME[size] ?? size + "-byte"} operand not allowed`, ops[0]);
  return size;
}

/** Put an r/m operand and a /digit or register into ModRM. */
export function rm(e: Inst, regField: number, op: RegOp | MemOp, regOperand?: RegOp) {
  if (op.kind === "reg") modrmReg(e, regField, op.reg, regOperand?.reg);
  else modrmMem(e, regField, op, regOperand?.reg);
}

/** Is this operand a number (after evaluating), i.e. no symbol involved? */
export function isNumber(op: ImmOp): boolean {
  return op.value.symbol === undefined && !op.value.pcrel;
}

/** The value as the CPU sees it in an operand of `size` bytes (sign-extended view). */
export function signedIn(op: ImmOp, size: number): bigint {
  const v = op.value.addend;
  if (size === 8) return v;
  return BigInt.asIntN(size * 8, v);
}

/** Check an immediate fits an operand of `size` bytes (signed or unsigned), like gas. */
export function checkImm(op: ImmOp, size: number, mnem: string) {
  if (!isNumber(op)) return;
  const v = op.value.addend;
  const bits = BigInt(Math.min(size, 4) * 8);
  const ok = size === 8 ? v >= -(1n << 31n) && v < (1n << 31n)
    : v >= -(1n << (bits - 1n)) && v < (1n << bits);
  if (!ok) bad(`immediate ${op.text} does not fit the ${size * 8}-bit operand of '${mnem}'`, op);
}

/** True if the immediate can use the sign-extended imm8 form (opcodes 6B, 83, 6A). */
export function fitsImm8(op: ImmOp, size: number): boolean {
  if (!isNumber(op) || op.value.forward) return false;       // a forward reference: the widest form, as GNU as picks
  const s = signedIn(op, size);
  return s >= -128n && s <= 127n;
}

/** An immediate field; symbolic ones get a relocation (32S when sign-extended to 64 bits). */
export function imm(e: Inst, op: ImmOp, fieldSize: 1 | 2 | 4 | 8, opSize: number) {
  const i: Imm = { size: fieldSize, value: op.value, col: op.col,
    reloc: absReloc(fieldSize, fieldSize === 4 && opSize === 8) };
  e.imms.push(i);
}

export function immField(size: number): 1 | 2 | 4 {
  return size === 1 ? 1 : size === 2 ? 2 : 4;
}

export { finish, setSize };
