// Specialised handlers for the instruction shapes that dominate gcc's loops.
// Each one does the same as a general handler (exec-alu.ts, exec-mem.ts,
// exec-sys.ts) for a narrower case, without the general handler's switches:
// a conditional branch per condition code, a compare with no shift, and
// loads/stores with a register offset or post-indexing. bind.ts picks them.

import { addc32, addc64, H } from "./alu";
import { CPU_STOP, EC, type Arm64Cpu } from "./cpu";
import { SP, type Insn } from "./insn";
import { Exc } from "../core/cpu";

type C = Arm64Cpu;

// ---- B.cond, one handler per condition (ConditionHolds, Arm ARM J1) ----

function taken(c: C, d: Insn): void {
  const l = (c.baseLo >>> 0) + d.off + d.imm;
  c.pcLo = l | 0;
  c.pcHi = (c.baseHi + (l > 0xffffffff ? 1 : l < 0 ? -1 : 0)) | 0;
  c.jumped = true;
}
export function bEq(c: C, d: Insn): void { if (c.zf === 1) taken(c, d); }
export function bNe(c: C, d: Insn): void { if (c.zf === 0) taken(c, d); }
export function bCs(c: C, d: Insn): void { if (c.cf === 1) taken(c, d); }
export function bCc(c: C, d: Insn): void { if (c.cf === 0) taken(c, d); }
export function bMi(c: C, d: Insn): void { if (c.nf === 1) taken(c, d); }
export function bPl(c: C, d: Insn): void { if (c.nf === 0) taken(c, d); }
export function bHi(c: C, d: Insn): void { if (c.cf === 1 && c.zf === 0) taken(c, d); }
export function bLs(c: C, d: Insn): void { if (!(c.cf === 1 && c.zf === 0)) taken(c, d); }
export function bGe(c: C, d: Insn): void { if (c.nf === c.vf) taken(c, d); }
export function bLt(c: C, d: Insn): void { if (c.nf !== c.vf) taken(c, d); }
export function bGt(c: C, d: Insn): void { if (c.zf === 0 && c.nf === c.vf) taken(c, d); }
export function bLe(c: C, d: Insn): void { if (!(c.zf === 0 && c.nf === c.vf)) taken(c, d); }

// ---- SUBS / CMP (shifted register) with no shift ----

export function subsPlain64(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, m = d.rm << 1;
  const l = addc64(c, x[n], x[n + 1], ~x[m], ~x[m + 1], 1), h = H;
  x[d.rd << 1] = l; x[(d.rd << 1) + 1] = h;
}
export function subsPlain32(c: C, d: Insn): void {
  const x = c.x, v = addc32(c, x[d.rn << 1], ~x[d.rm << 1], 1);
  x[d.rd << 1] = v; x[(d.rd << 1) + 1] = 0;
}

// ---- Loads and stores: register offset [Xn, Xm{, LSL #s}] and post-index [Xn], #imm ----

function spAlignmentFault(c: C): void {
  if (!c.spAlign) return;                   // system mode with SCTLR_EL1.SA0 / SA clear
  c.setExc(Exc.Protection, EC.SpAlign, 0, "SP alignment fault: SP is not 16-byte aligned at a load/store using it as the base");
  throw CPU_STOP;
}

/** Effective address Xn + (Xm << d.imm2) (the LSL/UXTX option); high word in AH. */
let AH = 0;
function eaLsl(c: C, d: Insn): number {
  const x = c.x, n = d.rn << 1, m = d.rm << 1, s = d.imm2, bl = x[n];
  if (d.rn === SP && (bl & 15) !== 0) spAlignmentFault(c);
  const ml = x[m], mh = x[m + 1];
  const ol = s === 0 ? ml : ml << s, oh = s === 0 ? mh : (mh << s) | (ml >>> (32 - s));
  const l = (bl >>> 0) + (ol >>> 0);
  AH = (x[n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0;
  return l | 0;
}
export function ldrbReg(c: C, d: Insn): void {
  const lo = eaLsl(c, d), x = c.x;
  x[d.rd << 1] = c.mmu.read8(lo, AH); x[(d.rd << 1) + 1] = 0;
}
export function ldrwReg(c: C, d: Insn): void {
  const lo = eaLsl(c, d), x = c.x;
  x[d.rd << 1] = c.mmu.read32(lo, AH); x[(d.rd << 1) + 1] = 0;
}
export function ldrxReg(c: C, d: Insn): void {
  const lo = eaLsl(c, d), x = c.x, m = c.mmu, v = m.read64(lo, AH);
  x[d.rd << 1] = v; x[(d.rd << 1) + 1] = m.hi64;
}
export function strbReg(c: C, d: Insn): void { const lo = eaLsl(c, d); c.mmu.write8(lo, AH, c.x[d.rd << 1] & 0xff); }
export function strwReg(c: C, d: Insn): void { const lo = eaLsl(c, d); c.mmu.write32(lo, AH, c.x[d.rd << 1]); }
export function strxReg(c: C, d: Insn): void {
  const lo = eaLsl(c, d), t = d.rd << 1;
  c.mmu.write64(lo, AH, c.x[t], c.x[t + 1]);
}

/** Xn += imm after the access (post-index writeback). */
function postIndex(c: C, d: Insn, lo: number, hi: number): void {
  const l = (lo >>> 0) + d.imm, x = c.x, n = d.rn << 1;
  x[n] = l | 0;
  x[n + 1] = (hi + (l > 0xffffffff ? 1 : l < 0 ? -1 : 0)) | 0;
}
export function ldrxPost(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, lo = x[n], hi = x[n + 1], m = c.mmu;
  if (d.rn === SP && (lo & 15) !== 0) spAlignmentFault(c);
  const v = m.read64(lo, hi), vh = m.hi64;
  postIndex(c, d, lo, hi);
  x[d.rd << 1] = v; x[(d.rd << 1) + 1] = vh;
}
export function strxPost(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1, lo = x[n], hi = x[n + 1], t = d.rd << 1;
  if (d.rn === SP && (lo & 15) !== 0) spAlignmentFault(c);
  c.mmu.write64(lo, hi, x[t], x[t + 1]);
  postIndex(c, d, lo, hi);
}
