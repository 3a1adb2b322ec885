// The integer ALU: ADD OR ADC SBB AND SUB XOR CMP (SDM Vol. 2A 3.2 "ADD",
// "ADC", "SUB", "SBB", "CMP", "AND", "OR", "XOR"), TEST, INC/DEC, NEG/NOT,
// in every operand form the opcode table uses.
//
// `alu` computes a result and records lazy flags; handlers fetch operands
// and store the result. A memory destination is probed for write access
// *before* the flags are recorded, so a faulting store leaves the CPU's
// state untouched (precise exceptions).

import { Access } from "../core/mmu";
import { AF, LF, OF, type X86State, sizeMask } from "./state";
import type { Insn } from "./insn";

export const ADD = 0, OR = 1, ADC = 2, SBB = 3, AND = 4, SUB = 5, XOR = 6, CMP = 7;

/** a op b at `size` bytes; returns the low half, the high half in c.vhi. */
export function alu(c: X86State, op: number, size: number, alo: number, ahi: number, blo: number, bhi: number): number {
  let lo: number, hi = 0;
  switch (op) {
    case ADD: case ADC: {
      const cin = op === ADC ? c.getCF() : 0;
      if (size === 8) {
        const s = (alo >>> 0) + (blo >>> 0) + cin;
        lo = s | 0; hi = (ahi + bhi + (s > 0xffffffff ? 1 : 0)) | 0;
      } else lo = (alo + blo + cin) & sizeMask(size);
      c.setLazy(LF.Add, size, alo, ahi, blo, bhi, lo, hi, cin);
      break;
    }
    case SUB: case SBB: case CMP: {
      const bin = op === SBB ? c.getCF() : 0;
      if (size === 8) {
        const s = (alo >>> 0) - (blo >>> 0) - bin;
        lo = s | 0; hi = (ahi - bhi - (s < 0 ? 1 : 0)) | 0;
      } else lo = (alo - blo - bin) & sizeMask(size);
      c.setLazy(LF.Sub, size, alo, ahi, blo, bhi, lo, hi, bin);
      break;
    }
    case AND: lo = alo & blo; hi = ahi & bhi; c.setLogic(size, lo, hi); break;
    case OR: lo = alo | blo; hi = ahi | bhi; c.setLogic(size, lo, hi); break;
    default: lo = alo ^ blo; hi = ahi ^ bhi; c.setLogic(size, lo, hi); break;
  }
  c.vhi = hi;
  return lo;
}

/** Read the r/m operand for a read-modify-write: a memory operand is checked writable first. */
export function readRmw(c: X86State, d: Insn): number {
  if (d.mem === 0) return c.rget(d.size, d.rm);
  c.ea(d);
  probeWrite(c, d.size);
  return c.ld(d.size);
}

/** Make sure a `size`-byte store at eaLo/eaHi will not fault (fills the write TLB). */
export function probeWrite(c: X86State, size: number): void {
  c.mmu.translate(c.eaLo, c.eaHi, Access.Write);
  if (((c.eaLo & 0xfff) + size) > 0x1000) {
    const end = (c.eaLo >>> 0) + size - 1;
    c.mmu.translate(end | 0, end > 0xffffffff ? (c.eaHi + 1) | 0 : c.eaHi, Access.Write);
  }
}

// ---- Operand forms. d.sub is the ALU operation. ----

/** op r/m, reg (00, 01, 08, ...). */
export function aluEG(c: X86State, d: Insn): void {
  const op = d.sub, size = d.size;
  const alo = op === CMP ? c.readE(d) : readRmw(c, d), ahi = c.vhi;
  const blo = c.rget(size, d.reg), bhi = c.vhi;
  const r = alu(c, op, size, alo, ahi, blo, bhi);
  if (op !== CMP) c.writeE(d, r, c.vhi);
}

/** op reg, r/m (02, 03, 0A, ...). */
export function aluGE(c: X86State, d: Insn): void {
  const size = d.size;
  const blo = c.readE(d), bhi = c.vhi;
  const alo = c.rget(size, d.reg), ahi = c.vhi;
  const r = alu(c, d.sub, size, alo, ahi, blo, bhi);
  if (d.sub !== CMP) c.rset(size, d.reg, r, c.vhi);
}

/** op r/m, imm (80, 81, 83) and op AL/eAX, imm (04, 05, ... with rm = 0). */
export function aluEI(c: X86State, d: Insn): void {
  const op = d.sub, size = d.size;
  const alo = op === CMP ? c.readE(d) : readRmw(c, d), ahi = c.vhi;
  const r = alu(c, op, size, alo, ahi, d.immLo, d.immHi);
  if (op !== CMP) c.writeE(d, r, c.vhi);
}

/** TEST r/m, reg (84, 85): AND without storing. */
export function testEG(c: X86State, d: Insn): void {
  const lo = c.readE(d), hi = c.vhi;
  const blo = c.rget(d.size, d.reg), bhi = c.vhi;
  c.setLogic(d.size, lo & blo, hi & bhi);
}

/** TEST r/m, imm (F6 /0, F7 /0, A8, A9). */
export function testEI(c: X86State, d: Insn): void {
  const lo = c.readE(d), hi = c.vhi;
  c.setLogic(d.size, lo & d.immLo, hi & d.immHi);
}

/** INC (d.sub = 0) / DEC (d.sub = 1) r/m: like ADD/SUB 1 but CF is preserved (SDM Vol. 2A "INC"). */
export function incDec(c: X86State, d: Insn): void {
  const size = d.size;
  const alo = readRmw(c, d), ahi = c.vhi;
  const cf = c.getCF();
  let lo: number, hi = ahi;
  if (d.sub === 0) {
    lo = size === 8 ? (alo + 1) | 0 : (alo + 1) & sizeMask(size);
    if (size === 8 && lo === 0) hi = (ahi + 1) | 0;
  } else {
    lo = size === 8 ? (alo - 1) | 0 : (alo - 1) & sizeMask(size);
    if (size === 8 && alo === 0) hi = (ahi - 1) | 0;
  }
  c.writeE(d, lo, hi);
  // OF: the result crossed the signed boundary; AF: carry/borrow out of bit 3.
  const min = d.sub === 0 ? isSignMin(size, lo, hi) : isSignMin(size, alo, ahi);
  const af = d.sub === 0 ? (lo & 0xf) === 0 : (alo & 0xf) === 0;
  c.lop = LF.Res; c.lsz = size; c.lrLo = lo; c.lrHi = hi;
  c.aux = cf | (af ? AF : 0) | (min ? OF : 0);
}

function isSignMin(size: number, lo: number, hi: number): boolean {
  switch (size) {
    case 1: return lo === 0x80;
    case 2: return lo === 0x8000;
    case 4: return lo === (0x80000000 | 0);
    default: return lo === 0 && hi === (0x80000000 | 0);
  }
}

/** NOT r/m (F6 /2, F7 /2): no flags. */
export function notE(c: X86State, d: Insn): void {
  const lo = readRmw(c, d), hi = c.vhi;
  c.writeE(d, d.size === 8 ? ~lo : ~lo & sizeMask(d.size), d.size === 8 ? ~hi : 0);
}

/** NEG r/m (F6 /3, F7 /3): 0 - x, CF = (x != 0) (SDM Vol. 2B "NEG"). */
export function negE(c: X86State, d: Insn): void {
  const blo = readRmw(c, d), bhi = c.vhi;
  const r = alu(c, SUB, d.size, 0, 0, blo, bhi);
  c.writeE(d, r, c.vhi);
}
