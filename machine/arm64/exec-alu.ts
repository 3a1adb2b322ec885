// Handlers for integer data processing: ADD/SUB (immediate, shifted and
// extended register), the logical operations, moves of wide immediates,
// PC-relative addresses, bitfield moves and EXTR. Arm ARM C6.2, one handler
// per operation and width, each reading every input before writing Rd
// (Rd may be the same register as an input).

import { addc32, addc64, extended, H, logicFlags, ror32, shifted32, shifted64 } from "./alu";
import { R, ror64, shl64 } from "../core/int64";
import type { Arm64Cpu } from "./cpu";
import type { Insn } from "./insn";

type C = Arm64Cpu;

function set64(x: Int32Array, r: number, lo: number, hi: number): void { x[r << 1] = lo; x[(r << 1) + 1] = hi; }
function set32(x: Int32Array, r: number, v: number): void { x[r << 1] = v; x[(r << 1) + 1] = 0; }

// ---- PC-relative: ADR (C6.2.10), ADRP (C6.2.11) ----

// The instruction's address is the page's virtual base (set by the run loop) plus d.off.

export function adr(c: C, d: Insn): void {
  const l = (c.baseLo >>> 0) + d.off + d.imm;
  set64(c.x, d.rd, l | 0, (c.baseHi + (l > 0xffffffff ? 1 : l < 0 ? -1 : 0)) | 0);
}

export function adrp(c: C, d: Insn): void {
  // imm is in 4 KiB pages: the page of PC plus imm * 4096, as a 64-bit sum
  const base = c.baseLo >>> 0, off = d.imm * 4096;
  const s = base + off;                                   // exact in a double
  const carry = Math.floor(s / 4294967296);
  set64(c.x, d.rd, s | 0, (c.baseHi + carry) | 0);
}

// ---- ADD/SUB (immediate): C6.2.4, C6.2.8, C6.2.335, C6.2.339 ----

export function addImm64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, l = (x[n] >>> 0) + d.imm;
  set64(x, d.rd, l | 0, (x[n + 1] + (l > 0xffffffff ? 1 : 0)) | 0);
}
export function addImm32(c: C, d: Insn): void { set32(c.x, d.rd, (c.x[d.rn << 1] + d.imm) | 0); }
export function subImm64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, l = (x[n] >>> 0) - d.imm;
  set64(x, d.rd, l | 0, (x[n + 1] - (l < 0 ? 1 : 0)) | 0);
}
export function subImm32(c: C, d: Insn): void { set32(c.x, d.rd, (c.x[d.rn << 1] - d.imm) | 0); }
export function addsImm64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, l = addc64(c, x[n], x[n + 1], d.imm, 0, 0);
  set64(x, d.rd, l, H);
}
export function addsImm32(c: C, d: Insn): void { set32(c.x, d.rd, addc32(c, c.x[d.rn << 1], d.imm, 0)); }
export function subsImm64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, l = addc64(c, x[n], x[n + 1], ~d.imm, -1, 1);
  set64(x, d.rd, l, H);
}
export function subsImm32(c: C, d: Insn): void { set32(c.x, d.rd, addc32(c, c.x[d.rn << 1], ~d.imm, 1)); }

// ---- ADD/SUB (shifted register) ----

export function addReg64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, bl = shifted64(x, d), bh = H;
  const l = (x[n] >>> 0) + (bl >>> 0);
  set64(x, d.rd, l | 0, (x[n + 1] + bh + (l > 0xffffffff ? 1 : 0)) | 0);
}
export function addReg32(c: C, d: Insn): void { set32(c.x, d.rd, (c.x[d.rn << 1] + shifted32(c.x, d)) | 0); }
export function subReg64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, bl = shifted64(x, d), bh = H;
  const l = (x[n] >>> 0) - (bl >>> 0);
  set64(x, d.rd, l | 0, (x[n + 1] - bh - (l < 0 ? 1 : 0)) | 0);
}
export function subReg32(c: C, d: Insn): void { set32(c.x, d.rd, (c.x[d.rn << 1] - shifted32(c.x, d)) | 0); }
export function addsReg64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, bl = shifted64(x, d), bh = H;
  const l = addc64(c, x[n], x[n + 1], bl, bh, 0);
  set64(x, d.rd, l, H);
}
export function addsReg32(c: C, d: Insn): void { set32(c.x, d.rd, addc32(c, c.x[d.rn << 1], shifted32(c.x, d), 0)); }
export function subsReg64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, bl = shifted64(x, d), bh = H;
  const l = addc64(c, x[n], x[n + 1], ~bl, ~bh, 1);
  set64(x, d.rd, l, H);
}
export function subsReg32(c: C, d: Insn): void { set32(c.x, d.rd, addc32(c, c.x[d.rn << 1], ~shifted32(c.x, d), 1)); }

// ---- ADD/SUB (extended register): C6.2.3, C6.2.7, C6.2.334, C6.2.338 ----

export function addExt64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, bl = extended(x, d), bh = H;
  const l = (x[n] >>> 0) + (bl >>> 0);
  set64(x, d.rd, l | 0, (x[n + 1] + bh + (l > 0xffffffff ? 1 : 0)) | 0);
}
export function addExt32(c: C, d: Insn): void { set32(c.x, d.rd, (c.x[d.rn << 1] + extended(c.x, d)) | 0); }
export function subExt64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, bl = extended(x, d), bh = H;
  const l = (x[n] >>> 0) - (bl >>> 0);
  set64(x, d.rd, l | 0, (x[n + 1] - bh - (l < 0 ? 1 : 0)) | 0);
}
export function subExt32(c: C, d: Insn): void { set32(c.x, d.rd, (c.x[d.rn << 1] - extended(c.x, d)) | 0); }
export function addsExt64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, bl = extended(x, d), bh = H;
  set64(x, d.rd, addc64(c, x[n], x[n + 1], bl, bh, 0), H);
}
export function addsExt32(c: C, d: Insn): void { set32(c.x, d.rd, addc32(c, c.x[d.rn << 1], extended(c.x, d), 0)); }
export function subsExt64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, bl = extended(x, d), bh = H;
  set64(x, d.rd, addc64(c, x[n], x[n + 1], ~bl, ~bh, 1), H);
}
export function subsExt32(c: C, d: Insn): void { set32(c.x, d.rd, addc32(c, c.x[d.rn << 1], ~extended(c.x, d), 1)); }

// ---- Logical (immediate): C6.2.12 AND, C6.2.206 ORR, C6.2.85 EOR, C6.2.14 ANDS ----

export function andImm64(c: C, d: Insn): void { const x = c.x, n = d.rn << 1; set64(x, d.rd, x[n] & d.imm, x[n + 1] & d.immHi); }
export function orrImm64(c: C, d: Insn): void { const x = c.x, n = d.rn << 1; set64(x, d.rd, x[n] | d.imm, x[n + 1] | d.immHi); }
export function eorImm64(c: C, d: Insn): void { const x = c.x, n = d.rn << 1; set64(x, d.rd, x[n] ^ d.imm, x[n + 1] ^ d.immHi); }
export function andsImm64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, l = x[n] & d.imm, h = x[n + 1] & d.immHi;
  logicFlags(c, l, h); set64(x, d.rd, l, h);
}
export function andImm32(c: C, d: Insn): void { set32(c.x, d.rd, c.x[d.rn << 1] & d.imm); }
export function orrImm32(c: C, d: Insn): void { set32(c.x, d.rd, c.x[d.rn << 1] | d.imm); }
export function eorImm32(c: C, d: Insn): void { set32(c.x, d.rd, c.x[d.rn << 1] ^ d.imm); }
export function andsImm32(c: C, d: Insn): void {
  const v = c.x[d.rn << 1] & d.imm;
  logicFlags(c, v, v); set32(c.x, d.rd, v);
}

// ---- Logical (shifted register): AND, BIC, ORR, ORN, EOR, EON, ANDS, BICS ----

export function andReg64(c: C, d: Insn): void { const x = c.x, n = d.rn << 1, bl = shifted64(x, d), bh = H; set64(x, d.rd, x[n] & bl, x[n + 1] & bh); }
export function bicReg64(c: C, d: Insn): void { const x = c.x, n = d.rn << 1, bl = shifted64(x, d), bh = H; set64(x, d.rd, x[n] & ~bl, x[n + 1] & ~bh); }
export function orrReg64(c: C, d: Insn): void { const x = c.x, n = d.rn << 1, bl = shifted64(x, d), bh = H; set64(x, d.rd, x[n] | bl, x[n + 1] | bh); }
export function ornReg64(c: C, d: Insn): void { const x = c.x, n = d.rn << 1, bl = shifted64(x, d), bh = H; set64(x, d.rd, x[n] | ~bl, x[n + 1] | ~bh); }
export function eorReg64(c: C, d: Insn): void { const x = c.x, n = d.rn << 1, bl = shifted64(x, d), bh = H; set64(x, d.rd, x[n] ^ bl, x[n + 1] ^ bh); }
export function eonReg64(c: C, d: Insn): void { const x = c.x, n = d.rn << 1, bl = shifted64(x, d), bh = H; set64(x, d.rd, x[n] ^ ~bl, x[n + 1] ^ ~bh); }
export function andsReg64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, bl = shifted64(x, d), bh = H, l = x[n] & bl, h = x[n + 1] & bh;
  logicFlags(c, l, h); set64(x, d.rd, l, h);
}
export function bicsReg64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, bl = shifted64(x, d), bh = H, l = x[n] & ~bl, h = x[n + 1] & ~bh;
  logicFlags(c, l, h); set64(x, d.rd, l, h);
}
/** MOV Xd, Xm (ORR with XZR, no shift): the most common instruction of all gets its own handler. */
export function movReg64(c: C, d: Insn): void { const x = c.x, m = d.rm << 1; set64(x, d.rd, x[m], x[m + 1]); }
export function movReg32(c: C, d: Insn): void { set32(c.x, d.rd, c.x[d.rm << 1]); }
export function andReg32(c: C, d: Insn): void { set32(c.x, d.rd, c.x[d.rn << 1] & shifted32(c.x, d)); }
export function bicReg32(c: C, d: Insn): void { set32(c.x, d.rd, c.x[d.rn << 1] & ~shifted32(c.x, d)); }
export function orrReg32(c: C, d: Insn): void { set32(c.x, d.rd, c.x[d.rn << 1] | shifted32(c.x, d)); }
export function ornReg32(c: C, d: Insn): void { set32(c.x, d.rd, c.x[d.rn << 1] | ~shifted32(c.x, d)); }
export function eorReg32(c: C, d: Insn): void { set32(c.x, d.rd, c.x[d.rn << 1] ^ shifted32(c.x, d)); }
export function eonReg32(c: C, d: Insn): void { set32(c.x, d.rd, c.x[d.rn << 1] ^ ~shifted32(c.x, d)); }
export function andsReg32(c: C, d: Insn): void { const v = c.x[d.rn << 1] & shifted32(c.x, d); logicFlags(c, v, v); set32(c.x, d.rd, v); }
export function bicsReg32(c: C, d: Insn): void { const v = c.x[d.rn << 1] & ~shifted32(c.x, d); logicFlags(c, v, v); set32(c.x, d.rd, v); }

// ---- Move wide: C6.2.192 MOVN, C6.2.193 MOVZ, C6.2.191 MOVK ----

export function movz(c: C, d: Insn): void {
  const s = d.imm3;
  set64(c.x, d.rd, s < 32 ? d.imm << s : 0, s >= 32 ? d.imm << (s - 32) : 0);
}
export function movn64(c: C, d: Insn): void {
  const s = d.imm3;
  set64(c.x, d.rd, ~(s < 32 ? d.imm << s : 0), ~(s >= 32 ? d.imm << (s - 32) : 0));
}
export function movn32(c: C, d: Insn): void { set32(c.x, d.rd, ~(d.imm << d.imm3)); }
export function movk64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, s = d.imm3;
  let lo = x[n], hi = x[n + 1];
  if (s < 32) lo = (lo & ~(0xffff << s)) | (d.imm << s);
  else hi = (hi & ~(0xffff << (s - 32))) | (d.imm << (s - 32));
  set64(x, d.rd, lo, hi);
}
export function movk32(c: C, d: Insn): void {
  const s = d.imm3;
  set32(c.x, d.rd, (c.x[d.rn << 1] & ~(0xffff << s)) | (d.imm << s));
}

// ---- Bitfield moves: C6.2.266 SBFM, C6.2.37 BFM, C6.2.362 UBFM ----
// The pseudocode: bot = (dst AND NOT wmask) OR (ROR(src, R) AND wmask);
// top = sign ? Replicate(src<S>) : (bfm ? dst : 0); result = (top AND NOT tmask) OR (bot AND tmask).
// The masks were computed by the decoder (DecodeBitMasks).

export function bfm64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, a = d.ra << 1;
  const rl = ror64(x[n], x[n + 1], d.imm2), rh = R[1];
  const dl = x[a], dh = x[a + 1];
  const bl = (dl & ~d.m0) | (rl & d.m0), bh = (dh & ~d.m1) | (rh & d.m1);
  set64(x, d.rd, (dl & ~d.m2) | (bl & d.m2), (dh & ~d.m3) | (bh & d.m3));
}
export function ubfm64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1;
  const rl = ror64(x[n], x[n + 1], d.imm2), rh = R[1];
  set64(x, d.rd, rl & d.m0 & d.m2, rh & d.m1 & d.m3);
}
export function sbfm64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, s = d.imm3;
  const sign = (s < 32 ? x[n] >>> s : x[n + 1] >>> (s - 32)) & 1 ? -1 : 0;
  const rl = ror64(x[n], x[n + 1], d.imm2), rh = R[1];
  set64(x, d.rd, (sign & ~d.m2) | (rl & d.m0 & d.m2), (sign & ~d.m3) | (rh & d.m1 & d.m3));
}
export function bfm32(c: C, d: Insn): void {
  const x = c.x, dst = x[d.ra << 1], r = ror32(x[d.rn << 1], d.imm2);
  const bot = (dst & ~d.m0) | (r & d.m0);
  set32(x, d.rd, (dst & ~d.m2) | (bot & d.m2));
}
export function ubfm32(c: C, d: Insn): void { set32(c.x, d.rd, ror32(c.x[d.rn << 1], d.imm2) & d.m0 & d.m2); }
export function sbfm32(c: C, d: Insn): void {
  const v = c.x[d.rn << 1], sign = (v >>> d.imm3) & 1 ? -1 : 0;
  set32(c.x, d.rd, (sign & ~d.m2) | (ror32(v, d.imm2) & d.m0 & d.m2));
}
/** LSL/LSR/ASR (immediate) are UBFM/SBFM aliases; these fast forms skip the masks. */
export function lslImm64(c: C, d: Insn): void { const x = c.x, n = d.rn << 1; set64(x, d.rd, shl64(x[n], x[n + 1], 63 - d.imm3), R[1]); }

// ---- EXTR (C6.2.90): the low bits of Rn:Rm from bit lsb ----

export function extr64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, m = d.rm << 1, lsb = d.imm2;
  const nl = x[n], nh = x[n + 1], ml = x[m], mh = x[m + 1];
  if (lsb === 0) { set64(x, d.rd, ml, mh); return; }
  // 128-bit nh:nl:mh:ml shifted right by lsb, keep the low 64 bits
  let lo: number, hi: number;
  if (lsb < 32) { lo = (ml >>> lsb) | (mh << (32 - lsb)); hi = (mh >>> lsb) | (nl << (32 - lsb)); }
  else if (lsb === 32) { lo = mh; hi = nl; }
  else { const s = lsb - 32; lo = (mh >>> s) | (nl << (32 - s)); hi = (nl >>> s) | (nh << (32 - s)); }
  set64(x, d.rd, lo, hi);
}
export function extr32(c: C, d: Insn): void {
  const x = c.x, n = x[d.rn << 1], m = x[d.rm << 1], lsb = d.imm2;
  set32(x, d.rd, lsb === 0 ? m : (m >>> lsb) | (n << (32 - lsb)));
}
