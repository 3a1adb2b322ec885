// Turning the MMU on and switching address spaces on AArch64 (Arm ARM D8
// "The AArch64 Virtual Memory System Architecture", D19 for the registers).
//
// Two tables at once: TTBR1_EL1 translates the upper half (addresses
// starting 0xffff...: the kernel), TTBR0_EL1 the lower half (the running
// process). TCR_EL1 says how big each half is and the granule; MAIR_EL1
// lists the memory types a descriptor's AttrIndx picks from.

import type { KernelMode } from "../../../../../machine/kernel-mode";
import type { Arm64Sys } from "../../../../../machine/boards/arm64-kernel";
import type { MmuHal } from "../mmu";
import { armFormat } from "./pte";

const sys = (k: KernelMode): Arm64Sys => (k as KernelMode<Arm64Sys>).sys;

// @snippet arm-paging-on
/** MAIR_EL1 byte 0: normal memory, write-back; byte 1: device-nGnRnE (0x00). */
const MAIR = 0xffn;
/**
 * TCR_EL1: T0SZ = T1SZ = 16 (48-bit halves), TG0 = 00 and TG1 = 10 (4 KiB granule both),
 * walks cacheable (IRGN/ORGN = 01) and inner shareable (SH = 11), IPS = 010 (40-bit
 * physical addresses), A1 = 0 (the ASID comes from TTBR0), AS = 0 (8-bit ASIDs).
 */
const TCR = 16n | (1n << 8n) | (1n << 10n) | (3n << 12n) | (16n << 16n) | (1n << 24n) | (1n << 26n) | (3n << 28n) |
  (2n << 30n) | (2n << 32n);
const SCTLR_M = 1n, SCTLR_WXN = 1n << 19n;

function enable(k: KernelMode, kernelRoot: number, emptyRoot: number): void {
  const s = sys(k);
  s.write("MAIR_EL1", MAIR);
  s.write("TCR_EL1", TCR);
  s.write("TTBR1_EL1", BigInt(kernelRoot));
  s.write("TTBR0_EL1", BigInt(emptyRoot));                           // no process yet: ASID 0, nothing mapped
  s.tlbi("VMALLE1");                                                  // nothing stale from before
  s.write("SCTLR_EL1", s.read("SCTLR_EL1") | SCTLR_M | SCTLR_WXN);   // WXN: writable is never executable
}
// @end arm-paging-on

export const armMmu: MmuHal = {
  fmt: armFormat,
  directBase: 0xffff000000000000n,
  window: { pa: 0x0f000000, size: 0x10000 },
  maxAsid: 255,
  initUserRoot() { /* TTBR0's table holds only the process's own half: nothing to copy */ },
  enable,
  activate(k, root, asid) {
    sys(k).write("TTBR0_EL1", BigInt(root) | (BigInt(asid) << 48n));  // entries stay tagged with their ASID: no flush
  },
};
