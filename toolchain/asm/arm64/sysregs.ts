// System register names for MRS/MSR, and the operation names of TLBI, DC, IC
// and AT. Each system register is addressed by five numbers
// (op0, op1, CRn, CRm, op2), Arm ARM D17 ("AArch64 System Register
// Descriptions"); any register may also be written generically as
// S<op0>_<op1>_C<n>_C<m>_<op2>, which is how objdump prints one it does not know.

export type SysReg = [op0: number, op1: number, crn: number, crm: number, op2: number];

export const SYSREGS: Record<string, SysReg> = {
  // EL0-accessible state: flags, FP control, thread pointer, timers, cache info
  nzcv: [3, 3, 4, 2, 0], daif: [3, 3, 4, 2, 1], fpcr: [3, 3, 4, 4, 0], fpsr: [3, 3, 4, 4, 1],
  tpidr_el0: [3, 3, 13, 0, 2], tpidrro_el0: [3, 3, 13, 0, 3],
  cntfrq_el0: [3, 3, 14, 0, 0], cntpct_el0: [3, 3, 14, 0, 1], cntvct_el0: [3, 3, 14, 0, 2],
  cntp_tval_el0: [3, 3, 14, 2, 0], cntp_ctl_el0: [3, 3, 14, 2, 1], cntp_cval_el0: [3, 3, 14, 2, 2],
  cntv_tval_el0: [3, 3, 14, 3, 0], cntv_ctl_el0: [3, 3, 14, 3, 1], cntv_cval_el0: [3, 3, 14, 3, 2],
  ctr_el0: [3, 3, 0, 0, 1], dczid_el0: [3, 3, 0, 0, 7],
  // EL1: identification
  mdscr_el1: [2, 0, 0, 2, 2],
  midr_el1: [3, 0, 0, 0, 0], mpidr_el1: [3, 0, 0, 0, 5], revidr_el1: [3, 0, 0, 0, 6],
  id_aa64pfr0_el1: [3, 0, 0, 4, 0], id_aa64pfr1_el1: [3, 0, 0, 4, 1],
  id_aa64isar0_el1: [3, 0, 0, 6, 0], id_aa64isar1_el1: [3, 0, 0, 6, 1],
  id_aa64mmfr0_el1: [3, 0, 0, 7, 0], id_aa64mmfr1_el1: [3, 0, 0, 7, 1], id_aa64mmfr2_el1: [3, 0, 0, 7, 2],
  // EL1: the MMU, exceptions and the kernel's own state
  sctlr_el1: [3, 0, 1, 0, 0], cpacr_el1: [3, 0, 1, 0, 2],
  ttbr0_el1: [3, 0, 2, 0, 0], ttbr1_el1: [3, 0, 2, 0, 1], tcr_el1: [3, 0, 2, 0, 2],
  spsr_el1: [3, 0, 4, 0, 0], elr_el1: [3, 0, 4, 0, 1], sp_el0: [3, 0, 4, 1, 0],
  spsel: [3, 0, 4, 2, 0], currentel: [3, 0, 4, 2, 2],
  afsr0_el1: [3, 0, 5, 1, 0], afsr1_el1: [3, 0, 5, 1, 1], esr_el1: [3, 0, 5, 2, 0],
  far_el1: [3, 0, 6, 0, 0], par_el1: [3, 0, 7, 4, 0],
  mair_el1: [3, 0, 10, 2, 0], amair_el1: [3, 0, 10, 3, 0],
  vbar_el1: [3, 0, 12, 0, 0], isr_el1: [3, 0, 12, 1, 0],
  contextidr_el1: [3, 0, 13, 0, 1], tpidr_el1: [3, 0, 13, 0, 4],
  cntkctl_el1: [3, 0, 14, 1, 0],
  // EL2 (for a boot stub that drops from EL2 to EL1)
  sp_el1: [3, 4, 4, 1, 0], sctlr_el2: [3, 4, 1, 0, 0], hcr_el2: [3, 4, 1, 1, 0],
  spsr_el2: [3, 4, 4, 0, 0], elr_el2: [3, 4, 4, 0, 1], esr_el2: [3, 4, 5, 2, 0], far_el2: [3, 4, 6, 0, 0],
  vbar_el2: [3, 4, 12, 0, 0], cnthctl_el2: [3, 4, 14, 1, 0], cntvoff_el2: [3, 4, 14, 0, 3],
};

/** MSR <pstatefield>, #imm: (op1, op2) and the largest immediate. */
export const PSTATE: Record<string, { op1: number; op2: number; max: number }> = {
  spsel: { op1: 0, op2: 5, max: 1 },
  daifset: { op1: 3, op2: 6, max: 15 },
  daifclr: { op1: 3, op2: 7, max: 15 },
};

/** Look a register up by name or by its generic S3_x_Cx_Cx_x spelling. */
export function sysReg(name: string): SysReg | undefined {
  const t = name.toLowerCase();
  const known = SYSREGS[t];
  if (known) return known;
  const m = /^s([0-3])_([0-7])_c([0-9]|1[0-5])_c([0-9]|1[0-5])_([0-7])$/.exec(t);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])] : undefined;
}

/** SYS aliases: op1, CRn, CRm, op2 and whether an Xt operand is required. */
export type SysOp = [op1: number, crn: number, crm: number, op2: number, needsReg: boolean];

export const TLBI: Record<string, SysOp> = {
  vmalle1is: [0, 8, 3, 0, false], vae1is: [0, 8, 3, 1, true], aside1is: [0, 8, 3, 2, true],
  vaae1is: [0, 8, 3, 3, true], vale1is: [0, 8, 3, 5, true], vaale1is: [0, 8, 3, 7, true],
  vmalle1: [0, 8, 7, 0, false], vae1: [0, 8, 7, 1, true], aside1: [0, 8, 7, 2, true],
  vaae1: [0, 8, 7, 3, true], vale1: [0, 8, 7, 5, true], vaale1: [0, 8, 7, 7, true],
  alle2: [4, 8, 7, 0, false], alle1: [4, 8, 7, 4, false], vmalls12e1: [4, 8, 7, 6, false],
  alle2is: [4, 8, 3, 0, false], alle1is: [4, 8, 3, 4, false], vmalls12e1is: [4, 8, 3, 6, false],
  vae2: [4, 8, 7, 1, true], alle3: [6, 8, 7, 0, false],
};

export const DC: Record<string, SysOp> = {
  zva: [3, 7, 4, 1, true], ivac: [0, 7, 6, 1, true], isw: [0, 7, 6, 2, true],
  cvac: [3, 7, 10, 1, true], csw: [0, 7, 10, 2, true], cvau: [3, 7, 11, 1, true],
  civac: [3, 7, 14, 1, true], cisw: [0, 7, 14, 2, true],
};

export const IC: Record<string, SysOp> = {
  ialluis: [0, 7, 1, 0, false], iallu: [0, 7, 5, 0, false], ivau: [3, 7, 5, 1, true],
};

export const AT: Record<string, SysOp> = {
  s1e1r: [0, 7, 8, 0, true], s1e1w: [0, 7, 8, 1, true], s1e0r: [0, 7, 8, 2, true], s1e0w: [0, 7, 8, 3, true],
};
