// Shifts and rotates: group 2 (C0, C1, D0..D3: ROL ROR RCL RCR SHL SHR SAL
// SAR) and the double shifts SHLD/SHRD (SDM Vol. 2B "SAL/SAR/SHL/SHR",
// "RCL/RCR/ROL/ROR", "SHLD", "SHRD").
//
// The count is masked to 5 bits (6 for 64-bit operands); a masked count of
// 0 changes nothing, not even flags. CF is the last bit shifted out. OF is
// architecturally defined only for 1-bit shifts; for larger counts we follow
// QEMU, which computes it from the value shifted by count-1 ("src") and the
// result: OF = MSB(src XOR result). AF is undefined; QEMU clears it.

import { readRmw } from "./alu";
import { CF, LF, OF, type X86State, signBit, sizeMask } from "./state";
import type { Insn } from "./insn";

// 64-bit shifts on (lo, hi) pairs, 0 <= n <= 63; the high half of the result goes to SH.
const SH = { hi: 0 };
function shl64(lo: number, hi: number, n: number): number {
  if (n === 0) { SH.hi = hi; return lo; }
  if (n < 32) { SH.hi = (hi << n) | (lo >>> (32 - n)); return lo << n; }
  SH.hi = lo << (n - 32); return 0;
}
function shr64(lo: number, hi: number, n: number): number {
  if (n === 0) { SH.hi = hi; return lo; }
  if (n < 32) { SH.hi = hi >>> n; return (lo >>> n) | (hi << (32 - n)); }
  SH.hi = 0; return hi >>> (n - 32);
}
function sar64(lo: number, hi: number, n: number): number {
  if (n === 0) { SH.hi = hi; return lo; }
  if (n < 32) { SH.hi = hi >> n; return (lo >>> n) | (hi << (32 - n)); }
  SH.hi = hi >> 31; return hi >> (n - 32);
}

/** Group 2 with an immediate or implicit-1 count (C0, C1, D0, D1): count in immLo. */
export function shiftEI(c: X86State, d: Insn): void {
  shiftOp(c, d, d.immLo);
}

/** Group 2 with the count in CL (D2, D3). */
export function shiftECL(c: X86State, d: Insn): void {
  shiftOp(c, d, c.r[2]);
}

function shiftOp(c: X86State, d: Insn, count: number): void {
  const size = d.size;
  const n = count & (size === 8 ? 63 : 31);
  if (n === 0) { zeroCount(c, d); return; }
  const vlo = readRmw(c, d), vhi = c.vhi;
  const op = d.sub;
  if (op < 4) { rotate(c, d, op, n, vlo, vhi); return; }
  let slo: number, shi = 0, rlo: number, rhi = 0, cf: number;
  if (size === 8) {
    if (op === 5) { slo = shr64(vlo, vhi, n - 1); shi = SH.hi; rlo = shr64(slo, shi, 1); rhi = SH.hi; cf = slo & 1; }
    else if (op === 7) { slo = sar64(vlo, vhi, n - 1); shi = SH.hi; rlo = sar64(slo, shi, 1); rhi = SH.hi; cf = slo & 1; }
    else { slo = shl64(vlo, vhi, n - 1); shi = SH.hi; rlo = shl64(slo, shi, 1); rhi = SH.hi; cf = shi >>> 31; }
  } else {
    const bits = size * 8, mask = sizeMask(size);
    if (op === 5) { slo = vlo >>> (n - 1); rlo = slo >>> 1; cf = slo & 1; }
    else if (op === 7) {
      const sv = size === 4 ? vlo : (vlo << (32 - bits)) >> (32 - bits);
      slo = sv >> (n - 1); rlo = (slo >> 1) & mask; cf = slo & 1;
    } else { slo = vlo << (n - 1); rlo = (slo << 1) & mask; cf = (slo >>> (bits - 1)) & 1; }
  }
  c.writeE(d, rlo, rhi);
  const of = signBit(size, slo ^ rlo, shi ^ rhi);
  c.lop = LF.Res; c.lsz = size; c.lrLo = rlo; c.lrHi = rhi; c.aux = cf | (of << 11);
}

/** A masked count of 0 changes no flags, but a 32-bit register destination is still zero-extended (as QEMU does). */
function zeroCount(c: X86State, d: Insn): void {
  if (d.mem !== 0) c.readE(d);               // still a memory access, as on hardware
  else if (d.size === 4) c.r[2 * d.rm + 1] = 0;
}

/** ROL/ROR/RCL/RCR: only CF and OF change. */
function rotate(c: X86State, d: Insn, op: number, n: number, vlo: number, vhi: number): void {
  const size = d.size, bits = size * 8;
  let rlo: number, rhi = 0, cf: number, of: number;
  if (op < 2) {
    const k = n % bits;                       // rotating by the width is the identity
    const left = op === 0 ? k : (bits - k) % bits;
    if (size === 8) {
      if (left === 0) { rlo = vlo; rhi = vhi; }
      else {
        const a = shl64(vlo, vhi, left), ah = SH.hi;
        const b = shr64(vlo, vhi, 64 - left), bh = SH.hi;
        rlo = a | b; rhi = ah | bh;
      }
    } else if (size === 4) rlo = left === 0 ? vlo : (vlo << left) | (vlo >>> (32 - left));
    else rlo = ((vlo << left) | (vlo >>> (bits - left))) & sizeMask(size);
    const msb = signBit(size, rlo, rhi);
    if (op === 0) { cf = rlo & 1; of = msb ^ cf; }
    else { cf = msb; of = msb ^ (size === 8 ? (rhi >>> 30) & 1 : (rlo >>> (bits - 2)) & 1); }
  } else {
    // Through the carry: a (bits+1)-bit rotation, done one bit at a time (counts are small and rare).
    const k = size <= 2 ? n % (bits + 1) : n;
    let carry = c.getCF();
    rlo = vlo; rhi = vhi;
    for (let i = 0; i < k; i++) {
      if (op === 2) {       // RCL: MSB goes to CF, CF to bit 0
        const out = signBit(size, rlo, rhi);
        if (size === 8) { rhi = (rhi << 1) | (rlo >>> 31); rlo = (rlo << 1) | carry; }
        else rlo = ((rlo << 1) | carry) & sizeMask(size);
        carry = out;
      } else {              // RCR: bit 0 goes to CF, CF to the MSB
        const out = rlo & 1;
        if (size === 8) { rlo = (rlo >>> 1) | (rhi << 31); rhi = (rhi >>> 1) | (carry << 31); }
        else rlo = (rlo >>> 1) | (carry << (bits - 1));
        carry = out;
      }
    }
    if (k === 0) return;
    cf = carry;
    of = signBit(size, vlo ^ rlo, vhi ^ rhi);
  }
  c.writeE(d, rlo, rhi);
  const f = c.rflags();
  c.fl = (f & ~(CF | OF)) | cf | (of << 11);
  c.lop = LF.Eager;
}

/** SHLD (0F A4: count imm8; 0F A5: CL) when d.sub = 0, SHRD (0F AC, 0F AD) when d.sub = 1. */
export function shiftDouble(c: X86State, d: Insn): void {
  const size = d.size;
  const n = (d.opcode & 1 ? c.r[2] : d.immLo) & (size === 8 ? 63 : 31);
  if (n === 0) { zeroCount(c, d); return; }
  const vlo = readRmw(c, d), vhi = c.vhi;
  const flo = c.rget(size, d.reg), fhi = c.vhi;
  const right = d.sub === 1;
  // "src" for CF/OF: the value shifted by count-1. For a 64-bit SHRD QEMU
  // shifts the destination alone (zeros in), which only changes OF, an
  // undefined flag for counts above 1; we match it.
  const slo = size === 8 && right ? shr64(vlo, vhi, n - 1) : dshift(size, right, vlo, vhi, flo, fhi, n - 1), shi = SH.hi;
  const rlo = dshift(size, right, vlo, vhi, flo, fhi, n), rhi = SH.hi;
  const cf = right ? slo & 1 : signBit(size, slo, shi);
  c.writeE(d, rlo, rhi);
  const of = signBit(size, slo ^ rlo, shi ^ rhi);
  c.lop = LF.Res; c.lsz = size; c.lrLo = rlo; c.lrHi = rhi; c.aux = cf | (of << 11);
}

/** dest shifted by n with bits from `fill` shifted in (n < operand width, except 16-bit). */
function dshift(size: number, right: boolean, dlo: number, dhi: number, flo: number, fhi: number, n: number): number {
  if (n === 0) { SH.hi = dhi; return dlo; }
  if (size === 8) {
    if (right) {
      const lo = shr64(dlo, dhi, n), hi = SH.hi;
      const glo = shl64(flo, fhi, 64 - n), ghi = SH.hi;
      SH.hi = hi | ghi; return lo | glo;
    }
    const lo = shl64(dlo, dhi, n), hi = SH.hi;
    const glo = shr64(flo, fhi, 64 - n), ghi = SH.hi;
    SH.hi = hi | ghi; return lo | glo;
  }
  SH.hi = 0;
  if (size === 4) return right ? (dlo >>> n) | (flo << (32 - n)) : (dlo << n) | (flo >>> (32 - n));
  // 16-bit: shift the 32-bit concatenation (counts above 16 give an undefined result).
  if (right) return (((flo << 16) | dlo) >>> n) & 0xffff;
  return ((((dlo << 16) | flo) << n) >>> 16) & 0xffff;
}
