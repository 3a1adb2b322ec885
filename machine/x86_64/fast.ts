// Specialised handlers for the commonest register-only forms, chosen by
// the decoder (decode.ts fastPath). They do exactly what the generic
// handlers in alu.ts do, minus the operand-size dispatch: a 32- or 64-bit
// ALU operation between registers, or a register and an immediate, is most
// of what compiled loops execute. ADC and SBB stay on the generic path.

import { ADD, AND, CMP, OR, SUB, XOR, alu } from "./alu";
import { LF, type X86State } from "./state";
import type { Insn } from "./insn";

/** 32-bit ALU op; returns the result (lazy flags recorded). */
function alu32(c: X86State, op: number, a: number, b: number): number {
  let res: number;
  switch (op) {
    case ADD: res = (a + b) | 0; c.lop = LF.Add; break;
    case SUB: case CMP: res = (a - b) | 0; c.lop = LF.Sub; break;
    case AND: res = a & b; c.lop = LF.Res; break;
    case OR: res = a | b; c.lop = LF.Res; break;
    case XOR: res = a ^ b; c.lop = LF.Res; break;
    default: return alu(c, op, 4, a, 0, b, 0);
  }
  c.lsz = 4; c.laLo = a; c.laHi = 0; c.lbLo = b; c.lbHi = 0; c.lrLo = res; c.lrHi = 0; c.aux = 0;
  return res;
}

/** 64-bit ALU op; returns the low half, high half in c.vhi. */
function alu64(c: X86State, op: number, alo: number, ahi: number, blo: number, bhi: number): number {
  let lo: number, hi: number;
  switch (op) {
    case ADD: {
      const s = (alo >>> 0) + (blo >>> 0);
      lo = s | 0; hi = (ahi + bhi + (s > 0xffffffff ? 1 : 0)) | 0; c.lop = LF.Add; break;
    }
    case SUB: case CMP: {
      const s = (alo >>> 0) - (blo >>> 0);
      lo = s | 0; hi = (ahi - bhi - (s < 0 ? 1 : 0)) | 0; c.lop = LF.Sub; break;
    }
    case AND: lo = alo & blo; hi = ahi & bhi; c.lop = LF.Res; break;
    case OR: lo = alo | blo; hi = ahi | bhi; c.lop = LF.Res; break;
    case XOR: lo = alo ^ blo; hi = ahi ^ bhi; c.lop = LF.Res; break;
    default: return alu(c, op, 8, alo, ahi, blo, bhi);
  }
  c.lsz = 8; c.laLo = alo; c.laHi = ahi; c.lbLo = blo; c.lbHi = bhi; c.lrLo = lo; c.lrHi = hi; c.aux = 0;
  c.vhi = hi;
  return lo;
}

/** op r32, r32 with the destination in ModRM.rm (01, 09, 29, 31, 39...). */
export function aluRR32e(c: X86State, d: Insn): void {
  const r = c.r, i = 2 * d.rm;
  const res = alu32(c, d.sub, r[i], r[2 * d.reg]);
  if (d.sub !== CMP) { r[i] = res; r[i + 1] = 0; }
}

/** op r32, r32 with the destination in ModRM.reg (03, 0B, 2B, 33, 3B...). */
export function aluRR32g(c: X86State, d: Insn): void {
  const r = c.r, i = 2 * d.reg;
  const res = alu32(c, d.sub, r[i], r[2 * d.rm]);
  if (d.sub !== CMP) { r[i] = res; r[i + 1] = 0; }
}

export function aluRR64e(c: X86State, d: Insn): void {
  const r = c.r, i = 2 * d.rm, j = 2 * d.reg;
  const lo = alu64(c, d.sub, r[i], r[i + 1], r[j], r[j + 1]);
  if (d.sub !== CMP) { r[i] = lo; r[i + 1] = c.vhi; }
}

export function aluRR64g(c: X86State, d: Insn): void {
  const r = c.r, i = 2 * d.reg, j = 2 * d.rm;
  const lo = alu64(c, d.sub, r[i], r[i + 1], r[j], r[j + 1]);
  if (d.sub !== CMP) { r[i] = lo; r[i + 1] = c.vhi; }
}

/** op r32, imm (81 /op, 83 /op, and the 05-style eAX forms). */
export function aluRI32(c: X86State, d: Insn): void {
  const r = c.r, i = 2 * d.rm;
  const res = alu32(c, d.sub, r[i], d.immLo);
  if (d.sub !== CMP) { r[i] = res; r[i + 1] = 0; }
}

export function aluRI64(c: X86State, d: Insn): void {
  const r = c.r, i = 2 * d.rm;
  const lo = alu64(c, d.sub, r[i], r[i + 1], d.immLo, d.immHi);
  if (d.sub !== CMP) { r[i] = lo; r[i + 1] = c.vhi; }
}

/** TEST r, r (85 with mod = 3), 32 and 64 bits. */
export function testRR32(c: X86State, d: Insn): void {
  const r = c.r;
  c.lop = LF.Res; c.lsz = 4; c.lrLo = r[2 * d.rm] & r[2 * d.reg]; c.lrHi = 0; c.aux = 0;
}

export function testRR64(c: X86State, d: Insn): void {
  const r = c.r, i = 2 * d.rm, j = 2 * d.reg;
  c.lop = LF.Res; c.lsz = 8; c.lrLo = r[i] & r[j]; c.lrHi = r[i + 1] & r[j + 1]; c.aux = 0;
}


/** ZF without the generic dispatch: for every lazy op the result is stored masked to its size. */
function zf(c: X86State): boolean {
  if (c.lop === LF.Eager) return (c.fl & 0x40) !== 0;
  return c.lrLo === 0 && (c.lsz !== 8 || c.lrHi === 0);
}

/** JE/JZ and JNE/JNZ (74, 75, 0F 84, 0F 85): the commonest branches in compiled loops. */
export function jz(c: X86State, d: Insn): void {
  if (zf(c)) { c.ripLo = d.tLo; c.ripHi = d.tHi; c.jumped = true; }
}
export function jnz(c: X86State, d: Insn): void {
  if (!zf(c)) { c.ripLo = d.tLo; c.ripHi = d.tHi; c.jumped = true; }
}
