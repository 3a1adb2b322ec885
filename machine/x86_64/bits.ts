// Bit instructions: BT/BTS/BTR/BTC, BSF/BSR, TZCNT/LZCNT, POPCNT
// (SDM Vol. 2A "BT", "BTS", "BTR", "BTC", "BSF", "BSR", "LZCNT", "TZCNT",
// "POPCNT").

import { ctz64, clz64, popcnt32 } from "../core/int64";
import { probeWrite } from "./alu";
import { LF, type X86State } from "./state";
import type { Insn } from "./insn";

/**
 * BT (d.sub = 4), BTS (5), BTR (6), BTC (7). The offset comes from a
 * register (0F A3/AB/B3/BB) or an imm8 (0F BA /4..7, d.immLo >= 0 with
 * opcode 0x0FBA). With a register offset and a memory operand the offset is
 * a signed bit string index: it may address memory outside the operand
 * ("bit-offset addressing"). Only CF changes here (the SDM leaves OF, SF, AF,
 * PF undefined and ZF unaffected).
 */
export function btOp(c: X86State, d: Insn): void {
  const size = d.size, bits = size * 8;
  let offLo: number, offHi: number;
  if (d.opcode === 0x0fba) { offLo = d.immLo & (bits - 1); offHi = 0; }
  else { offLo = c.rget(size, d.reg); offHi = c.vhi; }
  const bit = offLo & (bits - 1);
  let vlo: number, vhi = 0;
  if (d.mem === 0) { vlo = c.rget(size, d.rm); vhi = c.vhi; }
  else {
    c.ea(d);
    if (d.opcode !== 0x0fba) {
      // Add (signed offset >> log2(bits)) * size bytes to the address.
      const sh = size === 2 ? 4 : size === 4 ? 5 : 6;
      let slo: number, shi: number;
      if (size === 8) { slo = (offLo >>> sh) | (offHi << (32 - sh)); shi = offHi >> sh; }
      else { const so = size === 2 ? (offLo << 16) >> 16 : offLo; slo = so >> sh; shi = slo >> 31; }
      // bytes = slo:shi * size = shift left by log2(size)
      const k = size === 2 ? 1 : size === 4 ? 2 : 3;
      const blo = slo << k, bhi = (shi << k) | (slo >>> (32 - k));
      const s = (c.eaLo >>> 0) + (blo >>> 0);
      c.eaHi = (c.eaHi + bhi + (s > 0xffffffff ? 1 : 0)) | 0;
      c.eaLo = s | 0;
    }
    if (d.sub !== 4) probeWrite(c, size);
    vlo = c.ld(size); vhi = c.vhi;
  }
  const inHi = size === 8 && bit >= 32;
  const m = 1 << (bit & 31);
  const cf = ((inHi ? vhi : vlo) & m) !== 0 ? 1 : 0;
  if (d.sub !== 4) {
    let nlo = vlo, nhi = vhi;
    const op = d.sub;
    if (inHi) nhi = op === 5 ? nhi | m : op === 6 ? nhi & ~m : nhi ^ m;
    else nlo = op === 5 ? nlo | m : op === 6 ? nlo & ~m : nlo ^ m;
    if (size === 2) nlo &= 0xffff;
    if (d.mem === 0) c.rset(size, d.rm, nlo, nhi); else c.st(size, nlo, nhi);
  }
  c.setCF(cf);
}

/**
 * BSF (0F BC) / BSR (0F BD), d.sub = 0 / 1. A zero source sets ZF and leaves
 * the destination unchanged (the SDM says "undefined"; hardware and QEMU keep
 * it, zero-extending a 32-bit register as any 32-bit write does). Other flags follow QEMU: computed as by a logic op on the source.
 */
export function bsfBsr(c: X86State, d: Insn): void {
  const size = d.size;
  const lo = c.readE(d), hi = c.vhi;
  c.setLogic(size, lo, hi);
  if (lo === 0 && hi === 0) {
    if (size === 4) c.r[2 * d.reg + 1] = 0;    // a 32-bit destination is still zero-extended (QEMU)
    return;
  }
  const n = d.sub === 0 ? ctz64(lo, hi) : 63 - clz64(lo, hi);
  c.rset(size, d.reg, n, 0);
}

/** TZCNT (F3 0F BC) / LZCNT (F3 0F BD), d.sub = 0 / 1: CF = (source == 0), ZF = (result == 0). */
export function tzLzcnt(c: X86State, d: Insn): void {
  const size = d.size, bits = size * 8;
  const lo = c.readE(d), hi = c.vhi;
  let n: number;
  if (d.sub === 0) n = Math.min(ctz64(lo, hi), bits);
  else n = clz64(lo, hi) - (64 - bits);
  c.rset(size, d.reg, n, 0);
  c.fl = (c.fl & ~0x8d5) | ((lo | hi) === 0 ? 1 : 0) | (n === 0 ? 0x40 : 0);
  c.lop = LF.Eager;
}

/** POPCNT (F3 0F B8): ZF = (source == 0); OF SF AF CF PF cleared. */
export function popcnt(c: X86State, d: Insn): void {
  const lo = c.readE(d), hi = c.vhi;
  const n = popcnt32(lo) + (d.size === 8 ? popcnt32(hi) : 0);
  c.rset(d.size, d.reg, n, 0);
  c.fl = (c.fl & ~0x8d5) | ((lo | hi) === 0 ? 0x40 : 0);
  c.lop = LF.Eager;
}
