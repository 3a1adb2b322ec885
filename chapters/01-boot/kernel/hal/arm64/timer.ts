// The Arm generic timer (Arm ARM D11, "The Generic Timer in AArch64
// state"), virtual timer: CNTV_TVAL_EL0 is "interrupt this many counts from
// now" (D11.2.4, the counter here counts virtual ticks), CNTV_CTL_EL0
// enables it (bit 0 ENABLE, bit 1 IMASK, bit 2 ISTATUS read-only).
//
// Its interrupt output is a *level*: it stays asserted while the counter is
// past the compare value and the timer is enabled. The HAL promises a
// one-shot timer, so when it fires the HAL switches it off (timerFired);
// otherwise the GIC would see the line still high after EOI and deliver it
// again at once, forever.

import type { KernelMode } from "../../../../../machine/kernel-mode";
import type { Arm64Sys } from "../../../../../machine/boards/arm64-kernel";

const CTL_ENABLE = 1n;
/** TVAL is a signed 32-bit count (D11.2.4). */
const TVAL_MAX = 0x7fffffff;

type K = KernelMode<Arm64Sys>;

// @snippet arm64-set-timer
export function setTimerArm(k: K, ticks: number): void {
  if (ticks <= 0) { k.sys.write("CNTV_CTL_EL0", 0n); return; }
  k.sys.write("CNTV_TVAL_EL0", BigInt(Math.min(Math.ceil(ticks), TVAL_MAX)));   // CVAL = counter + TVAL
  k.sys.write("CNTV_CTL_EL0", CTL_ENABLE);                 // enabled, not masked
}
// @end arm64-set-timer

/** The timer's interrupt was taken: disable it so its level drops (one-shot). */
export function timerFired(k: K): void {
  k.sys.write("CNTV_CTL_EL0", 0n);
}
