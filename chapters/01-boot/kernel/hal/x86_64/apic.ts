// The PC's interrupt controllers: the local APIC in the CPU (its timer,
// end-of-interrupt) and the I/O APIC that turns device pins into vectors.
// Intel SDM Vol. 3A chapter 11; 82093AA I/O APIC datasheet section 3.

import type { KernelMode } from "../../../../../machine/kernel-mode";
import type { DeviceInfo } from "../../bootinfo/bootinfo";
import type { IrqSource } from "../../kernel";

export const LAPIC = 0xfee00000, IOAPIC = 0xfec00000;
/** Vectors: 0-31 are the CPU's exceptions; interrupts start at 32 (SDM Table 6-1). */
export const VEC = { timer: 32, uart: 33, spurious: 0xff } as const;
/** Local APIC registers (SDM Table 11-1). */
const REG = { tpr: 0x80, eoi: 0xb0, svr: 0xf0, lvtTimer: 0x320, initial: 0x380, divide: 0x3e0 } as const;

const lapicWrite = (k: KernelMode, reg: number, v: number) => k.write(LAPIC + reg, 4, BigInt(v >>> 0));

// @snippet x86-apic-init
/** Enable the local APIC and route the UART's I/O APIC pin to VEC.uart (edge, active high, fixed, CPU 0). */
export function initApics(k: KernelMode, uart: DeviceInfo): void {
  lapicWrite(k, REG.svr, 0x100 | VEC.spurious);            // SVR bit 8: APIC software-enabled; spurious vector 0xFF
  lapicWrite(k, REG.tpr, 0);                                // accept every priority class
  lapicWrite(k, REG.lvtTimer, 1 << 16);                    // timer masked until setTimer arms it
  const entry = 0x10 + 2 * uart.irq;                        // redirection entry n: registers 0x10+2n (low), 0x11+2n (high)
  k.write(IOAPIC, 4, BigInt(entry + 1)); k.write(IOAPIC + 0x10, 4, 0n);            // destination: APIC 0
  k.write(IOAPIC, 4, BigInt(entry));     k.write(IOAPIC + 0x10, 4, BigInt(VEC.uart)); // unmasked, edge, vector
}
// @end x86-apic-init

/** Which device: the vector the CPU was entered with (the LAPIC gave it at the INTA cycle). */
export function irqSourceOf(vector: number): IrqSource {
  if (vector === VEC.timer) return "timer";
  if (vector === VEC.uart) return "uart";
  if (vector === VEC.spurious) return "spurious";
  return { other: vector };
}

/** EOI (11.8.5): any write retires the highest in-service vector. A spurious interrupt is never in service: no EOI. */
export function endIrqX86(k: KernelMode, source: IrqSource): void {
  if (source !== "spurious") lapicWrite(k, REG.eoi, 0);
}

/** One-shot timer (11.5.4): divide by 1, vector VEC.timer, interrupt after `ticks` bus clocks (virtual ticks here). */
export function setTimerX86(k: KernelMode, ticks: number): void {
  if (ticks <= 0) { lapicWrite(k, REG.initial, 0); lapicWrite(k, REG.lvtTimer, 1 << 16); return; }
  lapicWrite(k, REG.divide, 0xb);                           // 0b1011: divide by 1
  lapicWrite(k, REG.lvtTimer, VEC.timer);                   // one-shot (mode 00), unmasked
  lapicWrite(k, REG.initial, Math.min(ticks, 0xffffffff));
}
