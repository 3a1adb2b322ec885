// Handlers for the rest of "data processing (register)": add/subtract with
// carry, conditional compare and select, variable shifts, division, the
// one-source bit operations and multiply(-add). Arm ARM C6.2.

import { addc32, addc64, condHolds, H, ror32 } from "./alu";
import type { Arm64Cpu } from "./cpu";
import type { Insn } from "./insn";
import { clz64, R, ror64, sar64, sdiv64, shl64, shr64, smul64, sub64, udiv64, umul32, umul64 } from "../core/int64";

type C = Arm64Cpu;

function set64(x: Int32Array, r: number, lo: number, hi: number): void { x[r << 1] = lo; x[(r << 1) + 1] = hi; }
function set32(x: Int32Array, r: number, v: number): void { x[r << 1] = v; x[(r << 1) + 1] = 0; }

// ---- ADC, ADCS, SBC, SBCS (C6.2.1, C6.2.2, C6.2.264, C6.2.265) ----
// The non-flag-setting forms must not touch NZCV, so they save and restore it.

function carry64(c: C, d: Insn, invert: boolean, setFlags: boolean): void {
  const x = c.x, n = d.rn << 1, m = d.rm << 1;
  const n0 = c.nf, z0 = c.zf, c0 = c.cf, v0 = c.vf;
  const bl = invert ? ~x[m] : x[m], bh = invert ? ~x[m + 1] : x[m + 1];
  const l = addc64(c, x[n], x[n + 1], bl, bh, c0);
  set64(x, d.rd, l, H);
  if (!setFlags) { c.nf = n0; c.zf = z0; c.cf = c0; c.vf = v0; }
}
function carry32(c: C, d: Insn, invert: boolean, setFlags: boolean): void {
  const x = c.x, n0 = c.nf, z0 = c.zf, c0 = c.cf, v0 = c.vf;
  const b = invert ? ~x[d.rm << 1] : x[d.rm << 1];
  set32(x, d.rd, addc32(c, x[d.rn << 1], b, c0));
  if (!setFlags) { c.nf = n0; c.zf = z0; c.cf = c0; c.vf = v0; }
}
export function adc(c: C, d: Insn): void { if (d.sf) carry64(c, d, false, false); else carry32(c, d, false, false); }
export function adcs(c: C, d: Insn): void { if (d.sf) carry64(c, d, false, true); else carry32(c, d, false, true); }
export function sbc(c: C, d: Insn): void { if (d.sf) carry64(c, d, true, false); else carry32(c, d, true, false); }
export function sbcs(c: C, d: Insn): void { if (d.sf) carry64(c, d, true, true); else carry32(c, d, true, true); }

// ---- CCMN, CCMP (register and immediate), C6.2.49-52 ----
// If the condition holds, the flags are those of the comparison; otherwise #nzcv.

function ccmp(c: C, d: Insn, bl: number, bh: number, negate: boolean): void {
  if (!condHolds(c, d.cond)) {
    const f = d.imm2;
    c.nf = (f >> 3) & 1; c.zf = (f >> 2) & 1; c.cf = (f >> 1) & 1; c.vf = f & 1;
    return;
  }
  const x = c.x, n = d.rn << 1;
  if (d.sf) {
    if (negate) addc64(c, x[n], x[n + 1], bl, bh, 0);
    else addc64(c, x[n], x[n + 1], ~bl, ~bh, 1);
  } else if (negate) addc32(c, x[n], bl, 0);
  else addc32(c, x[n], ~bl, 1);
}
export function ccmpReg(c: C, d: Insn): void { const m = d.rm << 1; ccmp(c, d, c.x[m], c.x[m + 1], false); }
export function ccmnReg(c: C, d: Insn): void { const m = d.rm << 1; ccmp(c, d, c.x[m], c.x[m + 1], true); }
export function ccmpImm(c: C, d: Insn): void { ccmp(c, d, d.imm, 0, false); }
export function ccmnImm(c: C, d: Insn): void { ccmp(c, d, d.imm, 0, true); }

// ---- CSEL, CSINC, CSINV, CSNEG (C6.2.69, 70, 71, 72) ----

export function csel(c: C, d: Insn): void {
  const x = c.x, s = (condHolds(c, d.cond) ? d.rn : d.rm) << 1;
  if (d.sf) set64(x, d.rd, x[s], x[s + 1]); else set32(x, d.rd, x[s]);
}
export function csinc(c: C, d: Insn): void {
  const x = c.x;
  if (condHolds(c, d.cond)) { const s = d.rn << 1; if (d.sf) set64(x, d.rd, x[s], x[s + 1]); else set32(x, d.rd, x[s]); return; }
  const m = d.rm << 1, l = (x[m] + 1) | 0;
  if (d.sf) set64(x, d.rd, l, l === 0 ? (x[m + 1] + 1) | 0 : x[m + 1]); else set32(x, d.rd, l);
}
export function csinv(c: C, d: Insn): void {
  const x = c.x;
  if (condHolds(c, d.cond)) { const s = d.rn << 1; if (d.sf) set64(x, d.rd, x[s], x[s + 1]); else set32(x, d.rd, x[s]); return; }
  const m = d.rm << 1;
  if (d.sf) set64(x, d.rd, ~x[m], ~x[m + 1]); else set32(x, d.rd, ~x[m]);
}
export function csneg(c: C, d: Insn): void {
  const x = c.x;
  if (condHolds(c, d.cond)) { const s = d.rn << 1; if (d.sf) set64(x, d.rd, x[s], x[s + 1]); else set32(x, d.rd, x[s]); return; }
  const m = d.rm << 1;
  if (d.sf) { const l = sub64(0, 0, x[m], x[m + 1]); set64(x, d.rd, l, R[1]); } else set32(x, d.rd, -x[m] | 0);
}

// ---- Variable shifts: LSLV, LSRV, ASRV, RORV (C6.2.179 ...): amount is Rm mod width ----

export function lslv(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, s = x[d.rm << 1];
  if (d.sf) set64(x, d.rd, shl64(x[n], x[n + 1], s & 63), R[1]); else set32(x, d.rd, x[n] << (s & 31));
}
export function lsrv(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, s = x[d.rm << 1];
  if (d.sf) set64(x, d.rd, shr64(x[n], x[n + 1], s & 63), R[1]); else set32(x, d.rd, (x[n] >>> (s & 31)) | 0);
}
export function asrv(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, s = x[d.rm << 1];
  if (d.sf) set64(x, d.rd, sar64(x[n], x[n + 1], s & 63), R[1]); else set32(x, d.rd, x[n] >> (s & 31));
}
export function rorv(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, s = x[d.rm << 1];
  if (d.sf) set64(x, d.rd, ror64(x[n], x[n + 1], s & 63), R[1]); else set32(x, d.rd, ror32(x[n], s & 31));
}

// ---- UDIV, SDIV (C6.2.388, C6.2.268): x/0 = 0 and INT_MIN/-1 = INT_MIN, no trap ----

export function udiv(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, m = d.rm << 1;
  if (!d.sf) { const b = x[m] >>> 0; set32(x, d.rd, b === 0 ? 0 : ((x[n] >>> 0) / b) | 0); return; }
  if ((x[m] | x[m + 1]) === 0) { set64(x, d.rd, 0, 0); return; }
  udiv64(x[n], x[n + 1], x[m], x[m + 1]);
  set64(x, d.rd, R[0], R[1]);
}
export function sdiv(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, m = d.rm << 1;
  if (!d.sf) {
    const a = x[n], b = x[m];
    set32(x, d.rd, b === 0 ? 0 : (b === -1 ? -a | 0 : Math.trunc(a / b) | 0));
    return;
  }
  if ((x[m] | x[m + 1]) === 0) { set64(x, d.rd, 0, 0); return; }
  sdiv64(x[n], x[n + 1], x[m], x[m + 1]);   // INT64_MIN / -1 wraps to INT64_MIN, as Arm requires
  set64(x, d.rd, R[0], R[1]);
}

// ---- RBIT, REV16, REV32, REV, CLZ, CLS (C6.2.253, 256, 257, 255, 60, 57) ----

function rbit32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return (v >>> 16) | (v << 16);
}
const bswap = (v: number): number => ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
const rev16w = (v: number): number => ((v & 0x00ff00ff) << 8) | ((v >>> 8) & 0x00ff00ff);

export function rbit(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1;
  if (d.sf) set64(x, d.rd, rbit32(x[n + 1]), rbit32(x[n])); else set32(x, d.rd, rbit32(x[n]));
}
export function rev16(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1;
  if (d.sf) set64(x, d.rd, rev16w(x[n]), rev16w(x[n + 1])); else set32(x, d.rd, rev16w(x[n]));
}
export function rev32(c: C, d: Insn): void { const x = c.x, n = d.rn << 1; set64(x, d.rd, bswap(x[n]), bswap(x[n + 1])); }
export function rev(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1;
  if (d.sf) set64(x, d.rd, bswap(x[n + 1]), bswap(x[n])); else set32(x, d.rd, bswap(x[n]));
}
export function clz(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1;
  if (d.sf) set64(x, d.rd, clz64(x[n], x[n + 1]), 0); else set32(x, d.rd, Math.clz32(x[n]));
}
export function cls(c: C, d: Insn): void {
  // CountLeadingSignBits(x) = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>)
  const x = c.x, n = d.rn << 1;
  if (d.sf) {
    const lo = x[n], hi = x[n + 1], s = hi >> 31;
    set64(x, d.rd, clz64(lo ^ s, hi ^ s) - 1, 0);
  } else { const v = x[n]; set32(x, d.rd, Math.clz32(v ^ (v >> 31)) - 1); }
}

// ---- MADD, MSUB, SMADDL, SMSUBL, UMADDL, UMSUBL, SMULH, UMULH (C6.2.187 ...) ----

export function madd(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, m = d.rm << 1, a = d.ra << 1;
  if (!d.sf) { set32(x, d.rd, (x[a] + Math.imul(x[n], x[m])) | 0); return; }
  const pl = mulLo(x[n], x[n + 1], x[m], x[m + 1]), ph = PH;
  const l = (x[a] >>> 0) + (pl >>> 0);
  set64(x, d.rd, l | 0, (x[a + 1] + ph + (l > 0xffffffff ? 1 : 0)) | 0);
}
export function msub(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, m = d.rm << 1, a = d.ra << 1;
  if (!d.sf) { set32(x, d.rd, (x[a] - Math.imul(x[n], x[m])) | 0); return; }
  const pl = mulLo(x[n], x[n + 1], x[m], x[m + 1]), ph = PH;
  const l = (x[a] >>> 0) - (pl >>> 0);
  set64(x, d.rd, l | 0, (x[a + 1] - ph - (l < 0 ? 1 : 0)) | 0);
}

let PH = 0;
/** The low 64 bits of a 64x64 product (the same signed or unsigned); high word in PH. */
function mulLo(al: number, ah: number, bl: number, bh: number): number {
  umul32(al, bl);
  const lo = R[0];
  PH = (R[1] + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
  return lo;
}

function mulAddLong(c: C, d: Insn, signed: boolean, sub: boolean): void {
  const x = c.x, a = d.ra << 1, p = x[d.rn << 1], q = x[d.rm << 1];
  if (signed) smul64(p, p >> 31, q, q >> 31); else umul32(p, q);
  const pl = R[0], ph = R[1];
  const l = sub ? sub64(x[a], x[a + 1], pl, ph) : addPair(x[a], x[a + 1], pl, ph);
  set64(x, d.rd, l, R[1]);
}
function addPair(al: number, ah: number, bl: number, bh: number): number {
  const l = (al >>> 0) + (bl >>> 0);
  R[1] = (ah + bh + (l > 0xffffffff ? 1 : 0)) | 0;
  return l | 0;
}
export function smaddl(c: C, d: Insn): void { mulAddLong(c, d, true, false); }
export function smsubl(c: C, d: Insn): void { mulAddLong(c, d, true, true); }
export function umaddl(c: C, d: Insn): void { mulAddLong(c, d, false, false); }
export function umsubl(c: C, d: Insn): void { mulAddLong(c, d, false, true); }
export function smulh(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, m = d.rm << 1;
  smul64(x[n], x[n + 1], x[m], x[m + 1]);
  set64(x, d.rd, R[2], R[3]);
}
export function umulh(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, m = d.rm << 1;
  umul64(x[n], x[n + 1], x[m], x[m + 1]);
  set64(x, d.rd, R[2], R[3]);
}
