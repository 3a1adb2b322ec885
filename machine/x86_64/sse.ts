// A sliver of SSE2: the 128-bit register moves and the few integer
// operations that gcc's libgcc uses in its 128-bit division helpers
// (__divti3, __udivmodti4 ...), which are linked into even
// -mgeneral-regs-only programs. XMM registers live in c.x as four int32
// words each (SDM Vol. 2: "MOVD/MOVQ", "MOVDQA", "MOVDQU", "MOVAPS",
// "MOVUPS", "PUNPCKLQDQ", "PXOR"). Everything else in the SSE space is #UD.

import { GP_FAULT, type X86State } from "./state";
import type { Insn } from "./insn";

/** Load 16 bytes at the r/m operand (register or memory) into scratch words. */
function load128(c: X86State, d: Insn, aligned: boolean, out: Int32Array): void {
  if (d.mem === 0) { out.set(c.x.subarray(4 * d.rm, 4 * d.rm + 4)); return; }
  c.ea(d);
  if (aligned && (c.eaLo & 15) !== 0) throw GP_FAULT;
  const lo = c.eaLo, hi = c.eaHi;
  for (let k = 0; k < 4; k++) {
    const s = (lo >>> 0) + 4 * k;
    out[k] = c.mmu.read32(s | 0, s > 0xffffffff ? (hi + 1) | 0 : hi);
  }
}

const T = new Int32Array(4);

/** MOVDQA/MOVAPS (d.sub = 1: aligned) and MOVDQU/MOVUPS (d.sub = 0), xmm <- xmm/m128. */
export function movLoad128(c: X86State, d: Insn): void {
  load128(c, d, d.sub === 1, T);
  c.x.set(T, 4 * d.reg);
}

/** The store direction: xmm/m128 <- xmm. Both 8-byte halves are checked writable before either is stored. */
export function movStore128(c: X86State, d: Insn): void {
  const x = c.x, s = 4 * d.reg;
  if (d.mem === 0) { x.copyWithin(4 * d.rm, s, s + 4); return; }
  c.ea(d);
  if (d.sub === 1 && (c.eaLo & 15) !== 0) throw GP_FAULT;
  const lo = c.eaLo, hi = c.eaHi;
  const a = (lo >>> 0) + 8, alo = a | 0, ahi = a > 0xffffffff ? (hi + 1) | 0 : hi;
  c.mmu.read64(alo, ahi);                   // fault before any byte changes if the second half is unmapped
  c.mmu.write64(lo, hi, x[s], x[s + 1]);
  c.mmu.write64(alo, ahi, x[s + 2], x[s + 3]);
}

/** MOVD/MOVQ xmm, r/m32/64 (66 0F 6E): zero the rest of the register. */
export function movdToXmm(c: X86State, d: Insn): void {
  const lo = c.readE(d), hi = c.vhi, x = c.x, i = 4 * d.reg;
  x[i] = lo; x[i + 1] = d.size === 8 ? hi : 0; x[i + 2] = 0; x[i + 3] = 0;
}

/** MOVD/MOVQ r/m32/64, xmm (66 0F 7E). */
export function movdFromXmm(c: X86State, d: Insn): void {
  const x = c.x, i = 4 * d.reg;
  c.storeE(d, x[i], d.size === 8 ? x[i + 1] : 0);
}

/** MOVQ xmm, xmm/m64 (F3 0F 7E): low quadword, upper cleared. */
export function movqLoad(c: X86State, d: Insn): void {
  let lo: number, hi: number;
  if (d.mem === 0) { lo = c.x[4 * d.rm]; hi = c.x[4 * d.rm + 1]; }
  else { c.ea(d); lo = c.ld(8); hi = c.vhi; }
  const x = c.x, i = 4 * d.reg;
  x[i] = lo; x[i + 1] = hi; x[i + 2] = 0; x[i + 3] = 0;
}

/** MOVQ xmm/m64, xmm (66 0F D6). */
export function movqStore(c: X86State, d: Insn): void {
  const x = c.x, i = 4 * d.reg;
  if (d.mem === 0) { const j = 4 * d.rm; x[j] = x[i]; x[j + 1] = x[i + 1]; x[j + 2] = 0; x[j + 3] = 0; return; }
  c.ea(d); c.st(8, x[i], x[i + 1]);
}

/** PUNPCKLQDQ (66 0F 6C, d.sub = 0) / PUNPCKHQDQ (66 0F 6D, d.sub = 1). */
export function punpckqdq(c: X86State, d: Insn): void {
  load128(c, d, true, T);
  const x = c.x, i = 4 * d.reg;
  if (d.sub === 0) { x[i + 2] = T[0]; x[i + 3] = T[1]; }
  else { x[i] = x[i + 2]; x[i + 1] = x[i + 3]; x[i + 2] = T[2]; x[i + 3] = T[3]; }
}

/** PXOR (66 0F EF) / XORPS (0F 57) / XORPD (66 0F 57): bitwise, so one handler. */
export function pxor(c: X86State, d: Insn): void {
  load128(c, d, true, T);
  const x = c.x, i = 4 * d.reg;
  for (let k = 0; k < 4; k++) x[i + k] ^= T[k];
}
