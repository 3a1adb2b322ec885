// Multiplication and division (SDM Vol. 2A "MUL", "IMUL", "DIV", "IDIV").
//
// One-operand MUL/IMUL produce a double-width result in rDX:rAX (AX for
// bytes); CF = OF = 1 when the high half is significant. SF, ZF, AF, PF are
// undefined; we follow QEMU, which computes ZF/SF/PF from the low half and
// clears AF. DIV/IDIV leave flags unchanged (undefined in the SDM; QEMU does
// not touch them) and raise #DE (vector 0) on a zero divisor or a quotient
// that does not fit.

import { R, sdiv128, sdiv64, smul64, udiv128, udiv64, umul32, umul64 } from "../core/int64";
import { DE_FAULT, LF, type X86State } from "./state";
import type { Insn } from "./insn";

function mulFlags(c: X86State, size: number, lo: number, hi: number, overflow: boolean): void {
  c.lop = LF.Res; c.lsz = size; c.lrLo = lo; c.lrHi = hi; c.aux = overflow ? 0x801 : 0;
}

/** Signed 32x32 -> 64: low word in R[0], high word in R[1]. */
function smul32(a: number, b: number): void {
  umul32(a, b);
  let h = R[1];
  if (a < 0) h = (h - b) | 0;
  if (b < 0) h = (h - a) | 0;
  R[1] = h;
}

/** MUL (d.sub = 4) / IMUL (d.sub = 5) r/m: one operand, implicit rAX. */
export function mul1(c: X86State, d: Insn): void {
  const size = d.size, signed = d.sub === 5, r = c.r;
  const blo = c.readE(d), bhi = c.vhi;
  if (size === 1) {
    const a = r[0] & 0xff;
    const p = signed ? ((a << 24) >> 24) * ((blo << 24) >> 24) : a * blo;
    r[0] = (r[0] & ~0xffff) | (p & 0xffff);
    mulFlags(c, 1, p & 0xff, 0, signed ? p !== ((p << 24) >> 24) : (p & 0xff00) !== 0);
  } else if (size === 2) {
    const a = r[0] & 0xffff;
    const p = signed ? ((a << 16) >> 16) * ((blo << 16) >> 16) : a * blo;
    r[0] = (r[0] & ~0xffff) | (p & 0xffff);
    r[4] = (r[4] & ~0xffff) | ((p >> 16) & 0xffff);
    mulFlags(c, 2, p & 0xffff, 0, signed ? p !== ((p << 16) >> 16) : (p >>> 16) !== 0);
  } else if (size === 4) {
    if (signed) smul32(r[0], blo); else umul32(r[0], blo);
    const lo = R[0], hi = R[1];
    r[0] = lo; r[1] = 0; r[4] = hi; r[5] = 0;
    mulFlags(c, 4, lo, 0, signed ? hi !== lo >> 31 : hi !== 0);
  } else {
    if (signed) smul64(r[0], r[1], blo, bhi); else umul64(r[0], r[1], blo, bhi);
    const w0 = R[0], w1 = R[1], w2 = R[2], w3 = R[3];
    r[0] = w0; r[1] = w1; r[4] = w2; r[5] = w3;
    const sx = w1 >> 31;
    mulFlags(c, 8, w0, w1, signed ? (w2 !== sx || w3 !== sx) : (w2 | w3) !== 0);
  }
}

/** IMUL reg, r/m (0F AF) and IMUL reg, r/m, imm (69, 6B; d.sub = 1 means "use the immediate"). */
export function imul2(c: X86State, d: Insn): void {
  const size = d.size;
  const blo = c.readE(d), bhi = c.vhi;
  let alo: number, ahi: number;
  if (d.sub === 1) { alo = d.immLo; ahi = d.immHi; } else { alo = c.rget(size, d.reg); ahi = c.vhi; }
  let lo: number, hi = 0, ovf: boolean;
  if (size === 8) {
    smul64(alo, ahi, blo, bhi);
    lo = R[0]; hi = R[1];
    ovf = R[2] !== hi >> 31 || R[3] !== hi >> 31;
  } else if (size === 4) {
    smul32(alo, blo);
    lo = R[0]; ovf = R[1] !== lo >> 31;
  } else {
    const p = ((alo << 16) >> 16) * ((blo << 16) >> 16);
    lo = p & 0xffff; ovf = p !== ((p << 16) >> 16);
  }
  c.rset(size, d.reg, lo, hi);
  mulFlags(c, size, lo, hi, ovf);
}

/** DIV (d.sub = 6) / IDIV (d.sub = 7) r/m. */
export function div1(c: X86State, d: Insn): void {
  const size = d.size, signed = d.sub === 7, r = c.r;
  const blo = c.readE(d), bhi = c.vhi;
  if (blo === 0 && (size !== 8 || bhi === 0)) throw DE_FAULT;
  if (size === 1) {
    const n = signed ? (r[0] << 16) >> 16 : r[0] & 0xffff;
    const v = signed ? (blo << 24) >> 24 : blo;
    const q = Math.trunc(n / v), m = n - q * v;
    if (signed ? q !== ((q << 24) >> 24) : q > 0xff) throw DE_FAULT;
    r[0] = (r[0] & ~0xffff) | ((m & 0xff) << 8) | (q & 0xff);
  } else if (size === 2) {
    const u = ((r[4] & 0xffff) << 16) | (r[0] & 0xffff);
    const n = signed ? u : u >>> 0;
    const v = signed ? (blo << 16) >> 16 : blo;
    const q = Math.trunc(n / v), m = n - q * v;
    if (signed ? q !== ((q << 16) >> 16) : q > 0xffff) throw DE_FAULT;
    r[0] = (r[0] & ~0xffff) | (q & 0xffff);
    r[4] = (r[4] & ~0xffff) | (m & 0xffff);
  } else if (size === 4) {
    if (signed) {
      sdiv64(r[0], r[4], blo, blo >> 31);
      if (R[1] !== R[0] >> 31) throw DE_FAULT;
    } else {
      udiv64(r[0], r[4], blo, 0);
      if (R[1] !== 0) throw DE_FAULT;
    }
    r[0] = R[0]; r[1] = 0; r[4] = R[2]; r[5] = 0;
  } else {
    div64(r, signed, blo, bhi);
    r[0] = R[0]; r[1] = R[1]; r[4] = R[2]; r[5] = R[3];
  }
}

/** 128/64 division of rDX:rAX, with the common case (rDX = sign/zero extension of rAX) kept fast. */
function div64(r: Int32Array, signed: boolean, blo: number, bhi: number): void {
  const alo = r[0], ahi = r[1], dlo = r[4], dhi = r[5];
  if (signed) {
    const sx = ahi >> 31;
    if (dlo === sx && dhi === sx) {
      // INT64_MIN / -1 is the one quotient that does not fit.
      if (ahi === (0x80000000 | 0) && alo === 0 && blo === -1 && bhi === -1) throw DE_FAULT;
      sdiv64(alo, ahi, blo, bhi);
      return;
    }
    if (sdiv128(alo, ahi, dlo, dhi, blo, bhi)) throw DE_FAULT;
    return;
  }
  if ((dlo | dhi) === 0) { udiv64(alo, ahi, blo, bhi); return; }
  if (udiv128(alo, ahi, dlo, dhi, blo, bhi)) throw DE_FAULT;
}
