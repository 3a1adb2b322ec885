// The Arm generic timer as EL1 sees it: the system counter and the EL1
// physical and virtual timers. Arm ARM (DDI 0487) chapter D11 "The Generic
// Timer in AArch64 state" (D11.1 system counter, D11.2 the timers) and the
// register descriptions of CNTFRQ_EL0, CNTPCT_EL0, CNTVCT_EL0, CNTP_CTL_EL0,
// CNTP_CVAL_EL0, CNTP_TVAL_EL0 and their CNTV_ counterparts.
//
// These are system registers, not MMIO: the CPU's MRS/MSR calls `read` and
// `write` here. 64-bit values travel as (lo, hi) int32 halves like the rest
// of the machine: `read` returns the low word and leaves the high word in
// `hi`.
//
// The counter is virtual time, one count per retired instruction;
// CNTFRQ_EL0 reads NOMINAL_HZ (100 MHz), so software converting counts to
// seconds gets the machine's nominal speed. CNTVOFF_EL2 is 0 (there is no
// EL2), so the virtual count equals the physical count.
//
// Each timer's condition is met when counter >= CVAL (ISTATUS). Its
// interrupt output is ENABLE && ISTATUS && !IMASK, a *level*: it stays high
// until the kernel moves CVAL forward, masks or disables the timer. QEMU
// `virt` wires the virtual timer to PPI 27 and the EL1 physical timer to PPI
// 30 of the GIC.

import type { TimedEvent } from "../core/clock";
import { IrqLine } from "./irq";
import { DeviceClock, NOMINAL_HZ, cancel, pendingOf, type PendingEvent } from "./time";

/** One timer's part of a snapshot. */
export interface TimerState { ctl: number; cvalLo: number; cvalHi: number; ev: PendingEvent | null; line: boolean }
/** Everything a snapshot needs (plain data). */
export interface GenericTimerState { hi: number; frq: number; kctl: number; phys: TimerState; virt: TimerState }

export const PPI_VIRT_TIMER = 27, PPI_PHYS_TIMER = 30;

/** The registers MRS/MSR reach here. */
export const TimerReg = {
  CNTFRQ: 0, CNTPCT: 1, CNTVCT: 2,
  CNTP_CTL: 3, CNTP_CVAL: 4, CNTP_TVAL: 5,
  CNTV_CTL: 6, CNTV_CVAL: 7, CNTV_TVAL: 8,
  CNTKCTL: 9,
} as const;
export type TimerRegId = (typeof TimerReg)[keyof typeof TimerReg];

const CTL_ENABLE = 1, CTL_IMASK = 2, CTL_ISTATUS = 4;
const TWO32 = 4294967296;

/** One EL1 timer (physical or virtual): CTL and CVAL plus its output line. */
export class Timer {
  ctl = 0;
  /** CVAL as a number: exact below 2^53, and anything above is "never" for our counter. */
  cval = 0;
  cvalLo = 0; cvalHi = 0;
  private ev: TimedEvent | null = null;

  constructor(private readonly clock: DeviceClock, private readonly line: IrqLine) {}

  istatus(): boolean { return this.clock.now() >= this.cval; }

  /** ISTATUS is UNKNOWN while ENABLE is 0 (D11.2.3); like QEMU we report 0 then. */
  ctlValue(): number { return (this.ctl & 3) | ((this.ctl & CTL_ENABLE) && this.istatus() ? CTL_ISTATUS : 0); }

  setCtl(v: number): void { this.ctl = v & 3; this.update(); }

  setCval(lo: number, hi: number): void {
    this.cvalLo = lo | 0; this.cvalHi = hi | 0;
    this.cval = (hi >>> 0) * TWO32 + (lo >>> 0);
    this.update();
  }

  /** TVAL write: CVAL = counter + sign-extended TVAL (D11.2.4). */
  setTval(v: number): void {
    const c = this.clock.now() + (v | 0);
    this.setCval(c >>> 0, Math.floor(c / TWO32));
  }

  /** TVAL read: (CVAL - counter) truncated to a signed 32-bit value. */
  tval(): number { return (this.cvalLo - (this.clock.now() >>> 0)) | 0; }

  /** Drive the output now and schedule the moment the condition becomes true. */
  update(): void {
    this.ev = cancel(this.ev);
    const on = (this.ctl & CTL_ENABLE) !== 0 && !(this.ctl & CTL_IMASK);
    this.line.set(on && this.istatus());
    if ((this.ctl & CTL_ENABLE) && !this.istatus() && this.cval < Number.MAX_SAFE_INTEGER) {
      this.ev = this.clock.at(this.cval, this.reached);
    }
  }

  private readonly reached = (): void => { this.ev = null; this.update(); };

  save(): TimerState {
    return { ctl: this.ctl, cvalLo: this.cvalLo, cvalHi: this.cvalHi, ev: pendingOf(this.ev), line: this.line.high };
  }

  /** Back to a save(), without re-evaluating the condition (the saved event and line level are the truth). */
  restore(s: TimerState): void {
    this.ctl = s.ctl; this.cvalLo = s.cvalLo | 0; this.cvalHi = s.cvalHi | 0;
    this.cval = (s.cvalHi >>> 0) * TWO32 + (s.cvalLo >>> 0);
    cancel(this.ev);
    this.ev = this.clock.adopt(s.ev, this.reached);
    this.line.set(s.line);
  }
}

export class GenericTimer {
  /** High word of the last 64-bit `read`. */
  hi = 0;
  private frq = NOMINAL_HZ;
  private kctl = 0;
  readonly phys: Timer;
  readonly virt: Timer;

  constructor(private readonly clock: DeviceClock, physLine: IrqLine, virtLine: IrqLine) {
    this.phys = new Timer(clock, physLine);
    this.virt = new Timer(clock, virtLine);
  }

  /** The system counter (CNTPCT_EL0 = CNTVCT_EL0 here). */
  counter(): number { return this.clock.now(); }

  /** MRS: the low word; the high word is left in `hi`. */
  read(reg: TimerRegId): number {
    let v = 0;
    switch (reg) {
      case TimerReg.CNTFRQ: v = this.frq; break;
      case TimerReg.CNTPCT: case TimerReg.CNTVCT: v = this.counter(); break;
      case TimerReg.CNTP_CTL: v = this.phys.ctlValue(); break;
      case TimerReg.CNTV_CTL: v = this.virt.ctlValue(); break;
      case TimerReg.CNTP_CVAL: this.hi = this.phys.cvalHi; return this.phys.cvalLo;
      case TimerReg.CNTV_CVAL: this.hi = this.virt.cvalHi; return this.virt.cvalLo;
      case TimerReg.CNTP_TVAL: v = this.phys.tval(); this.hi = v < 0 ? -1 : 0; return v; // sign-extended (D11.2.4)
      case TimerReg.CNTV_TVAL: v = this.virt.tval(); this.hi = v < 0 ? -1 : 0; return v;
      case TimerReg.CNTKCTL: v = this.kctl; break;
    }
    this.hi = Math.floor(v / TWO32) | 0;
    return v | 0;
  }

  /** MSR with the value as (lo, hi). Writes to the read-only counters are ignored (the CPU should UNDEF them). */
  write(reg: TimerRegId, lo: number, hi = 0): void {
    switch (reg) {
      case TimerReg.CNTFRQ: this.frq = lo >>> 0; break;
      case TimerReg.CNTP_CTL: this.phys.setCtl(lo); break;
      case TimerReg.CNTV_CTL: this.virt.setCtl(lo); break;
      case TimerReg.CNTP_CVAL: this.phys.setCval(lo, hi); break;
      case TimerReg.CNTV_CVAL: this.virt.setCval(lo, hi); break;
      case TimerReg.CNTP_TVAL: this.phys.setTval(lo); break;
      case TimerReg.CNTV_TVAL: this.virt.setTval(lo); break;
      case TimerReg.CNTKCTL: this.kctl = lo & 0x3ff; break;
    }
  }

  save(): GenericTimerState {
    return { hi: this.hi, frq: this.frq, kctl: this.kctl, phys: this.phys.save(), virt: this.virt.save() };
  }

  restore(s: GenericTimerState): void {
    this.hi = s.hi; this.frq = s.frq; this.kctl = s.kctl;
    this.phys.restore(s.phys); this.virt.restore(s.virt);
  }

  /** Warm reset: timers disabled (CTL.ENABLE resets to 0); CVAL is UNKNOWN, we use 0. */
  reset(): void {
    this.phys.setCtl(0); this.virt.setCtl(0);
    this.phys.setCval(0, 0); this.virt.setCval(0, 0);
    this.kctl = 0; this.frq = NOMINAL_HZ;
  }
}
