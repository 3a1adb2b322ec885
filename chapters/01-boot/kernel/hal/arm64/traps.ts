// Installing the AArch64 trap vectors. Where x86 has a table of 256 gates,
// AArch64 has one vector table of 16 entries (Arm ARM D1.10.2, "Exception
// vectors"): four groups of four, by where the exception came from
//
//   current EL with SP_EL0 | current EL with SP_ELx | lower EL, AArch64 | lower EL, AArch32
//
// and in each group one entry per type: synchronous (SVC, aborts,
// undefined instructions...), IRQ, FIQ, SError. VBAR_EL1 holds the table's
// address, which must be 2 KiB aligned (its low 11 bits are RES0). The CPU
// does the rest: on an exception to EL1 it saves the PC in ELR_EL1 and
// PSTATE in SPSR_EL1, writes the syndrome to ESR_EL1 (and the address to
// FAR_EL1 for an abort), masks interrupts, and jumps to VBAR_EL1 + offset.
//
// A user program's syscall (SVC) arrives at "lower EL, AArch64,
// synchronous" (el0t_64_sync), its interrupts at el0t_64_irq; while the
// kernel idles (WFI at EL1, SP_EL1) they arrive at el1h_64_irq. Every slot
// leads to the kernel's one event function: a slot that should never be
// used (el1t_*, el0t_32_*: the kernel never runs on SP_EL0 and never
// starts AArch32 programs) then becomes a kernel panic with a register dump,
// not a silent hang.

import type { KernelMode } from "../../../../../machine/kernel-mode";
import { VECTOR_SLOTS, type Arm64Sys, type VectorSlot } from "../../../../../machine/boards/arm64-kernel";
import type { KernelFn } from "../../../../../machine/kernel-mode";

type K = KernelMode<Arm64Sys>;

/** SCTLR_EL1 bits (Arm ARM D17.2.118): A (alignment check), nTWI/nTWE (EL0 may run WFI/WFE). */
const SCTLR_A = 1n << 1n, SCTLR_nTWI = 1n << 16n, SCTLR_nTWE = 1n << 18n;

// @snippet arm64-install-traps
export function installArm64Traps(k: K, onEvent: (k: KernelMode) => void, kva: (pa: number) => bigint): number[] {
  const handlers: Partial<Record<VectorSlot, KernelFn<Arm64Sys>>> = {};
  for (const slot of VECTOR_SLOTS) handlers[slot] = onEvent as KernelFn<Arm64Sys>;
  const table = k.sys.vectorTable(handlers);               // 16 slots of 0x80 bytes in the entry window
  const vbar = kva(table);
  if ((vbar & 0x7ffn) !== 0n) throw new Error(`vector table at ${vbar.toString(16)} is not 2 KiB aligned (VBAR_EL1 bits 10:0 are RES0)`);
  k.sys.write("VBAR_EL1", vbar);

  // The kernel's policy for user mode, in SCTLR_EL1: WFI and WFE from EL0 trap
  // to EL1 (nTWI = nTWE = 0: a program may not stop the CPU, as HLT is
  // privileged on x86), and no alignment checking beyond what the memory
  // type demands (A = 0). M is left as the boot step before found it.
  const sctlr = k.sys.read("SCTLR_EL1");
  k.sys.write("SCTLR_EL1", sctlr & ~(SCTLR_A | SCTLR_nTWI | SCTLR_nTWE));
  return [];                                                // no frames: the handlers are TypeScript, with no machine stack
}
// @end arm64-install-traps
