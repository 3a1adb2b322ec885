// Data movement: MOV, MOVZX/MOVSX/MOVSXD, LEA, XCHG, CMOVcc, SETcc,
// PUSH/POP, BSWAP, MOVBE, the sign-extension family CBW..CQO, XADD and
// CMPXCHG (SDM Vol. 2A/2B under each mnemonic). None of these touch flags
// except XADD and CMPXCHG.

import { ADD, alu, probeWrite, readRmw } from "./alu";
import { GP_FAULT, LF, type X86State, sizeMask } from "./state";
import type { Insn } from "./insn";
import { bswap32 } from "../core/int64";

/** MOV r/m, reg (88, 89). */
export function movEG(c: X86State, d: Insn): void {
  const lo = c.rget(d.size, d.reg);
  c.storeE(d, lo, c.vhi);
}

/** MOV reg, r/m (8A, 8B). */
export function movGE(c: X86State, d: Insn): void {
  const lo = c.readE(d);
  c.rset(d.size, d.reg, lo, c.vhi);
}

/** MOV r/m, imm (C6 /0, C7 /0) and MOV reg, imm (B0..BF: rm holds the register). */
export function movEI(c: X86State, d: Insn): void {
  c.storeE(d, d.immLo, d.immHi);
}

/** Register-only fast paths the decoder picks when the operand is a 32/64-bit register. */
export function movRR64(c: X86State, d: Insn): void {
  const r = c.r;
  r[2 * d.reg] = r[2 * d.rm]; r[2 * d.reg + 1] = r[2 * d.rm + 1];
}
export function movRR32(c: X86State, d: Insn): void {
  const r = c.r;
  r[2 * d.reg] = r[2 * d.rm]; r[2 * d.reg + 1] = 0;
}

/** MOVZX reg, r/m8 / r/m16 (0F B6, 0F B7): d.sub = source size. */
export function movzx(c: X86State, d: Insn): void {
  const v = readSrc(c, d, d.sub);
  c.rset(d.size, d.reg, v, 0);
}

/** MOVSX reg, r/m8 / r/m16 (0F BE, 0F BF) and MOVSXD reg, r/m32 (63): d.sub = source size. */
export function movsx(c: X86State, d: Insn): void {
  const v = readSrc(c, d, d.sub);
  const lo = d.sub === 1 ? (v << 24) >> 24 : d.sub === 2 ? (v << 16) >> 16 : v;
  c.rset(d.size, d.reg, d.size === 2 ? lo & 0xffff : lo, lo >> 31);
}

/** Read the r/m operand at a size other than d.size. */
export function readSrc(c: X86State, d: Insn, size: number): number {
  if (d.mem === 0) return c.rget(size, d.rm);
  c.ea(d);
  return c.ld(size);
}

/** LEA reg, m (8D): the address itself, truncated to the operand size. */
export function lea(c: X86State, d: Insn): void {
  c.eaLea(d);
  c.rset(d.size, d.reg, c.eaLo, c.eaHi);
}

/** XCHG r/m, reg (86, 87; 90+r with rm = rax). With memory it is atomic: LOCK is implied. */
export function xchg(c: X86State, d: Insn): void {
  const size = d.size;
  const alo = readRmw(c, d), ahi = c.vhi;
  const blo = c.rget(size, d.reg), bhi = c.vhi;
  c.writeE(d, blo, bhi);
  c.rset(size, d.reg, alo, ahi);
}

/** CMOVcc reg, r/m (0F 40..4F): the source is read even when the condition is false (it may fault). */
export function cmov(c: X86State, d: Insn): void {
  const lo = c.readE(d), hi = c.vhi;
  if (c.cond(d.sub)) c.rset(d.size, d.reg, lo, hi);
  else if (d.size === 4) c.r[2 * d.reg + 1] = 0;   // a 32-bit CMOV zero-extends even when it does not move
}

/** SETcc r/m8 (0F 90..9F). */
export function setcc(c: X86State, d: Insn): void {
  c.storeE(d, c.cond(d.sub) ? 1 : 0, 0);
}

/** PUSH reg (50+r) / PUSH r/m (FF /6): 64-bit, or 16-bit with a 66 prefix. */
export function pushE(c: X86State, d: Insn): void {
  const lo = c.readE(d), hi = c.vhi;
  pushSized(c, d.size, lo, hi);
}

/** PUSH imm (68, 6A): the immediate is sign-extended to 64 bits. */
export function pushI(c: X86State, d: Insn): void {
  pushSized(c, d.size, d.immLo, d.immHi);
}

function pushSized(c: X86State, size: number, lo: number, hi: number): void {
  if (size === 8) { c.push64(lo, hi); return; }
  const r = c.r;
  const s = (r[8] >>> 0) - 2, nlo = s | 0, nhi = s < 0 ? (r[9] - 1) | 0 : r[9];
  c.mmu.write16(nlo, nhi, lo);
  r[8] = nlo; r[9] = nhi;
}

/** POP reg (58+r) / POP r/m (8F /0). RSP is incremented before a memory destination's address is computed (SDM "POP"). */
export function popE(c: X86State, d: Insn): void {
  const r = c.r;
  const oldLo = r[8], oldHi = r[9];
  let lo: number, hi = 0;
  if (d.size === 8) { lo = c.pop64(); hi = c.vhi; }
  else {
    lo = c.mmu.read16(r[8], r[9]);
    const s = (r[8] >>> 0) + 2; r[8] = s | 0; if (s > 0xffffffff) r[9] = (r[9] + 1) | 0;
  }
  if (d.mem === 0) { c.rset(d.size, d.rm, lo, hi); return; }
  try { c.storeE(d, lo, hi); } catch (e) { r[8] = oldLo; r[9] = oldHi; throw e; }
}

/** BSWAP reg (0F C8+r). With a 16-bit operand the result is undefined; we clear it as QEMU does. */
export function bswap(c: X86State, d: Insn): void {
  const r = c.r, i = d.rm;
  if (d.size === 8) { const lo = r[2 * i]; r[2 * i] = bswap32(r[2 * i + 1]); r[2 * i + 1] = bswap32(lo); }
  else if (d.size === 4) { r[2 * i] = bswap32(r[2 * i]); r[2 * i + 1] = 0; }
  else r[2 * i] &= ~0xffff;
}

/** MOVBE reg, m (0F 38 F0) / MOVBE m, reg (0F 38 F1): d.sub = 0 load, 1 store. */
export function movbe(c: X86State, d: Insn): void {
  c.ea(d);
  if (d.sub === 0) {
    const lo = c.ld(d.size), hi = c.vhi;
    if (d.size === 8) c.rset(8, d.reg, bswap32(hi), bswap32(lo));
    else if (d.size === 4) c.rset(4, d.reg, bswap32(lo), 0);
    else c.rset(2, d.reg, ((lo & 0xff) << 8) | ((lo >> 8) & 0xff), 0);
  } else {
    const lo = c.rget(d.size, d.reg), hi = c.vhi;
    if (d.size === 8) c.st(8, bswap32(hi), bswap32(lo));
    else if (d.size === 4) c.st(4, bswap32(lo), 0);
    else c.st(2, ((lo & 0xff) << 8) | ((lo >> 8) & 0xff), 0);
  }
}

/** CBW / CWDE / CDQE (98): sign-extend the lower half of rAX into rAX. */
export function cbw(c: X86State, d: Insn): void {
  const r = c.r;
  if (d.size === 8) r[1] = r[0] >> 31;
  else if (d.size === 4) { r[0] = (r[0] << 16) >> 16; r[1] = 0; }
  else r[0] = (r[0] & ~0xffff) | (((r[0] << 24) >> 24) & 0xffff);
}

/** CWD / CDQ / CQO (99): sign-extend rAX into rDX. */
export function cwd(c: X86State, d: Insn): void {
  const r = c.r;
  if (d.size === 8) { r[4] = r[5] = r[1] >> 31; }
  else if (d.size === 4) { r[4] = r[0] >> 31; r[5] = 0; }
  else r[4] = (r[4] & ~0xffff) | (((r[0] << 16) >> 31) & 0xffff);
}

/** XADD r/m, reg (0F C0, 0F C1): exchange, then add; flags as ADD. */
export function xadd(c: X86State, d: Insn): void {
  const size = d.size;
  const alo = readRmw(c, d), ahi = c.vhi;
  const blo = c.rget(size, d.reg), bhi = c.vhi;
  const sum = alu(c, ADD, size, alo, ahi, blo, bhi), shi = c.vhi;
  c.rset(size, d.reg, alo, ahi);
  c.writeE(d, sum, shi);
}

/**
 * CMPXCHG r/m, reg (0F B0, 0F B1): compare rAX with the destination; if equal
 * store the source, else load the destination into rAX. Flags as CMP rAX, dest.
 * The destination is written in both cases on real hardware (SDM "CMPXCHG").
 */
export function cmpxchg(c: X86State, d: Insn): void {
  const size = d.size;
  const dlo = readRmw(c, d), dhi = c.vhi;
  const alo = c.rget(size, 0), ahi = c.vhi;
  const equal = ((alo ^ dlo) & sizeMask(size)) === 0 && (size !== 8 || ahi === dhi);
  if (equal) {
    const slo = c.rget(size, d.reg), shi = c.vhi;
    c.writeE(d, slo, shi);
  } else {
    if (d.mem !== 0) c.st(size, dlo, dhi);
    c.rset(size, 0, dlo, dhi);
  }
  let rlo: number, rhi = 0;
  if (size === 8) { const s = (alo >>> 0) - (dlo >>> 0); rlo = s | 0; rhi = (ahi - dhi - (s < 0 ? 1 : 0)) | 0; }
  else rlo = (alo - dlo) & sizeMask(size);
  c.setLazy(LF.Sub, size, alo, ahi, dlo, dhi, rlo, rhi, 0);
}

/** MOV r64, r64 in the 89 direction (destination in r/m). */
export function movRR64r(c: X86State, d: Insn): void {
  const r = c.r;
  r[2 * d.rm] = r[2 * d.reg]; r[2 * d.rm + 1] = r[2 * d.reg + 1];
}
export function movRR32r(c: X86State, d: Insn): void {
  const r = c.r;
  r[2 * d.rm] = r[2 * d.reg]; r[2 * d.rm + 1] = 0;
}

/**
 * CMPXCHG8B m64 / CMPXCHG16B m128 (0F C7 /1; 16B with REX.W): compare
 * EDX:EAX (RDX:RAX) with memory; equal: ZF = 1 and store ECX:EBX (RCX:RBX);
 * else ZF = 0 and load memory into EDX:EAX (RDX:RAX). Only ZF changes. The
 * 16-byte form needs a 16-byte aligned operand (#GP otherwise). Memory is
 * written in both cases, as the locked hardware cycle does (SDM "CMPXCHG8B/CMPXCHG16B").
 */
export function cmpxchg8b16b(c: X86State, d: Insn): void {
  const r = c.r, wide = d.size === 8;
  c.ea(d);
  if (wide && (c.eaLo & 15) !== 0) throw GP_FAULT;
  const lo = c.eaLo, hi = c.eaHi;
  const step = (k: number): [number, number] => { const s = (lo >>> 0) + k; return [s | 0, s > 0xffffffff ? (hi + 1) | 0 : hi]; };
  probeWrite(c, 8);
  let m0: number, m1: number, m2 = 0, m3 = 0;
  if (wide) {
    const [alo, ahi] = step(8);
    c.eaLo = alo; c.eaHi = ahi; probeWrite(c, 8); c.eaLo = lo; c.eaHi = hi;
    m0 = c.mmu.read64(lo, hi); m1 = c.mmu.hi64;
    m2 = c.mmu.read64(alo, ahi); m3 = c.mmu.hi64;
    const equal = m0 === r[0] && m1 === r[1] && m2 === r[4] && m3 === r[5];
    if (equal) { c.mmu.write64(lo, hi, r[6], r[7]); c.mmu.write64(alo, ahi, r[2], r[3]); }
    else { c.mmu.write64(lo, hi, m0, m1); c.mmu.write64(alo, ahi, m2, m3); r[0] = m0; r[1] = m1; r[4] = m2; r[5] = m3; }
    setZF(c, equal);
  } else {
    m0 = c.mmu.read64(lo, hi); m1 = c.mmu.hi64;
    const equal = m0 === r[0] && m1 === r[4];
    if (equal) c.mmu.write64(lo, hi, r[6], r[2]);
    else { c.mmu.write64(lo, hi, m0, m1); r[0] = m0; r[1] = 0; r[4] = m1; r[5] = 0; }
    setZF(c, equal);
  }
}

function setZF(c: X86State, z: boolean): void {
  c.setRflags(z ? 0x40 : 0, 0x40);
}
