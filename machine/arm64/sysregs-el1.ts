// The EL1 system registers as MRS/MSR reach them (Arm ARM D17, "AArch64
// System Register Descriptions"), by the 16-bit number op0:op1:CRn:CRm:op2.
// Only reached from EL1 (or from the kernel's TypeScript, which runs at
// EL1); at EL0 every one of these is UNDEFINED (EC 0x00), as the Arm ARM's
// access pseudocode says for an EL1 register without an EL0 trap control.
//
// The off-hot-path style is deliberate: a kernel written in TypeScript
// touches these through KernelMode, and EL1 machine code is rare, so the
// values are bigints.

import type { Arm64Cpu } from "./cpu";
import { DAIF_D, DAIF_A, DAIF_I, DAIF_F } from "./system";

/** op0:op1:CRn:CRm:op2 as MRS/MSR encode them. */
const r = (op0: number, op1: number, crn: number, crm: number, op2: number): number =>
  (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;

/** The registers by their Arm ARM names (upper case, as in the register descriptions). */
export const EL1_REGS = {
  SCTLR_EL1: r(3, 0, 1, 0, 0), ACTLR_EL1: r(3, 0, 1, 0, 1), CPACR_EL1: r(3, 0, 1, 0, 2),
  TTBR0_EL1: r(3, 0, 2, 0, 0), TTBR1_EL1: r(3, 0, 2, 0, 1), TCR_EL1: r(3, 0, 2, 0, 2),
  SPSR_EL1: r(3, 0, 4, 0, 0), ELR_EL1: r(3, 0, 4, 0, 1), SP_EL0: r(3, 0, 4, 1, 0),
  SPSel: r(3, 0, 4, 2, 0), CurrentEL: r(3, 0, 4, 2, 2), PAN: r(3, 0, 4, 2, 3),
  AFSR0_EL1: r(3, 0, 5, 1, 0), AFSR1_EL1: r(3, 0, 5, 1, 1), ESR_EL1: r(3, 0, 5, 2, 0),
  FAR_EL1: r(3, 0, 6, 0, 0), PAR_EL1: r(3, 0, 7, 4, 0),
  MAIR_EL1: r(3, 0, 10, 2, 0), AMAIR_EL1: r(3, 0, 10, 3, 0),
  VBAR_EL1: r(3, 0, 12, 0, 0), ISR_EL1: r(3, 0, 12, 1, 0),
  CONTEXTIDR_EL1: r(3, 0, 13, 0, 1), TPIDR_EL1: r(3, 0, 13, 0, 4), CNTKCTL_EL1: r(3, 0, 14, 1, 0),
  DAIF: r(3, 3, 4, 2, 1), NZCV: r(3, 3, 4, 2, 0), TPIDR_EL0: r(3, 3, 13, 0, 2), TPIDRRO_EL0: r(3, 3, 13, 0, 3),
  MIDR_EL1: r(3, 0, 0, 0, 0), MPIDR_EL1: r(3, 0, 0, 0, 5), REVIDR_EL1: r(3, 0, 0, 0, 6),
  ID_AA64PFR0_EL1: r(3, 0, 0, 4, 0), ID_AA64PFR1_EL1: r(3, 0, 0, 4, 1), ID_AA64DFR0_EL1: r(3, 0, 0, 5, 0),
  ID_AA64ISAR0_EL1: r(3, 0, 0, 6, 0), ID_AA64ISAR1_EL1: r(3, 0, 0, 6, 1),
  ID_AA64MMFR0_EL1: r(3, 0, 0, 7, 0), ID_AA64MMFR1_EL1: r(3, 0, 0, 7, 1), ID_AA64MMFR2_EL1: r(3, 0, 0, 7, 2),
  MDSCR_EL1: r(2, 0, 0, 2, 2),
  CNTFRQ_EL0: r(3, 3, 14, 0, 0), CNTPCT_EL0: r(3, 3, 14, 0, 1), CNTVCT_EL0: r(3, 3, 14, 0, 2),
  CNTP_TVAL_EL0: r(3, 3, 14, 2, 0), CNTP_CTL_EL0: r(3, 3, 14, 2, 1), CNTP_CVAL_EL0: r(3, 3, 14, 2, 2),
  CNTV_TVAL_EL0: r(3, 3, 14, 3, 0), CNTV_CTL_EL0: r(3, 3, 14, 3, 1), CNTV_CVAL_EL0: r(3, 3, 14, 3, 2),
} as const;
export type El1RegName = keyof typeof EL1_REGS;

/** Generic timer registers, numbered as devices/generic-timer.ts TimerReg numbers them. */
const TIMER: Record<number, number> = {
  [EL1_REGS.CNTFRQ_EL0]: 0, [EL1_REGS.CNTPCT_EL0]: 1, [EL1_REGS.CNTVCT_EL0]: 2,
  [EL1_REGS.CNTP_CTL_EL0]: 3, [EL1_REGS.CNTP_CVAL_EL0]: 4, [EL1_REGS.CNTP_TVAL_EL0]: 5,
  [EL1_REGS.CNTV_CTL_EL0]: 6, [EL1_REGS.CNTV_CVAL_EL0]: 7, [EL1_REGS.CNTV_TVAL_EL0]: 8,
  [EL1_REGS.CNTKCTL_EL1]: 9,
};
const READ_ONLY_TIMER = new Set([EL1_REGS.CNTPCT_EL0, EL1_REGS.CNTVCT_EL0]);

/**
 * Identification registers: a Cortex-A57-like core (the devicetree says
 * cortex-a57) with what this emulator implements. MIDR r1p0 of the A57;
 * MPIDR bit 31 RES1, affinity 0; PFR0: EL0 and EL1 AArch64-only, no EL2/EL3,
 * FP and AdvSIMD not implemented (0xF); ISAR0.Atomic = 2 (FEAT_LSE);
 * MMFR0: PARange 40 bits (2), 16-bit ASIDs (2), 4 KiB granule only
 * (TGran16 = 0 means not supported, TGran64 = 0xF not supported);
 * MMFR1.PAN = 1.
 */
const ID: Record<number, bigint> = {
  [EL1_REGS.MIDR_EL1]: 0x411fd070n, [EL1_REGS.MPIDR_EL1]: 0x80000000n, [EL1_REGS.REVIDR_EL1]: 0n,
  [EL1_REGS.ID_AA64PFR0_EL1]: 0x00ff0011n, [EL1_REGS.ID_AA64PFR1_EL1]: 0n, [EL1_REGS.ID_AA64DFR0_EL1]: 0n,
  [EL1_REGS.ID_AA64ISAR0_EL1]: 0x00200000n, [EL1_REGS.ID_AA64ISAR1_EL1]: 0n,
  [EL1_REGS.ID_AA64MMFR0_EL1]: 0x0f000022n, [EL1_REGS.ID_AA64MMFR1_EL1]: 0x00100000n, [EL1_REGS.ID_AA64MMFR2_EL1]: 0n,
};

const u64 = (v: bigint) => BigInt.asUintN(64, v);
const lo32 = (v: bigint) => Number(v & 0xffffffffn);

/** MRS at EL1: the value, or undefined if no such register is implemented. */
export function readEl1(c: Arm64Cpu, n: number): bigint | undefined {
  const s = c.sys!;
  const t = TIMER[n];
  if (t !== undefined) {
    if (s.timer === null) return undefined;
    const lo = s.timer.read(t);
    return u64((BigInt(s.timer.hi) << 32n) | BigInt(lo >>> 0));
  }
  const id = ID[n];
  if (id !== undefined) return id;
  const R = EL1_REGS;
  switch (n) {
    case R.SCTLR_EL1: return BigInt(s.sctlr >>> 0);
    case R.ACTLR_EL1: return BigInt(s.actlr >>> 0);
    case R.CPACR_EL1: return BigInt(s.cpacr >>> 0);
    case R.TTBR0_EL1: return s.ttbr0;
    case R.TTBR1_EL1: return s.ttbr1;
    case R.TCR_EL1: return s.tcr;
    case R.SPSR_EL1: return BigInt(s.spsr >>> 0);
    case R.ELR_EL1: return s.elr;
    case R.SP_EL0: return s.getSp(0);
    case R.SPSel: return BigInt(s.spsel);
    case R.CurrentEL: return BigInt(c.el << 2);
    case R.PAN: return s.pan ? 1n << 22n : 0n;
    case R.AFSR0_EL1: return BigInt(s.afsr0 >>> 0);
    case R.AFSR1_EL1: return BigInt(s.afsr1 >>> 0);
    case R.ESR_EL1: return BigInt(s.esr >>> 0);
    case R.FAR_EL1: return s.far;
    case R.PAR_EL1: return s.par;
    case R.MAIR_EL1: return s.mair;
    case R.AMAIR_EL1: return s.amair;
    case R.VBAR_EL1: return s.vbar;
    // ISR_EL1.I (bit 7): an IRQ is pending at the CPU, whatever PSTATE.I says.
    case R.ISR_EL1: return s.irq !== null && s.irq.asserted ? 0x80n : 0n;
    case R.CONTEXTIDR_EL1: return BigInt(s.contextidr >>> 0);
    case R.TPIDR_EL1: return s.tpidrEl1;
    case R.DAIF: return BigInt(c.daif);
    case R.MDSCR_EL1: return BigInt(s.mdscr >>> 0);
    case R.NZCV: return c.getFlags();
    case R.TPIDR_EL0: return c.getReg(32);
    case R.TPIDRRO_EL0: return (BigInt(c.tpidrroHi >>> 0) << 32n) | BigInt(c.tpidrroLo >>> 0);
    default: return undefined;
  }
}

/** MSR at EL1: false if the register is not implemented or not writable. */
export function writeEl1(c: Arm64Cpu, n: number, v: bigint): boolean {
  const s = c.sys!;
  v = u64(v);
  const t = TIMER[n];
  if (t !== undefined) {
    if (s.timer === null || READ_ONLY_TIMER.has(n as never)) return false;
    s.timer.write(t, lo32(v) | 0, lo32(v >> 32n) | 0);
    return true;
  }
  const R = EL1_REGS;
  switch (n) {
    case R.SCTLR_EL1: { const old = s.sctlr; s.sctlr = lo32(v) | 0; s.pagingChanged(old); return true; }
    case R.TCR_EL1: s.tcr = v; s.pagingChanged(s.sctlr); return true;
    case R.TTBR0_EL1: s.ttbr0 = v; s.pagingChanged(s.sctlr); return true;
    case R.TTBR1_EL1: s.ttbr1 = v; s.pagingChanged(s.sctlr); return true;
    case R.ACTLR_EL1: s.actlr = lo32(v) | 0; return true;
    case R.CPACR_EL1: s.cpacr = lo32(v) | 0; return true;
    case R.SPSR_EL1: s.spsr = lo32(v) >>> 0; return true;
    case R.ELR_EL1: s.elr = v; return true;
    case R.SP_EL0: s.setSp(0, v); return true;
    case R.SPSel: s.setMode(c.el, Number(v & 1n)); return true;
    case R.PAN: s.pan = (v & (1n << 22n)) !== 0n; s.syncMmu(false); return true;
    case R.AFSR0_EL1: s.afsr0 = lo32(v) | 0; return true;
    case R.AFSR1_EL1: s.afsr1 = lo32(v) | 0; return true;
    case R.ESR_EL1: s.esr = lo32(v) >>> 0; return true;
    case R.FAR_EL1: s.far = v; return true;
    case R.PAR_EL1: s.par = v; return true;
    case R.MAIR_EL1: s.mair = v; return true;
    case R.AMAIR_EL1: s.amair = v; return true;
    case R.VBAR_EL1: s.vbar = v & ~0x7ffn; return true;               // bits 10:0 are RES0
    case R.CONTEXTIDR_EL1: s.contextidr = lo32(v) | 0; return true;
    case R.TPIDR_EL1: s.tpidrEl1 = v; return true;
    case R.DAIF: c.daif = lo32(v) & (DAIF_D | DAIF_A | DAIF_I | DAIF_F); return true;
    case R.MDSCR_EL1: s.mdscr = lo32(v) | 0; return true;
    case R.NZCV: c.setFlags(v); return true;
    case R.TPIDR_EL0: c.setReg(32, v); return true;
    case R.TPIDRRO_EL0: c.tpidrroLo = lo32(v) | 0; c.tpidrroHi = lo32(v >> 32n) | 0; return true;
    default: return false;
  }
}
