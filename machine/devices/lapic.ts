// The x86 local APIC (xAPIC mode), one per CPU, at physical 0xFEE00000.
// Intel SDM Vol. 3A chapter 11 "Advanced Programmable Interrupt Controller
// (APIC)": Table 11-1 "Local APIC Register Address Map", 11.4.6 (ID),
// 11.4.8 (version), 11.5.1 (LVT), 11.5.4 (timer), 11.5.4.1 (TSC-deadline),
// 11.8.3-11.8.5 (IRR/ISR/TMR, TPR/PPR, EOI), 11.9 (spurious interrupt).
//
// What it does here: it collects interrupts (from its own timer and from the
// IOAPIC) in the IRR, decides whether the highest one may interrupt the CPU
// now (its priority class beats the processor priority, PPR), and drives the
// CPU's `CpuIrqPin`. When the CPU takes the interrupt it calls
// `acknowledge()` — the INTA cycle — which moves the vector from IRR to ISR.
// The kernel's write to EOI retires the highest ISR vector.
//
// The timer counts the bus clock divided by the Divide Configuration
// Register. Our bus clock is virtual time: one tick per retired instruction.
// So a one-shot with initial count N and divide-by D fires N*D ticks after
// the write to the initial-count register, and CCR reads N - floor(elapsed/D).
// The TSC is virtual time too (one TSC tick per instruction).
//
// Left out (one CPU, no SMP yet): ICR/IPIs, logical destinations, LINT0/1,
// thermal/perf/CMCI sources (their LVT registers are plain storage), x2APIC.

import type { MmioDevice } from "../core/physmem";
import type { TimedEvent } from "../core/clock";
import { CpuIrqPin } from "./irq";
import { DeviceClock, cancel, pendingOf, type PendingEvent } from "./time";

export const LAPIC_BASE = 0xfee00000;
/** Version register (11.4.8): version 0x14 (integrated xAPIC), Max LVT Entry 5 (six LVT entries). */
export const LAPIC_VERSION = 0x00050014;
export const LVT_MASKED = 1 << 16;
export const TIMER_ONESHOT = 0, TIMER_PERIODIC = 1, TIMER_TSC_DEADLINE = 2;
const SVR_ENABLE = 1 << 8;

/** LVT registers by offset: timer 0x320, thermal 0x330, perf 0x340, LINT0 0x350, LINT1 0x360, error 0x370; CMCI 0x2F0. */
const LVT_OFFSETS = [0x2f0, 0x320, 0x330, 0x340, 0x350, 0x360, 0x370];

/** Divide Configuration Register (Figure 11-10): bits 3,1:0 -> divisor. */
function divisorOf(dcr: number): number {
  const code = ((dcr >> 1) & 4) | (dcr & 3);
  return code === 7 ? 1 : 2 << code;
}

/** Everything a snapshot needs (plain data). */
export interface LocalApicState {
  id: number; tpr: number; svr: number; ldr: number; dfr: number; esr: number; dcr: number; initial: number;
  lvt: [number, number][]; irr: number[]; isr: number[]; tmr: number[];
  start: number; div: number; counting: boolean; deadline: number; expiry: PendingEvent | null;
}

export class LocalApic implements MmioDevice {
  readonly name = "lapic";
  private id = 0; private tpr = 0; private svr = 0xff; private ldr = 0; private dfr = -1;
  private esr = 0; private dcr = 0; private initial = 0;
  private readonly lvt = new Map<number, number>();
  /** IRR, ISR, TMR: 256 bits each as eight 32-bit words (11.8.4). */
  readonly irr = new Uint32Array(8);
  readonly isr = new Uint32Array(8);
  readonly tmr = new Uint32Array(8);
  /** Called on EOI of a level-triggered vector (TMR set): the IOAPIC's EOI broadcast. */
  onLevelEoi: ((vector: number) => void) | null = null;

  // Timer state in virtual ticks.
  private start = 0;          // when the current count period began
  private div = 2;            // divisor latched when counting started
  private counting = false;
  private deadline = 0;       // IA32_TSC_DEADLINE, 0 = disarmed
  private expiry: TimedEvent | null = null;

  constructor(private readonly clock: DeviceClock, readonly pin: CpuIrqPin, apicId = 0) {
    this.id = apicId;
    this.reset();
  }

  /** Power-up / INIT state (11.4.7.1): LVTs masked, SVR 0xFF (APIC software-disabled). */
  reset(): void {
    this.tpr = 0; this.svr = 0xff; this.ldr = 0; this.dfr = -1; this.esr = 0; this.dcr = 0;
    this.initial = 0; this.counting = false; this.deadline = 0; this.expiry = cancel(this.expiry);
    for (const o of LVT_OFFSETS) this.lvt.set(o, LVT_MASKED);
    this.irr.fill(0); this.isr.fill(0); this.tmr.fill(0);
    this.update();
  }

  get softwareEnabled(): boolean { return (this.svr & SVR_ENABLE) !== 0; }

  read(offset: number, _size: number): number {
    const reg = offset & 0xff0;
    if (reg >= 0x100 && reg < 0x280) return this.bitmap(reg) | 0;
    switch (reg) {
      case 0x020: return this.id << 24;
      case 0x030: return LAPIC_VERSION;
      case 0x080: return this.tpr;
      case 0x0a0: return this.ppr();
      case 0x0d0: return this.ldr;
      case 0x0e0: return this.dfr;
      case 0x0f0: return this.svr;
      case 0x280: return this.esr;
      case 0x380: return this.initial | 0;
      case 0x390: return this.currentCount() | 0;
      case 0x3e0: return this.dcr;
    }
    const l = this.lvt.get(reg);
    return l === undefined ? 0 : l;
  }

  write(offset: number, _size: number, value: number): void {
    const reg = offset & 0xff0;
    switch (reg) {
      case 0x020: this.id = value >>> 24; return;
      case 0x080: this.tpr = value & 0xff; this.update(); return;
      case 0x0b0: this.eoi(); return;
      case 0x0d0: this.ldr = value & 0xff000000; return;
      case 0x0e0: this.dfr = value | 0x0fffffff; return;
      case 0x0f0: this.writeSvr(value); return;
      case 0x280: this.esr = 0; return;  // a write clears the error status (11.5.3)
      case 0x380: this.writeInitial(value >>> 0); return;
      case 0x3e0: this.dcr = value & 0xb; return;
    }
    if (this.lvt.has(reg)) this.writeLvt(reg, value);
  }

  // ---- Accepting and delivering interrupts ----

  /** An interrupt message arrives (from the IOAPIC or the timer): set its IRR bit (11.8.4). */
  accept(vector: number, level = false): void {
    vector &= 0xff;
    if (vector < 16) { this.esr |= 0x40; return; } // "received illegal vector"
    const w = vector >> 5, b = 1 << (vector & 31);
    this.irr[w] |= b;
    if (level) this.tmr[w] |= b; else this.tmr[w] &= ~b;
    this.update();
  }

  /**
   * INTA: the CPU takes the interrupt. Returns the highest IRR vector and
   * moves it to ISR; if nothing may be delivered, the spurious vector (SVR
   * bits 7:0; 11.9) with nothing moved.
   */
  acknowledge(): number {
    const v = this.deliverable();
    if (v < 0) return this.svr & 0xff;
    this.irr[v >> 5] &= ~(1 << (v & 31));
    this.isr[v >> 5] |= 1 << (v & 31);
    this.update();
    return v;
  }

  /** EOI (11.8.5): retire the highest in-service vector; broadcast if it was level-triggered. */
  private eoi(): void {
    const v = highest(this.isr);
    if (v < 0) return;
    this.isr[v >> 5] &= ~(1 << (v & 31));
    const level = (this.tmr[v >> 5] & (1 << (v & 31))) !== 0;
    this.update();
    if (level && this.onLevelEoi !== null) this.onLevelEoi(v);
  }

  /** PPR (11.8.3.1): TPR if its class is at least the highest in-service class, else that class. */
  ppr(): number {
    const isrv = Math.max(highest(this.isr), 0);
    return (this.tpr >> 4) >= (isrv >> 4) ? this.tpr : isrv & 0xf0;
  }

  /** The vector the CPU would get now, or -1: highest IRR whose class beats PPR's class. */
  private deliverable(): number {
    if (!this.softwareEnabled) return -1;
    const v = highest(this.irr);
    return v >= 0 && (v >> 4) > (this.ppr() >> 4) ? v : -1;
  }

  private update(): void { this.pin.set(this.deliverable() >= 0); }

  private bitmap(reg: number): number {
    const w = (reg & 0x70) >> 4;
    return reg < 0x180 ? this.isr[w] : reg < 0x200 ? this.tmr[w] : this.irr[w];
  }

  private writeSvr(v: number): void {
    this.svr = v & 0x3ff;
    // Software-disabled: every LVT mask is forced set (11.4.7.2).
    if (!this.softwareEnabled) for (const o of LVT_OFFSETS) this.lvt.set(o, this.lvt.get(o)! | LVT_MASKED);
    this.update();
  }

  private writeLvt(reg: number, v: number): void {
    // Writable bits (Figure 11-8): vector 7:0 and mask 16 everywhere; timer mode 18:17 on the timer;
    // delivery mode 10:8 on CMCI/thermal/perf/LINT; polarity 13 and trigger 15 on LINT0/1.
    let keep = reg === 0x320 ? 0x700ff : reg === 0x370 ? 0x100ff : 0x107ff;
    if (reg === 0x350 || reg === 0x360) keep |= 0xa000;
    v &= keep;
    if (!this.softwareEnabled) v |= LVT_MASKED;
    const oldMode = this.timerMode();
    this.lvt.set(reg, v);
    const newMode = this.timerMode();
    if (reg === 0x320 && newMode !== oldMode && (oldMode === TIMER_TSC_DEADLINE || newMode === TIMER_TSC_DEADLINE)) {
      // Moving into or out of TSC-deadline mode disarms the timer (11.5.4.1);
      // one-shot <-> periodic keeps counting and takes effect at the next expiry.
      this.counting = false; this.initial = 0; this.deadline = 0; this.expiry = cancel(this.expiry);
    }
  }

  // ---- The timer (11.5.4) ----

  private timerMode(): number { return (this.lvt.get(0x320)! >> 17) & 3; }

  private writeInitial(n: number): void {
    if (this.timerMode() === TIMER_TSC_DEADLINE) return; // ignored in TSC-deadline mode
    this.initial = n;
    this.expiry = cancel(this.expiry);
    this.counting = n !== 0;  // writing 0 stops the timer
    if (!this.counting) return;
    this.start = this.clock.now();
    this.div = divisorOf(this.dcr);
    this.arm();
  }

  private arm(): void {
    this.expiry = this.clock.at(this.start + this.initial * this.div, this.expire);
  }

  private readonly expire = (): void => {
    this.expiry = null;
    this.fireTimer();
    if (this.timerMode() === TIMER_PERIODIC && this.counting) {
      this.start += this.initial * this.div;  // periods stay exact: no drift from late handling
      this.arm();
    } else {
      this.counting = false;
    }
  };

  private fireTimer(): void {
    const l = this.lvt.get(0x320)!;
    if (!(l & LVT_MASKED)) this.accept(l & 0xff);
  }

  /** CCR (0x390): counts down from the initial count at bus clock / divisor; 0 when stopped. */
  currentCount(): number {
    if (!this.counting) return 0;
    const elapsed = Math.floor((this.clock.now() - this.start) / this.div);
    const n = this.initial - elapsed;
    return n > 0 ? n : 0;
  }

  // ---- TSC and IA32_TSC_DEADLINE (MSR 0x6E0), for the CPU's RDTSC / RDMSR / WRMSR ----

  // ---- Snapshots ----

  save(): LocalApicState {
    return {
      id: this.id, tpr: this.tpr, svr: this.svr, ldr: this.ldr, dfr: this.dfr, esr: this.esr, dcr: this.dcr,
      initial: this.initial, lvt: [...this.lvt.entries()],
      irr: Array.from(this.irr), isr: Array.from(this.isr), tmr: Array.from(this.tmr),
      start: this.start, div: this.div, counting: this.counting, deadline: this.deadline, expiry: pendingOf(this.expiry),
    };
  }

  /** Back to a save(), timer event included; the CPU's interrupt pin follows. */
  restore(s: LocalApicState): void {
    this.id = s.id; this.tpr = s.tpr; this.svr = s.svr; this.ldr = s.ldr; this.dfr = s.dfr; this.esr = s.esr;
    this.dcr = s.dcr; this.initial = s.initial;
    this.lvt.clear(); for (const [k, v] of s.lvt) this.lvt.set(k, v);
    this.irr.set(s.irr); this.isr.set(s.isr); this.tmr.set(s.tmr);
    this.start = s.start; this.div = s.div; this.counting = s.counting; this.deadline = s.deadline;
    cancel(this.expiry);
    this.expiry = this.clock.adopt(s.expiry, this.timerMode() === TIMER_TSC_DEADLINE ? this.deadlineReached : this.expire);
    this.update();
  }

  /** The time-stamp counter: virtual time. */
  tsc(): number { return this.clock.now(); }

  /** WRMSR IA32_TSC_DEADLINE: arm (in TSC-deadline mode) for TSC >= value; 0 disarms. */
  writeTscDeadline(value: number): void {
    if (this.timerMode() !== TIMER_TSC_DEADLINE) return;
    this.deadline = value;
    this.expiry = cancel(this.expiry);
    if (value === 0) return;
    this.expiry = this.clock.at(value, this.deadlineReached);
  }

  private readonly deadlineReached = (): void => { this.expiry = null; this.deadline = 0; this.fireTimer(); };

  /** RDMSR IA32_TSC_DEADLINE: 0 once it fired or when disarmed. */
  readTscDeadline(): number { return this.deadline; }
}

/** Highest set bit in a 256-bit map, or -1. */
function highest(map: Uint32Array): number {
  for (let w = 7; w >= 0; w--) if (map[w] !== 0) return (w << 5) + 31 - Math.clz32(map[w]);
  return -1;
}
