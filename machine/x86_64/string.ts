// String instructions: MOVS, STOS, LODS, CMPS, SCAS, with REP / REPE /
// REPNE (SDM Vol. 2B "REP/REPE/REPZ/REPNE/REPNZ", "MOVS", "STOS"...).
//
// rSI and rDI step by the element size, forwards or backwards as DF says.
// A repeated instruction is one instruction however many elements it moves,
// but its registers are updated element by element, so a page fault in the
// middle leaves rCX/rSI/rDI describing exactly the work that remains and
// RIP still at the instruction: re-executing it resumes the copy (as the
// SDM requires). The source may take an FS/GS override; the destination is
// always ES:rDI (base 0 in 64-bit mode).

import { DF, LF, type X86State, sizeMask } from "./state";
import type { Insn } from "./insn";


/** rCX is zero (for the address size)? */
function countZero(c: X86State, d: Insn): boolean {
  const r = c.r;
  return r[2] === 0 && (d.asize === 4 || r[3] === 0);
}

function decCount(c: X86State, d: Insn): void {
  const r = c.r;
  if (d.asize === 4) { r[2] = (r[2] - 1) | 0; r[3] = 0; return; }
  if (r[2] === 0) r[3] = (r[3] - 1) | 0;
  r[2] = (r[2] - 1) | 0;
}

/** Step register `i` (rSI = 6, rDI = 7) by +-size. */
function step(c: X86State, d: Insn, i: number): void {
  const r = c.r, delta = (c.fl & DF) !== 0 ? -d.size : d.size;
  const s = (r[2 * i] >>> 0) + delta;
  r[2 * i] = s | 0;
  if (d.asize === 4) r[2 * i + 1] = 0;
  else if (s > 0xffffffff) r[2 * i + 1] = (r[2 * i + 1] + 1) | 0;
  else if (s < 0) r[2 * i + 1] = (r[2 * i + 1] - 1) | 0;
}

/** Address of the source element: (seg:)rSI. */
function srcAddr(c: X86State, d: Insn): void {
  const r = c.r;
  let lo = r[12], hi = d.asize === 4 ? 0 : r[13];
  if (d.seg === 0x64 || d.seg === 0x65) {
    const blo = d.seg === 0x64 ? c.fsLo : c.gsLo, bhi = d.seg === 0x64 ? c.fsHi : c.gsHi;
    const s = (lo >>> 0) + (blo >>> 0);
    hi = (hi + bhi + (s > 0xffffffff ? 1 : 0)) | 0; lo = s | 0;
  }
  c.eaLo = lo; c.eaHi = hi;
}

function dstAddr(c: X86State, d: Insn): void {
  const r = c.r;
  c.eaLo = r[14]; c.eaHi = d.asize === 4 ? 0 : r[15];
}

/** MOVS (A4, A5): [rDI] = [rSI]. */
export function movs(c: X86State, d: Insn): void {
  const size = d.size;
  if (d.rep !== 0) {
    while (!countZero(c, d)) {
      srcAddr(c, d); const lo = c.ld(size), hi = c.vhi;
      dstAddr(c, d); c.st(size, lo, hi);
      step(c, d, 6); step(c, d, 7); decCount(c, d);
    }
    return;
  }
  srcAddr(c, d); const lo = c.ld(size), hi = c.vhi;
  dstAddr(c, d); c.st(size, lo, hi);
  step(c, d, 6); step(c, d, 7);
}

/** STOS (AA, AB): [rDI] = AL/AX/EAX/RAX. */
export function stos(c: X86State, d: Insn): void {
  const size = d.size;
  const lo = c.rget(size, 0), hi = c.vhi;
  if (d.rep !== 0) {
    while (!countZero(c, d)) {
      dstAddr(c, d); c.st(size, lo, hi);
      step(c, d, 7); decCount(c, d);
    }
    return;
  }
  dstAddr(c, d); c.st(size, lo, hi);
  step(c, d, 7);
}

/** LODS (AC, AD): AL/AX/EAX/RAX = [rSI]. */
export function lods(c: X86State, d: Insn): void {
  const size = d.size;
  if (d.rep !== 0) {
    while (!countZero(c, d)) {
      srcAddr(c, d); const lo = c.ld(size), hi = c.vhi;
      c.rset(size, 0, lo, hi);
      step(c, d, 6); decCount(c, d);
    }
    return;
  }
  srcAddr(c, d); const lo = c.ld(size), hi = c.vhi;
  c.rset(size, 0, lo, hi);
  step(c, d, 6);
}

/** Record flags for a - b as CMP does. */
function cmpFlags(c: X86State, size: number, alo: number, ahi: number, blo: number, bhi: number): void {
  let rlo: number, rhi = 0;
  if (size === 8) { const s = (alo >>> 0) - (blo >>> 0); rlo = s | 0; rhi = (ahi - bhi - (s < 0 ? 1 : 0)) | 0; }
  else rlo = (alo - blo) & sizeMask(size);
  c.setLazy(LF.Sub, size, alo, ahi, blo, bhi, rlo, rhi, 0);
}

/** CMPS (A6, A7): compare [rSI] with [rDI]; REPE stops on a difference, REPNE on equality. */
export function cmps(c: X86State, d: Insn): void {
  const size = d.size;
  do {
    if (d.rep !== 0 && countZero(c, d)) return;
    srcAddr(c, d); const alo = c.ld(size), ahi = c.vhi;
    dstAddr(c, d); const blo = c.ld(size), bhi = c.vhi;
    cmpFlags(c, size, alo, ahi, blo, bhi);
    step(c, d, 6); step(c, d, 7);
    if (d.rep === 0) return;
    decCount(c, d);
  } while ((c.getZF() === 1) === (d.rep === 0xf3));
}

/** SCAS (AE, AF): compare AL/AX/EAX/RAX with [rDI]. */
export function scas(c: X86State, d: Insn): void {
  const size = d.size;
  const alo = c.rget(size, 0), ahi = c.vhi;
  do {
    if (d.rep !== 0 && countZero(c, d)) return;
    dstAddr(c, d); const blo = c.ld(size), bhi = c.vhi;
    cmpFlags(c, size, alo, ahi, blo, bhi);
    step(c, d, 7);
    if (d.rep === 0) return;
    decCount(c, d);
  } while ((c.getZF() === 1) === (d.rep === 0xf3));
}

