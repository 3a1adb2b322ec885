// The GICv2 interrupt controller (Arm IHI 0048B, "GIC Architecture
// Specification v2.0"): a distributor that decides which interrupts exist,
// how urgent each is and which CPU gets it (4.3), and a CPU interface that
// signals the CPU and takes the acknowledge and end-of-interrupt (4.4).
// INTIDs 16-31 are private to a CPU (PPIs: the timers), 32 and up are
// shared peripherals (SPIs: the UART).

import type { KernelMode } from "../../../../../machine/kernel-mode";
import type { Arm64Devices } from "./devices";

/** Distributor registers (Table 4-1). */
const GICD = { CTLR: 0x000, ISENABLER: 0x100, IPRIORITYR: 0x400, ITARGETSR: 0x800, ICFGR: 0xc00 } as const;
/** CPU interface registers (Table 4-2). */
const GICC = { CTLR: 0x00, PMR: 0x04, IAR: 0x0c, EOIR: 0x10 } as const;
/** INTID the IAR returns when nothing is pending (3.2.5). */
export const SPURIOUS = 1023;
/** Our interrupts' priority: lower values are more urgent; anything below the mask (PMR) is signalled. */
const PRIORITY = 0xa0, PRIORITY_MASK = 0xf0;

const w32 = (k: KernelMode, pa: number, v: number) => k.write(pa, 4, BigInt(v >>> 0));
const r32 = (k: KernelMode, pa: number) => Number(k.read(pa, 4));

// @snippet arm64-gic-init
/** Enable `intids` at one priority, routed to CPU 0; the UART's SPI level-sensitive (its line stays high while it wants service). */
export function initGic(k: KernelMode, d: Arm64Devices, intids: number[]): void {
  w32(k, d.gicd + GICD.CTLR, 0);                            // distributor off while we change it (4.3.1)
  for (const n of intids) {
    k.write(d.gicd + GICD.IPRIORITYR + n, 1, BigInt(PRIORITY));   // one byte per INTID (4.3.11)
    if (n >= 32) {
      k.write(d.gicd + GICD.ITARGETSR + n, 1, 1n);          // CPU 0 (4.3.12; read-only for PPIs, RAZ/WI on one CPU)
      const cfg = d.gicd + GICD.ICFGR + 4 * (n >> 4), bit = 2 * (n & 15) + 1;
      w32(k, cfg, r32(k, cfg) & ~(1 << bit));                 // Int_config 0: level-sensitive (4.3.13)
    }
    w32(k, d.gicd + GICD.ISENABLER + 4 * (n >> 5), 1 << (n & 31));  // write-1-to-set: other bits untouched (4.3.5)
  }
  w32(k, d.gicd + GICD.CTLR, 1);                            // forward pending interrupts to the CPU interfaces
  w32(k, d.gicc + GICC.PMR, PRIORITY_MASK);                 // accept priorities below 0xF0 (4.4.2)
  w32(k, d.gicc + GICC.CTLR, 1);                            // signal IRQ to the CPU (4.4.1)
}
// @end arm64-gic-init

/** Acknowledge (4.4.4): the INTID of the highest-priority pending interrupt, now active; 1023 if none. */
export const gicAcknowledge = (k: KernelMode, d: Arm64Devices): number => r32(k, d.gicc + GICC.IAR) & 0x3ff;

/** End of interrupt (4.4.5): drop the running priority and deactivate. A spurious INTID was never active: no EOI. */
export function gicEnd(k: KernelMode, d: Arm64Devices, intid: number): void {
  if (intid !== SPURIOUS) w32(k, d.gicc + GICC.EOIR, intid);
}
