// Handlers for loads and stores: single registers in every addressing mode,
// literals, pairs, and the exclusive / acquire-release forms. Arm ARM C6.2
// (LDR, STR, LDP, STP, LDXR, STXR, LDAR, STLR and their size variants) and
// C1.3.3 (addressing modes).
//
// Precision: every memory access happens before any register is written, so
// when the MMU throws MEM_FAULT the registers still hold their old values and
// the run loop restarts the instruction's PC. Base writeback (pre/post-index)
// comes after the access for the same reason.

import { R, shl64 } from "../core/int64";
import { CPU_STOP, EC, type Arm64Cpu } from "./cpu";
import { Acc, Mode, SP, type Insn } from "./insn";
import { Exc } from "../core/cpu";
import { Access } from "../core/mmu";

type C = Arm64Cpu;

/** High word of the last effective address. */
let AH = 0;

function set64(x: Int32Array, r: number, lo: number, hi: number): void { x[r << 1] = lo; x[(r << 1) + 1] = hi; }
function set32(x: Int32Array, r: number, v: number): void { x[r << 1] = v; x[(r << 1) + 1] = 0; }

/** (lo, hi) + a signed 32-bit offset; the high word in AH. */
function addOff(lo: number, hi: number, off: number): number {
  const l = (lo >>> 0) + off;
  AH = (hi + (l > 0xffffffff ? 1 : l < 0 ? -1 : 0)) | 0;
  return l | 0;
}

/** Linux sets SCTLR_EL1.SA0: a load or store based on a misaligned SP faults (EC 0x26, D1.8.2). */
function spAlignmentFault(c: C): void {
  if (!c.spAlign) return;                   // system mode with SCTLR_EL1.SA0 / SA clear
  c.setExc(Exc.Protection, EC.SpAlign, 0, "SP alignment fault: SP is not 16-byte aligned at a load/store using it as the base");
  throw CPU_STOP;
}

/** The effective address of a single-register or pair access (the base itself for post-index). */
function ea(c: C, d: Insn): number {
  const x = c.x, n = d.rn << 1, bl = x[n], bh = x[n + 1];
  if (d.rn === SP && (bl & 15) !== 0) spAlignmentFault(c);
  switch (d.mode) {
    case Mode.Post: AH = bh; return bl;
    case Mode.Reg: {
      const m = d.rm << 1, v = x[m];
      let ol: number;
      switch (d.imm3) {                                  // the extend option
        case 2: ol = shl64(v, 0, d.imm2); break;         // UXTW
        case 6: ol = shl64(v, v >> 31, d.imm2); break;   // SXTW
        default: ol = shl64(v, x[m + 1], d.imm2); break; // LSL (UXTX), SXTX
      }
      const oh = R[1], l = (bl >>> 0) + (ol >>> 0);
      AH = (bh + oh + (l > 0xffffffff ? 1 : 0)) | 0;
      return l | 0;
    }
    default: return addOff(bl, bh, d.imm);
  }
}

/** Pre- and post-index forms write the updated address back to the base register. */
function writeback(c: C, d: Insn, lo: number, hi: number): void {
  if (d.mode === Mode.Pre) set64(c.x, d.rn, lo, hi);
  else if (d.mode === Mode.Post) { const l = addOff(lo, hi, d.imm); set64(c.x, d.rn, l, AH); }
}

/** Load `kind` from (lo, hi) into register slot t. */
function loadInto(c: C, kind: number, t: number, lo: number, hi: number): void {
  const m = c.mmu, x = c.x;
  switch (kind) {
    case Acc.B: set32(x, t, m.read8(lo, hi)); return;
    case Acc.H: set32(x, t, m.read16(lo, hi)); return;
    case Acc.W: set32(x, t, m.read32(lo, hi)); return;
    case Acc.X: { const l = m.read64(lo, hi); set64(x, t, l, m.hi64); return; }
    case Acc.SB32: set32(x, t, (m.read8(lo, hi) << 24) >> 24); return;
    case Acc.SH32: set32(x, t, (m.read16(lo, hi) << 16) >> 16); return;
    case Acc.SB64: { const v = (m.read8(lo, hi) << 24) >> 24; set64(x, t, v, v >> 31); return; }
    case Acc.SH64: { const v = (m.read16(lo, hi) << 16) >> 16; set64(x, t, v, v >> 31); return; }
    default: { const v = m.read32(lo, hi); set64(x, t, v, v >> 31); return; } // SW64
  }
}

/** Store the low `1 << size` bytes of slot t at (lo, hi). */
function storeFrom(c: C, size: number, t: number, lo: number, hi: number): void {
  const m = c.mmu, x = c.x, v = x[t << 1];
  switch (size) {
    case 0: m.write8(lo, hi, v & 0xff); return;
    case 1: m.write16(lo, hi, v & 0xffff); return;
    case 2: m.write32(lo, hi, v); return;
    default: m.write64(lo, hi, v, x[(t << 1) + 1]); return;
  }
}

// ---- Single register: LDR*, STR*, LDUR*, STUR*, LDTR*, STTR* ----

export function ld(c: C, d: Insn): void {
  const lo = ea(c, d), hi = AH;
  loadInto(c, d.kind, d.rd, lo, hi);        // may fault: nothing has changed yet
  if (d.mode === Mode.Pre || d.mode === Mode.Post) writeback(c, d, lo, hi);
}

export function st(c: C, d: Insn): void {
  const lo = ea(c, d), hi = AH;
  storeFrom(c, d.kind, d.rd, lo, hi);
  if (d.mode === Mode.Pre || d.mode === Mode.Post) writeback(c, d, lo, hi);
}

/** LDR Xt, [Xn, #imm] and LDR Wt, [Xn, #imm]: the most common loads, with no mode switch. */
export function ldrX(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, bl = x[n];
  if (d.rn === SP && (bl & 15) !== 0) spAlignmentFault(c);
  const lo = addOff(bl, x[n + 1], d.imm), l = c.mmu.read64(lo, AH);
  set64(x, d.rd, l, c.mmu.hi64);
}
export function ldrW(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, bl = x[n];
  if (d.rn === SP && (bl & 15) !== 0) spAlignmentFault(c);
  const lo = addOff(bl, x[n + 1], d.imm);
  set32(x, d.rd, c.mmu.read32(lo, AH));
}
export function strX(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, bl = x[n], t = d.rd << 1;
  if (d.rn === SP && (bl & 15) !== 0) spAlignmentFault(c);
  const lo = addOff(bl, x[n + 1], d.imm);
  c.mmu.write64(lo, AH, x[t], x[t + 1]);
}
export function strW(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, bl = x[n];
  if (d.rn === SP && (bl & 15) !== 0) spAlignmentFault(c);
  const lo = addOff(bl, x[n + 1], d.imm);
  c.mmu.write32(lo, AH, x[d.rd << 1]);
}

/** LDR (literal), LDRSW (literal): PC-relative. */
export function ldLit(c: C, d: Insn): void {
  const lo = addOff((c.baseLo + d.off) | 0, c.baseHi, d.imm);
  loadInto(c, d.kind, d.rd, lo, AH);
}

/** PRFM: a hint about future accesses; it never faults and changes nothing. */
export function prfm(): void { /* nothing */ }

// ---- Pairs: LDP, LDPSW, STP, LDNP, STNP ----

export function ldp(c: C, d: Insn): void {
  const lo = ea(c, d), hi = AH, m = c.mmu, x = c.x;
  const step = d.kind === Acc.X ? 8 : 4;
  const lo2 = addOff(lo, hi, step), hi2 = AH;
  let al: number, ah: number, bl: number, bh: number;
  if (d.kind === Acc.X) {
    al = m.read64(lo, hi); ah = m.hi64;
    bl = m.read64(lo2, hi2); bh = m.hi64;
  } else {
    al = m.read32(lo, hi); bl = m.read32(lo2, hi2);
    ah = d.kind === Acc.SW64 ? al >> 31 : 0; bh = d.kind === Acc.SW64 ? bl >> 31 : 0;
  }
  writeback(c, d, lo, hi);
  set64(x, d.rd, al, ah);
  set64(x, d.ra, bl, bh);
}

export function stp(c: C, d: Insn): void {
  const lo = ea(c, d), hi = AH, m = c.mmu, x = c.x, t = d.rd << 1, t2 = d.ra << 1;
  if (d.kind === Acc.X) {
    const lo2 = addOff(lo, hi, 8), hi2 = AH;
    m.write64(lo, hi, x[t], x[t + 1]);
    m.write64(lo2, hi2, x[t2], x[t2 + 1]);
  } else {
    const lo2 = addOff(lo, hi, 4), hi2 = AH;
    m.write32(lo, hi, x[t]);
    m.write32(lo2, hi2, x[t2]);
  }
  writeback(c, d, lo, hi);
}

// ---- Exclusives and acquire/release: LDXR, STXR, LDXP, STXP, LDAR, STLR ----
// One CPU, so the "global monitor" is just our local one: a store-exclusive
// succeeds (status 0) iff the last exclusive operation was a load-exclusive
// of the same address and size. Every store-exclusive clears the monitor.

function alignedBase(c: C, d: Insn, bytes: number): number {
  const x = c.x, n = d.rn << 1, lo = x[n];
  if (d.rn === SP && (lo & 15) !== 0) spAlignmentFault(c);
  AH = x[n + 1];
  if ((lo & (bytes - 1)) !== 0) {
    c.mmu.faultLo = lo; c.mmu.faultHi = AH;
    c.setExc(Exc.Protection, EC.DataAbortLower, 0x21,
      `alignment fault: exclusive or acquire/release access of ${bytes} bytes at an address that is not ${bytes}-byte aligned`);
    throw CPU_STOP;
  }
  return lo;
}

export function ldx(c: C, d: Insn): void {
  const bytes = 1 << d.kind, lo = alignedBase(c, d, bytes), hi = AH;
  loadInto(c, d.kind, d.rd, lo, hi);
  c.exclArmed = true; c.exclLo = lo; c.exclHi = hi; c.exclSize = bytes;
}

export function stx(c: C, d: Insn): void {
  const bytes = 1 << d.kind, lo = alignedBase(c, d, bytes), hi = AH;
  const ok = c.exclArmed && c.exclLo === lo && c.exclHi === hi && c.exclSize === bytes;
  if (ok) storeFrom(c, d.kind, d.rd, lo, hi);
  c.exclArmed = false;
  set32(c.x, d.rm, ok ? 0 : 1);
}

export function ldxp(c: C, d: Insn): void {
  const half = 1 << d.kind, lo = alignedBase(c, d, half * 2), hi = AH, m = c.mmu;
  const lo2 = addOff(lo, hi, half), hi2 = AH;
  let al: number, ah = 0, bl: number, bh = 0;
  if (half === 8) { al = m.read64(lo, hi); ah = m.hi64; bl = m.read64(lo2, hi2); bh = m.hi64; }
  else { al = m.read32(lo, hi); bl = m.read32(lo2, hi2); }
  set64(c.x, d.rd, al, ah); set64(c.x, d.ra, bl, bh);
  c.exclArmed = true; c.exclLo = lo; c.exclHi = hi; c.exclSize = half * 2;
}

export function stxp(c: C, d: Insn): void {
  const half = 1 << d.kind, lo = alignedBase(c, d, half * 2), hi = AH;
  const ok = c.exclArmed && c.exclLo === lo && c.exclHi === hi && c.exclSize === half * 2;
  if (ok) {
    const lo2 = addOff(lo, hi, half), hi2 = AH;
    storeFrom(c, d.kind, d.rd, lo, hi);
    storeFrom(c, d.kind, d.ra, lo2, hi2);
  }
  c.exclArmed = false;
  set32(c.x, d.rm, ok ? 0 : 1);
}

export function ldar(c: C, d: Insn): void {
  const lo = alignedBase(c, d, 1 << d.kind);
  loadInto(c, d.kind, d.rd, lo, AH);
}

export function stlr(c: C, d: Insn): void {
  const lo = alignedBase(c, d, 1 << d.kind);
  storeFrom(c, d.kind, d.rd, lo, AH);
}

/** DC ZVA (C5.3.4): zero the aligned block holding Xt (its size is what DCZID_EL0 advertises). */
export function dcZva(c: C, d: Insn, bytes: number): void {
  const x = c.x, t = d.rn << 1, lo = x[t] & ~(bytes - 1), hi = x[t + 1];
  c.mmu.translate(lo, hi, Access.Write);           // fault (as a write) before changing anything;
  for (let i = 0; i < bytes; i += 8) c.mmu.write64((lo + i) | 0, hi, 0, 0); // the block is inside one page
}
