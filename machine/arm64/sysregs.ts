// System register names for MRS/MSR disassembly, keyed by the 16-bit
// number op0:op1:CRn:CRm:op2 (bits 20:5 of the instruction). These are the
// registers EL0 code and a small kernel touch, spelled as objdump spells
// them; any other register prints in the generic form s<op0>_<op1>_c<n>_c<m>_<op2>.

export const SYSREG_NAMES: Record<number, string> = {
  0xc080: "sctlr_el1", 0xc100: "ttbr0_el1", 0xc101: "ttbr1_el1", 0xc102: "tcr_el1", 0xc510: "mair_el1",
  0xc600: "vbar_el1", 0xc290: "esr_el1", 0xc201: "elr_el1", 0xc200: "spsr_el1", 0xc300: "far_el1",
  0xc208: "sp_el0", 0xe208: "sp_el1", 0xda11: "daif", 0xc212: "currentel", 0xc210: "spsel", 0xda10: "nzcv",
  0xdf11: "cntp_ctl_el0", 0xdf12: "cntp_cval_el0", 0xdf10: "cntp_tval_el0", 0xdf19: "cntv_ctl_el0",
  0xdf1a: "cntv_cval_el0", 0xdf18: "cntv_tval_el0", 0xc708: "cntkctl_el1", 0xc681: "contextidr_el1",
  0xc684: "tpidr_el1", 0xde83: "tpidrro_el0", 0xc3a0: "par_el1", 0xc082: "cpacr_el1", 0xc005: "mpidr_el1",
  0xc000: "midr_el1", 0xc020: "id_aa64pfr0_el1", 0xc030: "id_aa64isar0_el1", 0xc038: "id_aa64mmfr0_el1",
  0xc288: "afsr0_el1", 0xc289: "afsr1_el1", 0xc518: "amair_el1", 0xc081: "actlr_el1", 0xdf02: "cntvct_el0",
  0xdf01: "cntpct_el0", 0xdf00: "cntfrq_el0", 0xc608: "isr_el1", 0xc601: "rvbar_el1", 0xc006: "revidr_el1",
  0xc028: "id_aa64dfr0_el1", 0xc801: "clidr_el1", 0xd000: "csselr_el1", 0xc800: "ccsidr_el1",
  0xc807: "aidr_el1", 0xc031: "id_aa64isar1_el1", 0xc039: "id_aa64mmfr1_el1", 0xc03a: "id_aa64mmfr2_el1",
  0xc021: "id_aa64pfr1_el1", 0x8012: "mdscr_el1", 0xc213: "pan", 0xc214: "uao", 0xda15: "dit", 0xda16: "ssbs",
  0xda17: "tco", 0xe088: "hcr_el2", 0xe201: "elr_el2", 0xe200: "spsr_el2", 0xe290: "esr_el2",
  0xe600: "vbar_el2", 0xe080: "sctlr_el2", 0xf208: "sp_el2", 0xe708: "cnthctl_el2", 0xe703: "cntvoff_el2",
  0xe108: "vttbr_el2", 0xe682: "tpidr_el2", 0xda20: "fpcr", 0xda21: "fpsr", 0xd807: "dczid_el0",
  0xd801: "ctr_el0", 0xde82: "tpidr_el0",
};

export function sysregName(n: number): string {
  return SYSREG_NAMES[n] ?? `s${n >> 14}_${(n >> 11) & 7}_c${(n >> 7) & 15}_c${(n >> 3) & 15}_${n & 7}`;
}
