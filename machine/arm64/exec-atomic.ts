// Handlers for the FEAT_LSE atomics (Arm ARM C6.2: LDADD, LDCLR, LDEOR,
// LDSET, LDSMAX, LDSMIN, LDUMAX, LDUMIN, SWP, CAS, CASP) and LDAPR. On one
// in-order CPU "atomic" just means read, compute, write with nothing in
// between; what remains of the architecture is the alignment rule (without
// FEAT_LSE2 a misaligned atomic is an alignment fault) and the order of
// effects: memory is read and written before any register changes, so a
// fault leaves the registers as they were.

import { CPU_STOP, EC, type Arm64Cpu } from "./cpu";
import { SP, type Insn } from "./insn";
import { Exc } from "../core/cpu";

type C = Arm64Cpu;

/** The base address, which must be aligned to `bytes`; high word in BH. */
let BH = 0;
function atomicBase(c: C, d: Insn, bytes: number): number {
  const x = c.x, n = d.rn << 1, lo = x[n];
  BH = x[n + 1];
  if (d.rn === SP && (lo & 15) !== 0 && c.spAlign) {
    c.setExc(Exc.Protection, EC.SpAlign, 0, "SP alignment fault: SP is not 16-byte aligned at a load/store using it as the base");
    throw CPU_STOP;
  }
  if ((lo & (bytes - 1)) !== 0) {
    c.mmu.faultLo = lo; c.mmu.faultHi = BH;
    c.setExc(Exc.Protection, EC.DataAbortLower, 0x21, `alignment fault: atomic access of ${bytes} bytes at an address that is not ${bytes}-byte aligned`);
    throw CPU_STOP;
  }
  return lo;
}

/** Read 1 << size bytes (zero-extended); the high word of a 64-bit read in RH. */
let RH = 0;
function read(c: C, size: number, lo: number, hi: number): number {
  const m = c.mmu;
  RH = 0;
  switch (size) {
    case 0: return m.read8(lo, hi);
    case 1: return m.read16(lo, hi);
    case 2: return m.read32(lo, hi);
    default: { const v = m.read64(lo, hi); RH = m.hi64; return v; }
  }
}

function write(c: C, size: number, lo: number, hi: number, vlo: number, vhi: number): void {
  const m = c.mmu;
  switch (size) {
    case 0: m.write8(lo, hi, vlo & 0xff); return;
    case 1: m.write16(lo, hi, vlo & 0xffff); return;
    case 2: m.write32(lo, hi, vlo); return;
    default: m.write64(lo, hi, vlo, vhi); return;
  }
}

/** Signed or unsigned comparison of two values of 1 << size bytes: a < b ? */
function less(size: number, signed: boolean, al: number, ah: number, bl: number, bh: number): boolean {
  if (size === 3) {
    if (ah !== bh) return signed ? ah < bh : (ah >>> 0) < (bh >>> 0);
    return (al >>> 0) < (bl >>> 0);
  }
  const sh = 32 - (8 << size);
  if (signed) return (al << sh) >> sh < (bl << sh) >> sh;
  return (al << sh) >>> sh < (bl << sh) >>> sh;
}

/** LD<op> and SWP: Rt = old; memory = op(old, Rs). */
export function amo(c: C, d: Insn): void {
  const size = d.kind, lo = atomicBase(c, d, 1 << size), hi = BH, x = c.x;
  const ol = read(c, size, lo, hi), oh = RH;
  const s = d.rm << 1, sl = x[s], sh = size === 3 ? x[s + 1] : 0;
  let nl: number, nh: number;
  switch (d.imm2) {
    case 0: { const l = (ol >>> 0) + (sl >>> 0); nl = l | 0; nh = (oh + sh + (l > 0xffffffff ? 1 : 0)) | 0; break; } // ADD
    case 1: nl = ol & ~sl; nh = oh & ~sh; break;                                            // CLR
    case 2: nl = ol ^ sl; nh = oh ^ sh; break;                                              // EOR
    case 3: nl = ol | sl; nh = oh | sh; break;                                              // SET
    case 4: case 5: case 6: case 7: {                                                       // SMAX SMIN UMAX UMIN
      const oldLess = less(size, d.imm2 < 6, ol, oh, sl, sh);
      const takeS = (d.imm2 & 1) === 0 ? oldLess : !oldLess;  // max takes Rs if old < Rs; min if not
      nl = takeS ? sl : ol; nh = takeS ? sh : oh;
      break;
    }
    default: nl = sl; nh = sh; break;                                                       // SWP
  }
  write(c, size, lo, hi, nl, nh);
  const t = d.rd << 1;
  x[t] = ol; x[t + 1] = oh;
}

/** CAS: if memory == Rs then memory = Rt; Rs = old memory. */
export function cas(c: C, d: Insn): void {
  const size = d.kind, lo = atomicBase(c, d, 1 << size), hi = BH, x = c.x;
  const ol = read(c, size, lo, hi), oh = RH;
  const s = d.rm << 1, mask = size === 3 ? -1 : size === 2 ? -1 : (1 << (8 << size)) - 1;
  const el = x[s] & mask, eh = size === 3 ? x[s + 1] : 0;
  if (ol === el && oh === eh) { const t = d.rd << 1; write(c, size, lo, hi, x[t], x[t + 1]); }
  const r = d.ra << 1;
  x[r] = ol; x[r + 1] = oh;
}

/** CASP: the same on a pair of registers and two adjacent memory elements. */
export function casp(c: C, d: Insn): void {
  const size = d.kind, bytes = 1 << size, lo = atomicBase(c, d, bytes * 2), hi = BH, x = c.x;
  const l2 = (lo >>> 0) + bytes, lo2 = l2 | 0, hi2 = (hi + (l2 > 0xffffffff ? 1 : 0)) | 0;
  const al = read(c, size, lo, hi), ah = RH, bl = read(c, size, lo2, hi2), bh = RH;
  const e0 = d.rm << 1, e1 = d.m0 << 1;
  const w = size === 3;
  const equal = al === x[e0] && bl === x[e1] && (!w || (ah === x[e0 + 1] && bh === x[e1 + 1]));
  if (equal) {
    const t0 = d.rd << 1, t1 = d.m2 << 1;
    write(c, size, lo, hi, x[t0], x[t0 + 1]);
    write(c, size, lo2, hi2, x[t1], x[t1 + 1]);
  }
  const r0 = d.ra << 1, r1 = d.m1 << 1;
  x[r0] = al; x[r0 + 1] = ah; x[r1] = bl; x[r1 + 1] = bh;
}

/** LDAPR: a load-acquire (RCpc); on one CPU the same as LDAR. */
export function ldapr(c: C, d: Insn): void {
  const size = d.kind, lo = atomicBase(c, d, 1 << size), v = read(c, size, lo, BH), t = d.rd << 1;
  c.x[t] = v; c.x[t + 1] = RH;
}
