// Handlers for the instructions only EL1 may execute (Arm ARM C6.2): ERET,
// MSR (immediate) to PSTATE fields, HVC/SMC, TLBI, the EL1 cache
// maintenance operations, and MRS/MSR of the EL1 system registers. At EL0
// (or on a CPU without system state: a user-mode run) each is UNDEFINED,
// which the Arm ARM reports with EC 0x00 "unknown reason".

import { Exc, Stop } from "../core/cpu";
import { CPU_STOP, EC, type Arm64Cpu } from "./cpu";
import type { Insn } from "./insn";
import { tlbi as tlbiOp, type Tlbi } from "./paging";
import { EL1_REGS, readEl1, writeEl1 } from "./sysregs-el1";
import { DAIF_D, DAIF_A, DAIF_I, DAIF_F } from "./system";

/** SCTLR_EL1.UMA: EL0 may use MSR DAIFSet/DAIFClr and MRS/MSR DAIF. */
const SCTLR_UMA = 1 << 9;

type C = Arm64Cpu;

function undefinedHere(c: C, d: Insn, what: string): never {
  const w = (d.word >>> 0).toString(16).padStart(8, "0");
  c.setExc(Exc.Undefined, EC.Unknown, 0, `${what} (0x${w}) is undefined at EL${c.el}`);
  throw CPU_STOP;
}

/** The next instruction's address as the new PC, and leave the block: PSTATE changed, maybe unmasking an IRQ. */
function leaveBlock(c: C, d: Insn): void {
  const l = (c.baseLo >>> 0) + d.off + 4;
  c.pcLo = l | 0;
  c.pcHi = (c.baseHi + (l > 0xffffffff ? 1 : 0)) | 0;
  c.jumped = true;
  c.recheck = true;
}

/** ERET (C6.2.83): the whole job is Arm64System.eret. */
export function eret(c: C, d: Insn): void {
  if (c.el === 0 || c.sys === null) undefinedHere(c, d, "ERET");
  c.sys.eret();
  c.jumped = true;
  c.recheck = true;
}

/**
 * MSR (immediate) (C6.2.195): imm2 names the field (5 SPSel, 6 DAIFSet,
 * 7 DAIFClr, 4 PAN), imm3 holds CRm. DAIFSet/DAIFClr take CRm as D:A:I:F.
 * At EL0 only DAIFSet/DAIFClr exist, and only if SCTLR_EL1.UMA (bit 9)
 * lets EL0 mask interrupts; otherwise they trap to EL1 with EC 0x18
 * (D17.2.37: Op0 0, Op1 3, CRn 4, Rt 31, Op2 and CRm from the
 * instruction). SPSel and PAN are UNDEFINED at EL0.
 */
export function msrImm(c: C, d: Insn): void {
  const s = c.sys;
  if (s !== null && c.el === 0 && (d.imm2 === 6 || d.imm2 === 7)) {
    if ((s.sctlr & SCTLR_UMA) === 0) {
      const iss = (d.imm2 << 17) | (3 << 14) | (4 << 10) | (31 << 5) | (d.imm3 << 1);
      c.setExc(Exc.Protection, EC.SysReg, iss, `EL0 MSR ${d.imm2 === 6 ? "DAIFSet" : "DAIFClr"} trapped (SCTLR_EL1.UMA is 0)`);
      throw CPU_STOP;
    }
  } else if (c.el === 0 || s === null) undefinedHere(c, d, "MSR to a PSTATE field");
  const bits = (d.imm3 << 6) & (DAIF_D | DAIF_A | DAIF_I | DAIF_F);
  switch (d.imm2) {
    case 6: c.daif |= bits; break;
    case 7: c.daif &= ~bits; break;
    case 5: s!.setMode(c.el, d.imm3 & 1); break;
    case 4: s!.pan = (d.imm3 & 1) !== 0; s!.syncMmu(false); break;
  }
  leaveBlock(c, d);
}

/**
 * HVC / SMC (C6.2.99, C6.2.263; imm2 = 2 HVC, 3 SMC) call the firmware:
 * there is no EL2 or EL3 to run, so the board's PSCI implementation answers
 * in place of the hypervisor (SMCCC: function id in x0, arguments x1..x3,
 * result in x0). The CPU then ends its slice, so a power-off takes effect
 * at once.
 */
export function hvc(c: C, d: Insn): void {
  const s = c.sys;
  if (c.el === 0 || s === null || s.firmware === null) undefinedHere(c, d, d.imm2 === 2 ? "HVC" : "SMC");
  const res = s.firmware.call(c.getReg(0), c.getReg(1), c.getReg(2), c.getReg(3));
  c.setReg(0, BigInt.asUintN(64, res));
  c.stopReason = Stop.Budget;
  throw CPU_STOP;
}

const TLBI_OPS: (Tlbi | undefined)[] = ["VMALLE1", "VAE1", "ASIDE1", "VAAE1", undefined, "VALE1", undefined, "VAALE1"];

/** TLBI (C6.2.366; the operations of C5.5): imm2 = op2; the IS forms (CRm 3) act the same on one core. */
export function tlbi(c: C, d: Insn): void {
  const s = c.sys;
  if (c.el === 0 || s === null) undefinedHere(c, d, "TLBI");
  const n = d.rn << 1;                                // XZR reads its zero slot
  tlbiOp(c.mmu, s, TLBI_OPS[d.imm2]!, (BigInt(c.x[n + 1] >>> 0) << 32n) | BigInt(c.x[n] >>> 0));
}

/** IC IALLU(IS), DC IVAC/ISW/CSW/CISW: no caches are modelled, so nothing to do, but only at EL1. */
export function sysEl1(c: C, d: Insn): void {
  if (c.el === 0 || c.sys === null) undefinedHere(c, d, "cache maintenance");
}

/**
 * An EL0 access to a generic timer register that CNTKCTL_EL1 does not
 * allow traps to EL1 with EC 0x18 (D17.2.37, "ISS encoding for an exception
 * from MSR, MRS, or System instruction execution"): Op0 21:20, Op2 19:17,
 * Op1 16:14, CRn 13:10, Rt 9:5, CRm 4:1, Direction 0 (1 = read).
 */
function trapSysReg(c: C, d: Insn, read: boolean, rt: number): never {
  const n = d.imm, op0 = n >> 14, op1 = (n >> 11) & 7, crn = (n >> 7) & 15, crm = (n >> 3) & 15, op2 = n & 7;
  const r = rt >= 32 ? 31 : rt;                       // the XZR slots (32 read, 33 write) are Rt = 31
  const iss = (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (r << 5) | (crm << 1) | (read ? 1 : 0);
  c.setExc(Exc.Protection, EC.SysReg, iss, `EL0 access to ${sysregText(n)} trapped by CNTKCTL_EL1`);
  throw CPU_STOP;
}
const sysregText = (n: number) => `S${n >> 14}_${(n >> 11) & 7}_C${(n >> 7) & 15}_C${(n >> 3) & 15}_${n & 7}`;

/** At EL0 in system mode: timer registers CNTKCTL_EL1 opens (true), closes (trap), or others (false: UNDEFINED). */
function el0Timer(c: C, d: Insn, read: boolean, rt: number): boolean {
  const kctl = c.sys !== null && c.sys.timer !== null ? c.sys.timer.read(9) : -1;
  const need = el0TimerControl(d.imm);
  if (need < 0 || kctl < 0) return false;
  if ((kctl & need) === 0) trapSysReg(c, d, read, rt);
  return true;
}

/**
 * CNTKCTL_EL1 bits that open each timer register to EL0 (D11.2 and the
 * register descriptions): EL0PCTEN (0) for CNTPCT, EL0VCTEN (1) for CNTVCT,
 * either for CNTFRQ, EL0VTEN (8) for CNTV_*, EL0PTEN (9) for CNTP_*.
 * -1: not a timer register.
 */
function el0TimerControl(n: number): number {
  if (n === EL1_REGS.CNTFRQ_EL0) return 3;
  if (n === EL1_REGS.CNTPCT_EL0) return 1;
  if (n === EL1_REGS.CNTVCT_EL0) return 2;
  if (n === EL1_REGS.CNTV_CTL_EL0 || n === EL1_REGS.CNTV_CVAL_EL0 || n === EL1_REGS.CNTV_TVAL_EL0) return 1 << 8;
  if (n === EL1_REGS.CNTP_CTL_EL0 || n === EL1_REGS.CNTP_CVAL_EL0 || n === EL1_REGS.CNTP_TVAL_EL0) return 1 << 9;
  return -1;
}

/** MRS of a register beyond EL0's fixed set: EL1's registers (sysregs-el1.ts), or a timer register CNTKCTL_EL1 opens to EL0. */
export function mrsEl1(c: C, d: Insn): boolean {
  if (c.sys === null) return false;
  if (c.el === 0 && !el0Timer(c, d, true, d.rd)) return false;
  const v = readEl1(c, d.imm);
  if (v === undefined) return false;
  const t = d.rd << 1;
  c.x[t] = Number(v & 0xffffffffn) | 0; c.x[t + 1] = Number(v >> 32n) | 0;
  return true;
}

/** MSR of an EL1 register; writes that change PSTATE or translation leave the block. */
export function msrEl1(c: C, d: Insn): boolean {
  if (c.sys === null) return false;
  if (c.el === 0 && !el0Timer(c, d, false, d.rn)) return false;
  const n = d.rn << 1;
  const v = (BigInt(c.x[n + 1] >>> 0) << 32n) | BigInt(c.x[n] >>> 0);
  if (!writeEl1(c, d.imm, v)) return false;
  leaveBlock(c, d);
  return true;
}
