// A GICv2 interrupt controller, the subset one CPU needs, laid out as on
// QEMU's `virt` board: distributor at 0x08000000, CPU interface at
// 0x08010000. Arm "Generic Interrupt Controller Architecture Specification,
// version 2.0" (IHI 0048B): chapter 3 "Interrupt Handling and
// Prioritization", chapter 4 "Programmers' Model" (4.3 distributor, 4.4 CPU
// interface register descriptions).
//
// INTIDs: 0-15 SGIs, 16-31 PPIs (the generic timer: virtual 27, physical
// 30), 32+ SPIs (the PL011 is SPI 1 = INTID 33). Each interrupt is
// inactive, pending, active, or active-and-pending (3.2.4). A device line
// feeds `setLine(intid, level)`. For a level-sensitive interrupt the
// pending state follows the line (plus a software latch, ISPENDR); for an
// edge-triggered one a rising edge latches pending (ICFGR, 4.3.13).
//
// The CPU interface signals IRQ to the CPU (`pin`) when the highest-priority
// pending, enabled interrupt has priority below the priority mask (PMR) and
// higher than the running priority (3.3). The kernel then reads GICC_IAR
// (acknowledge: pending -> active, running priority rises), handles it,
// and writes GICC_EOIR (priority drop and deactivate). Lower priority
// *values* are more urgent.
//
// Implemented with 5 priority bits (bits 7:3; the low bits read as zero, as on
// GIC-400), no security extensions, no groups (everything is Group 0), no
// SGI generation (GICD_SGIR ignores writes), one CPU.

import type { MmioDevice } from "../core/physmem";
import { CpuIrqPin, type IrqController } from "./irq";

export const GICD_BASE = 0x08000000, GICC_BASE = 0x08010000;
export const SPURIOUS = 1023;
const PRIO_MASK = 0xf8;
/** GICD_IIDR / GICC_IIDR: implementer Arm (0x43B), as GIC-400 reports (r0p1 shown as GICv2). */
export const GICD_IIDR = 0x0200143b, GICC_IIDR = 0x0202143b;

/** Everything a snapshot needs (plain data). */
export interface GicState {
  enabled: number[]; latch: number[]; level: number[]; active: number[]; priority: number[]; edge: number[];
  distEnabled: boolean; cpuEnabled: boolean; pmr: number; bpr: number; activeStack: number[];
}

export class Gic implements IrqController {
  readonly lines: number;
  readonly enabled: Uint8Array;
  readonly latch: Uint8Array;      // edge latch / software pending (ISPENDR)
  readonly level: Uint8Array;      // the input line
  readonly active: Uint8Array;
  readonly priority: Uint8Array;
  readonly edge: Uint8Array;       // ICFGR: 1 = edge-triggered
  distEnabled = false;
  cpuEnabled = false;
  pmr = 0;
  bpr = 2;
  /** Priorities of acknowledged, not yet EOI'd interrupts, innermost last (running priority = last). */
  private readonly activeStack: number[] = [];
  readonly distributor: MmioDevice;
  readonly cpuInterface: MmioDevice;

  /** `lines` INTIDs (a multiple of 32, at most 1020). */
  constructor(readonly pin: CpuIrqPin, lines = 128) {
    if (lines % 32 !== 0 || lines < 32 || lines > 1020) throw new RangeError(`GIC lines ${lines} must be a multiple of 32 in 32..1020`);
    this.lines = lines;
    this.enabled = new Uint8Array(lines); this.latch = new Uint8Array(lines); this.level = new Uint8Array(lines);
    this.active = new Uint8Array(lines); this.priority = new Uint8Array(lines);
    this.edge = new Uint8Array(lines);
    this.distributor = new GicDistributor(this);
    this.cpuInterface = new GicCpuInterface(this);
    this.reset();
  }

  reset(): void {
    this.enabled.fill(0); this.latch.fill(0); this.level.fill(0); this.active.fill(0);
    this.priority.fill(0);
    this.edge.fill(0); this.edge.fill(1, 0, 16); // SGIs are always edge-triggered
    this.distEnabled = false; this.cpuEnabled = false; this.pmr = 0; this.bpr = 2;
    this.activeStack.length = 0;
    this.update();
  }

  save(): GicState {
    return {
      enabled: Array.from(this.enabled), latch: Array.from(this.latch), level: Array.from(this.level),
      active: Array.from(this.active), priority: Array.from(this.priority), edge: Array.from(this.edge),
      distEnabled: this.distEnabled, cpuEnabled: this.cpuEnabled, pmr: this.pmr, bpr: this.bpr,
      activeStack: this.activeStack.slice(),
    };
  }

  /** Back to a save(): every per-INTID flag, the input levels and the active priorities; the CPU pin follows. */
  restore(s: GicState): void {
    if (s.enabled.length !== this.lines) throw new RangeError(`GIC snapshot has ${s.enabled.length} lines, this GIC ${this.lines}`);
    this.enabled.set(s.enabled); this.latch.set(s.latch); this.level.set(s.level);
    this.active.set(s.active); this.priority.set(s.priority); this.edge.set(s.edge);
    this.distEnabled = s.distEnabled; this.cpuEnabled = s.cpuEnabled; this.pmr = s.pmr; this.bpr = s.bpr;
    this.activeStack.length = 0; this.activeStack.push(...s.activeStack);
    this.update();
  }

  /** A device drives INTID `n`. */
  setLine(n: number, level: boolean): void {
    if (n < 16 || n >= this.lines) return;
    const was = this.level[n];
    this.level[n] = level ? 1 : 0;
    if (level && !was && this.edge[n]) this.latch[n] = 1;
    this.update();
  }

  isPending(n: number): boolean {
    return this.latch[n] === 1 || (this.edge[n] === 0 && this.level[n] === 1);
  }

  /** Running priority (GICC_RPR): the priority of the innermost active interrupt, 0xFF when idle. */
  runningPriority(): number {
    const s = this.activeStack;
    return s.length ? s[s.length - 1] : 0xff;
  }

  /** Group priority: the priority with the BPR's subpriority bits cleared (3.3.3). */
  private group(p: number): number {
    return p & (0xfe << this.bpr) & 0xff;
  }

  /** The highest-priority pending, enabled, not active interrupt, or SPURIOUS (ties: lowest INTID). */
  highestPending(): number {
    if (!this.distEnabled) return SPURIOUS;
    let best = SPURIOUS, bp = 0x100;
    for (let n = 0; n < this.lines; n++) {
      if (this.enabled[n] && !this.active[n] && this.isPending(n) && this.priority[n] < bp) { best = n; bp = this.priority[n]; }
    }
    return best;
  }

  /** Would the CPU interface signal this interrupt now? (3.3: below PMR, preempts the running priority.) */
  private signals(n: number): boolean {
    if (n === SPURIOUS || !this.cpuEnabled) return false;
    const p = this.priority[n], s = this.activeStack;
    // Idle (nothing active): anything above the mask. Otherwise it must preempt: a higher group priority.
    return p < this.pmr && (s.length === 0 || this.group(p) < this.group(s[s.length - 1]));
  }

  update(): void { this.pin.set(this.signals(this.highestPending())); }

  /** GICC_IAR read (4.4.4): acknowledge the interrupt being signalled. */
  acknowledge(): number {
    const n = this.highestPending();
    if (!this.signals(n)) return SPURIOUS;
    this.active[n] = 1;
    this.latch[n] = 0;  // pending -> active; a level interrupt stays pending while its line is high
    this.activeStack.push(this.priority[n]);
    this.update();
    return n;
  }

  /** GICC_EOIR write (4.4.5): priority drop and deactivate. */
  endOfInterrupt(value: number): void {
    const n = value & 0x3ff;
    if (n >= this.lines || !this.active[n]) return; // unpredictable in the spec; we ignore it
    this.active[n] = 0;
    const i = this.activeStack.lastIndexOf(this.priority[n]);
    if (i >= 0) this.activeStack.splice(i, 1);
    this.update();
  }
}

/** Read a byte-per-interrupt register array (priorities) with a 1-, 2- or 4-byte access. */
function bytesRead(a: Uint8Array, first: number, size: number): number {
  let v = 0;
  for (let k = size - 1; k >= 0; k--) v = (v << 8) | (first + k < a.length ? a[first + k] : 0);
  return v;
}

/** The distributor registers (4.3, Table 4-1). */
class GicDistributor implements MmioDevice {
  readonly name = "gic-distributor";
  constructor(private readonly g: Gic) {}

  read(off: number, size: number): number {
    const g = this.g;
    if (off === 0x000) return g.distEnabled ? 1 : 0;
    if (off === 0x004) return (g.lines / 32 - 1);       // TYPER: ITLinesNumber; CPUNumber 0; no security extensions
    if (off === 0x008) return GICD_IIDR;
    if (off >= 0x100 && off < 0x200) return this.bits(off & 0x7f, (n) => g.enabled[n]);
    if (off >= 0x200 && off < 0x300) return this.bits(off & 0x7f, (n) => (g.isPending(n) ? 1 : 0));
    if (off >= 0x300 && off < 0x400) return this.bits(off & 0x7f, (n) => g.active[n]);
    if (off >= 0x400 && off < 0x800) return bytesRead(g.priority, off - 0x400, size);
    // ITARGETSR (0x800-0xBFC): RAZ/WI on a uniprocessor GIC (4.3.12): everything goes to the one CPU.
    if (off >= 0xc00 && off < 0xd00) return this.cfg((off - 0xc00) >> 2);
    if (off === 0xfe8) return 0x2b;                      // ICPIDR2: ArchRev 2 (GICv2)
    return 0;
  }

  write(off: number, size: number, v: number): void {
    const g = this.g;
    if (off === 0x000) g.distEnabled = (v & 1) !== 0;
    else if (off >= 0x100 && off < 0x180) this.setBits(off - 0x100, v, g.enabled, 1);
    else if (off >= 0x180 && off < 0x200) this.setBits(off - 0x180, v, g.enabled, 0);
    else if (off >= 0x200 && off < 0x280) this.setBits(off - 0x200, v, g.latch, 1, 16); // SGI pending is via SGIR
    else if (off >= 0x280 && off < 0x300) this.setBits(off - 0x280, v, g.latch, 0, 16);
    else if (off >= 0x300 && off < 0x380) this.setBits(off - 0x300, v, g.active, 1);
    else if (off >= 0x380 && off < 0x400) this.setBits(off - 0x380, v, g.active, 0);
    else if (off >= 0x400 && off < 0x800) this.setBytes(g.priority, off - 0x400, size, v, PRIO_MASK, 0);
    else if (off >= 0xc00 && off < 0xd00) this.setCfg((off - 0xc00) >> 2, v);
    g.update();
  }

  /** One bit per interrupt: the 32 interrupts of word off/4. */
  private bits(off: number, get: (n: number) => number): number {
    const base = (off >> 2) * 32;
    let v = 0;
    for (let i = 0; i < 32 && base + i < this.g.lines; i++) if (get(base + i)) v |= 1 << i;
    return v;
  }

  /** Set-/clear-enable style: each 1 bit sets (or clears) that interrupt's flag; 0 bits do nothing. */
  private setBits(off: number, v: number, a: Uint8Array, to: number, from = 0): void {
    const base = (off >> 2) * 32;
    for (let i = 0; i < 32; i++) {
      const n = base + i;
      if (n >= from && n < this.g.lines && (v >>> i) & 1) a[n] = to;
    }
  }

  private setBytes(a: Uint8Array, first: number, size: number, v: number, mask: number, from: number): void {
    for (let k = 0; k < size; k++) {
      const n = first + k;
      if (n >= from && n < a.length) a[n] = (v >>> (8 * k)) & mask;
    }
  }

  /** ICFGR word i: two bits per interrupt, bit 1 of each pair = edge-triggered. */
  private cfg(i: number): number {
    let v = 0;
    for (let k = 0; k < 16; k++) {
      const n = i * 16 + k;
      if (n < this.g.lines && this.g.edge[n]) v |= 2 << (2 * k);
    }
    return v;
  }

  private setCfg(i: number, v: number): void {
    if (i < 2) return; // SGIs read-only; PPIs fixed (implementation defined, ours: level)
    for (let k = 0; k < 16; k++) {
      const n = i * 16 + k;
      if (n < this.g.lines) this.g.edge[n] = (v >>> (2 * k + 1)) & 1;
    }
  }
}

/** The CPU interface registers (4.4, Table 4-2). */
class GicCpuInterface implements MmioDevice {
  readonly name = "gic-cpu";
  constructor(private readonly g: Gic) {}

  read(off: number, _size: number): number {
    const g = this.g;
    switch (off) {
      case 0x00: return g.cpuEnabled ? 1 : 0;
      case 0x04: return g.pmr;
      case 0x08: return g.bpr;
      case 0x0c: return g.acknowledge();
      case 0x14: return g.runningPriority();
      case 0x18: return g.highestPending();
      case 0xfc: return GICC_IIDR;
      default: return 0;
    }
  }

  write(off: number, _size: number, v: number): void {
    const g = this.g;
    switch (off) {
      case 0x00: g.cpuEnabled = (v & 1) !== 0; break;
      case 0x04: g.pmr = v & PRIO_MASK; break;
      case 0x08: g.bpr = Math.max(v & 7, 2); break; // minimum binary point with 5 priority bits is 2
      case 0x10: g.endOfInterrupt(v); return;
      default: return;
    }
    g.update();
  }
}
