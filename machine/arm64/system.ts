// EL1: the AArch64 CPU's system mode. The state a kernel owns (PSTATE's
// EL, SPSel, DAIF, PAN; the banked stack pointers; the EL1 system
// registers), what the hardware does on an exception (Arm ARM D1.10
// "Exception entry") and on ERET (D1.11 "Exception return").
//
// A CPU built for a user-mode run (linux/) has no Arm64System: it stops and
// reports every SVC and fault to its driver. A board attaches one
// (`cpu.sys = new Arm64System(cpu, ...)`); from then on SVCs, aborts and
// undefined instructions are *taken* as the architecture says: SPSR_EL1 <-
// PSTATE, ELR_EL1 <- the preferred return address, ESR_EL1 <- syndrome,
// FAR_EL1 for aborts, PSTATE.EL = 1 with SP_EL1 and all of DAIF masked, PC
// <- VBAR_EL1 + the vector offset; and the CPU runs on from the vector.
//
// Vector offsets (D1.10.2, "Exception vectors"): a table of 16 entries of
// 0x80 bytes at VBAR_EL1, in four groups by where the exception came from:
//   +0x000 current EL using SP_EL0   +0x200 current EL using SP_ELx
//   +0x400 lower EL, AArch64         +0x600 lower EL, AArch32 (never here)
// and within a group +0x00 synchronous, +0x80 IRQ, +0x100 FIQ, +0x180 SError.
//
// Stack pointers: the CPU's SP slot (x[62..63]) always holds the SP in use
// (SP_EL0 at EL0 or with SPSel = 0, SP_EL1 otherwise); the other one waits
// in this object's bank and is swapped in when EL or SPSel changes.

import { Exc, Stop, type StopReason } from "../core/cpu";
import { Access } from "../core/mmu";
import { asidOf, SCTLR, sysRegsChanged, type Arm64PagingRegs } from "./paging";
import type { Arm64Cpu } from "./cpu";
import { EC } from "./cpu";

/** PSTATE.DAIF mask bits as MRS DAIF / SPSR place them (bits 9:6). */
export const DAIF_D = 0x200, DAIF_A = 0x100, DAIF_I = 0x80, DAIF_F = 0x40;
/** SCTLR_EL1 bits used outside the walker. */
export const SCTLR_SA = 1 << 3, SCTLR_SA0 = 1 << 4, SCTLR_nTWI = 1 << 16, SCTLR_nTWE = 1 << 18, SCTLR_SPAN = 1 << 23;
/**
 * SCTLR_EL1 at reset: the RES1 bits of ARMv8.0 (29, 28, 23, 22, 20, 11),
 * everything else 0: MMU off, alignment checks off, WFI/WFE at EL0 trapped.
 * (SPAN, bit 23, is RES1 in v8.0, so an exception does not set PAN.)
 */
export const SCTLR_RESET = 0x30d00800;
/** ESR_EL1.IL: the trapped instruction was 32 bits (every A64 instruction; also set for aborts). */
const IL = 1 << 25;

/** The interrupt input the CPU polls (a devices/irq.ts CpuIrqPin fits). */
export interface IrqPin { readonly asserted: boolean }
/** The generic timer's system-register face (devices/generic-timer.ts fits; register ids as its TimerReg). */
export interface SysTimer { hi: number; read(reg: number): number; write(reg: number, lo: number, hi?: number): void }
/** The firmware HVC/SMC calls reach (devices/power.ts Psci fits). */
export interface Firmware { call(x0: bigint, x1?: bigint, x2?: bigint, x3?: bigint): bigint }

/** The kernel entry window: a physical range where an EL1 instruction fetch stops the CPU (Stop.KernelEntry). */
export interface EntryWindow { base: number; size: number }

export class Arm64System implements Arm64PagingRegs {
  // ---- Registers the walker reads (Arm64PagingRegs) ----
  sctlr = SCTLR_RESET;
  tcr = 0n; ttbr0 = 0n; ttbr1 = 0n; mair = 0n;
  // ---- Exception registers ----
  elr = 0n; spsr = 0; esr = 0; far = 0n; vbar = 0n;
  // ---- Other EL1 state ----
  contextidr = 0; tpidrEl1 = 0n; cpacr = 0; par = 0n; afsr0 = 0; afsr1 = 0; amair = 0n; actlr = 0;
  mdscr = 0;
  /** PSTATE.SPSel (0: SP_EL0 at every EL, 1: SP_ELx at EL1). */
  spsel = 1;
  /** PSTATE.PAN. */
  pan = false;
  /** PSTATE.IL: set by an illegal exception return; the next instruction takes EC 0x0E. */
  illegal = false;
  /** The stack pointer not in use: [0] SP_EL0, [1] SP_EL1 (each [lo, hi]); the current one lives in cpu.x. */
  readonly spBank = new Int32Array(4);
  /** Where the last KernelEntry stop fetched: physical and virtual. */
  entryPa = 0; entryVa = 0n;

  constructor(private readonly cpu: Arm64Cpu, readonly window: EntryWindow | null,
    readonly timer: SysTimer | null, readonly firmware: Firmware | null, readonly irq: IrqPin | null) {}

  /** Reset into EL1h with every interrupt masked and the MMU off (D1.9 "Reset"). */
  reset(): void {
    const c = this.cpu;
    this.sctlr = SCTLR_RESET;
    this.tcr = 0n; this.ttbr0 = 0n; this.ttbr1 = 0n; this.mair = 0n;
    this.elr = 0n; this.spsr = 0; this.esr = 0; this.far = 0n; this.vbar = 0n;
    this.illegal = false; this.pan = false;
    c.daif = DAIF_D | DAIF_A | DAIF_I | DAIF_F;
    c.el = 1; this.spsel = 1;
    this.syncMmu(true);
  }

  /** Which bank the CPU's SP slot holds now: 0 = SP_EL0, 1 = SP_EL1. */
  spIndex(): number { return this.cpu.el === 0 ? 0 : this.spsel; }

  /** Change EL and/or SPSel, moving stack pointers between the CPU's slot and the bank. */
  setMode(el: number, spsel: number): void {
    const c = this.cpu, x = c.x, b = this.spBank, from = this.spIndex();
    const to = el === 0 ? 0 : spsel;
    if (from !== to) {
      b[from * 2] = x[62]; b[from * 2 + 1] = x[63];
      x[62] = b[to * 2]; x[63] = b[to * 2 + 1];
    }
    c.el = el; this.spsel = spsel;
    this.syncMmu(false);
  }

  /** SP_EL0 or SP_EL1 as a bigint, wherever it is now. */
  getSp(which: number): bigint {
    const x = this.spIndex() === which ? this.cpu.x : this.spBank, i = this.spIndex() === which ? 62 : which * 2;
    return (BigInt(x[i + 1] >>> 0) << 32n) | BigInt(x[i] >>> 0);
  }

  setSp(which: number, v: bigint): void {
    const x = this.spIndex() === which ? this.cpu.x : this.spBank, i = this.spIndex() === which ? 62 : which * 2;
    x[i] = Number(v & 0xffffffffn) | 0; x[i + 1] = Number((v >> 32n) & 0xffffffffn) | 0;
  }

  /** Keep the Mmu's context (privilege, PAN, ASID) equal to PSTATE and the TTBRs. */
  syncMmu(full: boolean): void {
    const m = this.cpu.mmu;
    this.cpu.spAlign = (this.sctlr & (this.cpu.el === 0 ? SCTLR_SA0 : SCTLR_SA)) !== 0;
    m.user = this.cpu.el === 0;
    m.pan = this.pan;
    if (full) m.asid = asidOf(this);
  }

  /** After MSR to SCTLR/TCR/TTBRx (D8 "TLB maintenance requirements"): see paging.ts sysRegsChanged. */
  pagingChanged(oldSctlr: number): void { sysRegsChanged(this.cpu.mmu, oldSctlr, this); this.syncMmu(false); }

  // ---- PSTATE as SPSR holds it (C5.2.18 SPSR_EL1) ----

  pstate(): number {
    const c = this.cpu;
    return ((c.nf << 31) | (c.zf << 30) | (c.cf << 29) | (c.vf << 28) | (this.pan ? 1 << 22 : 0) |
      (this.illegal ? 1 << 20 : 0) | c.daif | (c.el << 2) | (c.el === 0 ? 0 : this.spsel)) >>> 0;
  }

  // ---- Exception entry (D1.10) ----

  /**
   * Take an exception to EL1. `kind` 0 synchronous, 1 IRQ, 2 FIQ, 3 SError;
   * `esr` is written for synchronous ones only; `far` for aborts and PC
   * alignment (null leaves FAR_EL1 alone, as the architecture does for the rest).
   */
  take(kind: number, esr: number, far: bigint | null): void {
    const c = this.cpu;
    const fromEl = c.el;
    this.spsr = this.pstate();
    this.elr = c.getPc();
    if (kind === 0) this.esr = esr >>> 0;
    if (far !== null) this.far = far;
    const group = fromEl === 0 ? 0x400 : this.spsel === 1 ? 0x200 : 0;
    c.daif = DAIF_D | DAIF_A | DAIF_I | DAIF_F;
    this.illegal = false;
    if ((this.sctlr & SCTLR_SPAN) === 0) this.pan = true;   // FEAT_PAN: SPAN = 0 sets PAN on entry
    c.exclArmed = false;
    this.setMode(1, 1);
    c.setPc(BigInt.asUintN(64, this.vbar + BigInt(group + kind * 0x80)));
  }

  /** The IRQ exception (the run loop calls this between instructions when the pin is up and PSTATE.I clear). */
  takeIrq(): void { this.take(1, 0, null); }

  /**
   * Turn what the run loop stopped for into the architectural exception, if
   * it is one the hardware takes to EL1. Returns false for stops the board
   * handles itself (budget, halt, kernel entry) and for emulator errors.
   */
  deliver(r: StopReason): boolean {
    const c = this.cpu, x = c.exc;
    if (r === Stop.Syscall) { this.take(0, (EC.Svc64 << 26) | IL | (x.code & 0xffff), null); return true; }
    if (r !== Stop.Exception) return false;
    if (x.detail.startsWith("internal emulator error")) return false;
    const cur = c.el === 1 ? 1 : 0;
    const m = c.mmu;
    const faultVa = (BigInt(m.faultHi >>> 0) << 32n) | BigInt(m.faultLo >>> 0);
    switch (x.vector) {
      case EC.InstrAbortLower:
        this.take(0, ((EC.InstrAbortLower + cur) << 26) | IL | (x.code & 0x3f), faultVa); return true;
      case EC.DataAbortLower: {
        const wnr = x.kind === Exc.PageFault && m.faultAccess === Access.Write ? 1 << 6 : 0;
        const fnv = (x.code & (1 << 10)) !== 0;             // FAR not valid (external abort)
        this.take(0, ((EC.DataAbortLower + cur) << 26) | IL | wnr | (x.code & 0x43f), fnv ? null : faultVa); return true;
      }
      case EC.PcAlign: this.take(0, (EC.PcAlign << 26) | IL, faultVa); return true;
      default: this.take(0, (x.vector << 26) | IL | (x.code & 0x1ffffff), null); return true;
    }
  }

  // ---- Exception return (D1.11; the ERET pseudocode AArch64.ExceptionReturn) ----

  /**
   * ERET: PSTATE <- SPSR_EL1, PC <- ELR_EL1. SPSR.M must name EL0t, EL1t
   * or EL1h in AArch64; anything else (AArch32, EL2/EL3 which do not exist
   * here, EL0 with SP_ELx) is an *illegal exception return* (D1.11.4): the
   * EL and SP stay, PSTATE.IL is set, and the next instruction takes an
   * Illegal Execution state exception (EC 0x0E).
   */
  eret(): void {
    const c = this.cpu, s = this.spsr, m = s & 0x1f;
    c.nf = (s >>> 31) & 1; c.zf = (s >>> 30) & 1; c.cf = (s >>> 29) & 1; c.vf = (s >>> 28) & 1;
    c.daif = s & (DAIF_D | DAIF_A | DAIF_I | DAIF_F);
    c.exclArmed = false;
    c.eventRegister = true;                  // an exception return is an event (D1.11, WFE wake-up events)
    c.setPc(this.elr);
    if (m !== 0 && m !== 4 && m !== 5) { this.illegal = true; return; }
    this.pan = (s & (1 << 22)) !== 0;
    this.illegal = (s & (1 << 20)) !== 0;
    this.setMode(m >>> 2, m & 1);
  }
}

/** Arm64System's registers as plain data, for machine snapshots (the CPU's save() carries it). */
export interface Arm64SysState {
  sctlr: number; tcr: bigint; ttbr0: bigint; ttbr1: bigint; mair: bigint;
  elr: bigint; spsr: number; esr: number; far: bigint; vbar: bigint;
  contextidr: number; tpidrEl1: bigint; cpacr: number; par: bigint; afsr0: number; afsr1: number; amair: bigint;
  actlr: number; mdscr: number; spsel: number; pan: boolean; illegal: boolean; spBank: number[];
  daif: number; entryPa: number; entryVa: bigint;
}

const SAVED = ["sctlr", "tcr", "ttbr0", "ttbr1", "mair", "elr", "spsr", "esr", "far", "vbar", "contextidr", "tpidrEl1",
  "cpacr", "par", "afsr0", "afsr1", "amair", "actlr", "mdscr", "spsel", "pan", "illegal", "entryPa", "entryVa"] as const;

/** Save the system state (PSTATE.EL itself is in the CPU's state). */
export function saveSys(s: Arm64System, daif: number): Arm64SysState {
  const o: Record<string, unknown> = { spBank: Array.from(s.spBank), daif };
  for (const k of SAVED) o[k] = s[k];
  return o as unknown as Arm64SysState;
}

/** Restore after the CPU restored its registers and EL; the TLB is flushed by the snapshot's restore. */
export function restoreSys(s: Arm64System, st: Arm64SysState): void {
  const w = s as unknown as Record<string, unknown>;
  for (const k of SAVED) w[k] = st[k];
  s.spBank.set(st.spBank);
  s.syncMmu(true);
}

/** ESR_EL1 exception classes beyond those in cpu.ts's EC. */
export const EC_EL1 = { Wfx: 0x01, IllegalState: 0x0e, Hvc64: 0x16, Smc64: 0x17, InstrAbortSame: 0x21, DataAbortSame: 0x25 } as const;
export { SCTLR };
