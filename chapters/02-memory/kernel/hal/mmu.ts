// What chapter 02 needs from each architecture to turn paging on and switch
// address spaces: the entry format, where the kernel half lives, and the
// control registers. The implementations are hal/x86_64/mmu.ts and
// hal/arm64/mmu.ts; everything else in this chapter is arch-neutral.

import type { Arch } from "../../../../machine/core/cpu";
import type { KernelMode } from "../../../../machine/kernel-mode";
import type { PteFormat } from "../pte-format";
import { x86Mmu } from "./x86_64/mmu";
import { armMmu } from "./arm64/mmu";

export interface MmuHal {
  fmt: PteFormat;
  /** Virtual address of physical 0 in the kernel's direct map. */
  directBase: bigint;
  /** The board's kernel entry window (physical). */
  window: { pa: number; size: number };
  /** ASIDs/PCIDs run 1..maxAsid (0 is the kernel's own). */
  maxAsid: number;
  /** Make a fresh (zeroed) root table a process's: x86_64 copies the kernel half's PML4 entries into it. */
  initUserRoot(k: KernelMode, root: number, kernelRoot: number): void;
  /** Turn paging on with the kernel half at `kernelRoot`; `emptyRoot` is an all-invalid table for "no process". */
  enable(k: KernelMode, kernelRoot: number, emptyRoot: number): void;
  /** Make `root` (with its ASID) the user half the CPU translates through. */
  activate(k: KernelMode, root: number, asid: number): void;
}

export const mmuFor = (arch: Arch): MmuHal => (arch === "x86_64" ? x86Mmu : armMmu);
