// Handlers for branches, exception-generating instructions and the system
// instructions an EL0 program may use: hints, barriers, MRS/MSR of the
// registers EL0 can see, and DC ZVA. Arm ARM C6.2 and D17 (system registers).

import { condHolds } from "./alu";
import { CPU_STOP, EC, type Arm64Cpu } from "./cpu";
import type { Insn } from "./insn";
import { Exc, Stop } from "../core/cpu";
import { dcZva } from "./exec-mem";
import { mrsEl1, msrEl1 } from "./exec-el1";
import { SCTLR_nTWE, SCTLR_nTWI } from "./system";

type C = Arm64Cpu;

// A handler that changes the PC writes pcLo/pcHi and sets `jumped`; the run
// loop otherwise just moves to the next slot of the page. The address of the
// instruction itself is the page's virtual base plus d.off.

/** PC = address of this instruction + d.imm. */
function jump(c: C, d: Insn): void {
  const l = (c.baseLo >>> 0) + d.off + d.imm;
  c.pcLo = l | 0;
  c.pcHi = (c.baseHi + (l > 0xffffffff ? 1 : l < 0 ? -1 : 0)) | 0;
  c.jumped = true;
}

/** X30 = the address of the next instruction (BL, BLR). */
function link(c: C, d: Insn): void {
  const l = (c.baseLo >>> 0) + d.off + 4;
  c.x[60] = l | 0;
  c.x[61] = (c.baseHi + (l > 0xffffffff ? 1 : 0)) | 0;
}

// ---- Branches: C6.2.26 B, C6.2.34 BL, C6.2.27 B.cond, CBZ/CBNZ, TBZ/TBNZ, BR, BLR, RET ----

export function b(c: C, d: Insn): void { jump(c, d); }
export function bl(c: C, d: Insn): void { link(c, d); jump(c, d); }
export function bcond(c: C, d: Insn): void { if (condHolds(c, d.cond)) jump(c, d); }
export function cbz(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1;
  if ((d.sf ? x[n] | x[n + 1] : x[n]) === 0) jump(c, d);
}
export function cbnz(c: C, d: Insn): void {
  const x = c.x, n = d.rn << 1;
  if ((d.sf ? x[n] | x[n + 1] : x[n]) !== 0) jump(c, d);
}
function testBit(c: C, d: Insn): number {
  const b = d.imm2, n = d.rn << 1;
  return b < 32 ? (c.x[n] >>> b) & 1 : (c.x[n + 1] >>> (b - 32)) & 1;
}
export function tbz(c: C, d: Insn): void { if (testBit(c, d) === 0) jump(c, d); }
export function tbnz(c: C, d: Insn): void { if (testBit(c, d) !== 0) jump(c, d); }
/** BR, RET: an unaligned target is caught by the run loop as a PC alignment fault on the next fetch. */
export function br(c: C, d: Insn): void { const n = d.rn << 1; c.pcLo = c.x[n]; c.pcHi = c.x[n + 1]; c.jumped = true; }
export function blr(c: C, d: Insn): void {
  const n = d.rn << 1, lo = c.x[n], hi = c.x[n + 1];  // read first: BLR X30 jumps to the old X30
  link(c, d);
  c.pcLo = lo; c.pcHi = hi; c.jumped = true;
}

// ---- Exception generation and undefined encodings ----

export function svc(c: C, d: Insn): void {
  c.stopReason = Stop.Syscall;
  c.exc.vector = EC.Svc64; c.exc.code = d.imm;
  throw CPU_STOP;
}
export function brk(c: C, d: Insn): void {
  c.setExc(Exc.Breakpoint, EC.Brk64, d.imm, `BRK #0x${d.imm.toString(16)}`);
  throw CPU_STOP;
}
export function undef(c: C, d: Insn): void {
  const w = (d.word >>> 0).toString(16).padStart(8, "0");
  c.setExc(Exc.Undefined, EC.Unknown, 0, `undefined or unsupported instruction 0x${w}`);
  throw CPU_STOP;
}
/**
 * WFI waits for an interrupt: the CPU stops with Stop.Halt (PC past it) and
 * whoever drives it decides what "later" means. WFE waits for an *event*:
 * if the event register is set (by SEV, SEVL, or an exception return such
 * as the return from a system call) it just clears it and goes on, which is
 * what makes the `sevl; wfe` idiom of spin loops work; otherwise it halts too.
 */
export function wfi(c: C, d: Insn): void {
  if (d.imm2 === 2 && c.eventRegister) { c.eventRegister = false; return; }
  // In system mode, EL0's WFI/WFE trap to EL1 unless SCTLR_EL1.nTWI/nTWE allow them (D1.16.2):
  // EC 0x01 with ISS CV=1, COND=0b1110, TI = 0 (WFI) or 1 (WFE).
  if (c.sys !== null && c.el === 0 && (c.sys.sctlr & (d.imm2 === 3 ? SCTLR_nTWI : SCTLR_nTWE)) === 0) {
    c.setExc(Exc.Protection, EC.Wfx, (1 << 24) | (0xe << 20) | (d.imm2 === 3 ? 0 : 1), "WFI/WFE trapped to EL1");
    throw CPU_STOP;
  }
  c.stopReason = Stop.Halt;
  throw CPU_STOP;
}
/** HINT space: SEV and SEVL set the event register; the rest are NOPs here. */
export function hint(c: C, d: Insn): void {
  if (d.imm2 === 4 || d.imm2 === 5) c.eventRegister = true;
}
export function nop(): void { /* hints, barriers: nothing to do on one in-order CPU */ }
export function clrex(c: C): void { c.exclArmed = false; }
/**
 * SYS: DC ZVA zeroes a block; the clean/invalidate operations have nothing
 * to do here (no caches are modelled, and writes to code invalidate decoded
 * instructions by themselves), so they are no-ops.
 */
export function sys(c: C, d: Insn): void { if (d.imm2 === 4) dcZva(c, d, ZVA_BYTES); }

// ---- MRS / MSR (C6.2.194, C6.2.196) ----

/** The system register number as MRS encodes it: op0:op1:CRn:CRm:op2. */
export const sysreg = (op0: number, op1: number, crn: number, crm: number, op2: number): number =>
  (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;

export const SysReg = {
  NZCV: sysreg(3, 3, 4, 2, 0), FPCR: sysreg(3, 3, 4, 4, 0), FPSR: sysreg(3, 3, 4, 4, 1),
  TPIDR_EL0: sysreg(3, 3, 13, 0, 2), TPIDRRO_EL0: sysreg(3, 3, 13, 0, 3),
  CNTFRQ_EL0: sysreg(3, 3, 14, 0, 0), CNTVCT_EL0: sysreg(3, 3, 14, 0, 2),
  CTR_EL0: sysreg(3, 3, 0, 0, 1), DCZID_EL0: sysreg(3, 3, 0, 0, 7),
} as const;

/**
 * The generic timer counts retired instructions, so a program that reads
 * the clock sees the same values on every run. CNTFRQ says how many ticks
 * make a second; we report qemu-aarch64's 62.5 MHz (so one instruction is
 * 16 ns of virtual time).
 */
export const COUNTER_HZ = 62_500_000;
// The identification values qemu-aarch64 7.2 (cpu "max") reports to EL0, so
// that traces of the same program under qemu and under MinOS agree.
/** CTR_EL0: DIC=IDC=1 (no cache maintenance needed for coherence), 64-byte lines. */
export const CTR_EL0 = 0x80038003;
/** DCZID_EL0: DC ZVA allowed (DZP=0), block size 2^7 words = 512 bytes. */
export const DCZID_EL0 = 0x7;
/** Bytes DC ZVA zeroes, from DCZID_EL0.BS. */
export const ZVA_BYTES = 4 << (DCZID_EL0 & 15);

function regUndefined(c: C, d: Insn, what: string): never {
  const who = c.el === 0 ? "EL0 cannot access" : "this CPU does not implement";
  c.setExc(Exc.Undefined, EC.Unknown, 0, `${what} of a system register ${who} (S${sysregName(d.imm)})`);
  throw CPU_STOP;
}
function sysregName(n: number): string {
  return `${n >> 14}_${(n >> 11) & 7}_C${(n >> 7) & 15}_C${(n >> 3) & 15}_${n & 7}`;
}

export function mrs(c: C, d: Insn): void {
  const x = c.x, t = d.rd << 1;
  let lo = 0, hi = 0;
  switch (d.imm) {
    case SysReg.NZCV: lo = (c.nf << 31) | (c.zf << 30) | (c.cf << 29) | (c.vf << 28); break;
    case SysReg.FPCR: lo = c.fpcr; break;
    case SysReg.FPSR: lo = c.fpsr; break;
    case SysReg.TPIDR_EL0: lo = c.tpidrLo; hi = c.tpidrHi; break;
    case SysReg.TPIDRRO_EL0: lo = c.tpidrroLo; hi = c.tpidrroHi; break;
    case SysReg.CNTFRQ_EL0: case SysReg.CNTVCT_EL0:
      if (c.sys !== null && c.sys.timer !== null) {   // a board's generic timer, with CNTKCTL_EL1's EL0 controls
        if (!mrsEl1(c, d)) regUndefined(c, d, "MRS");
        return;
      }
      if (d.imm === SysReg.CNTFRQ_EL0) { lo = COUNTER_HZ; break; }
      lo = c.retired | 0; hi = Math.floor(c.retired / 4294967296) | 0; break;
    case SysReg.CTR_EL0: lo = CTR_EL0 | 0; break;
    case SysReg.DCZID_EL0: lo = DCZID_EL0; break;
    default: if (!mrsEl1(c, d)) regUndefined(c, d, "MRS"); return;
  }
  x[t] = lo; x[t + 1] = hi;
}

export function msr(c: C, d: Insn): void {
  const x = c.x, s = d.rn << 1, lo = x[s], hi = x[s + 1];
  switch (d.imm) {
    case SysReg.NZCV: c.nf = (lo >>> 31) & 1; c.zf = (lo >>> 30) & 1; c.cf = (lo >>> 29) & 1; c.vf = (lo >>> 28) & 1; return;
    // Only the defined FPCR/FPSR bits hold values (RES0 bits read as zero).
    case SysReg.FPCR: c.fpcr = lo & 0x07ff0000; return;   // no FP trap support: IDE..IOE are RAZ/WI
    case SysReg.FPSR: c.fpsr = lo & 0xf800009f; return;
    case SysReg.TPIDR_EL0: c.tpidrLo = lo; c.tpidrHi = hi; return;
    default: if (!msrEl1(c, d)) regUndefined(c, d, "MSR");
  }
}
