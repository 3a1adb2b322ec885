// Turning paging on and switching address spaces on x86_64 (Intel SDM Vol.
// 3A 4.1 "Paging modes and control bits", 4.10.1 "PCIDs").
//
// The order matters: CR3 must point at valid tables before CR0.PG is set,
// and CR4.PCIDE may only be set while CR3[11:0] is 0. The CPU already runs
// in long mode with paging off (EFER.LME set by the firmware), so setting
// CR0.PG turns on 4-level paging at once.

import type { KernelMode } from "../../../../../machine/kernel-mode";
import type { X86Sys } from "../../../../../machine/boards/x86_64-kernel";
import { MSR } from "../../../../01-boot/kernel/hal/x86_64/traps";
import type { MmuHal } from "../mmu";
import { x86Format } from "./pte";

const CR0_WP = 1n << 16n, CR0_PG = 1n << 31n;
const CR4_PAE = 1n << 5n, CR4_PGE = 1n << 7n, CR4_PCIDE = 1n << 17n;
const EFER_NXE = 1n << 11n;
/** MOV to CR3 with bit 63 set keeps the TLB entries of the new PCID (SDM 4.10.4.1). */
const CR3_NOFLUSH = 1n << 63n;

const sys = (k: KernelMode): X86Sys => (k as KernelMode<X86Sys>).sys;

// @snippet x86-paging-on
function enable(k: KernelMode, kernelRoot: number): void {
  const s = sys(k);
  s.writeCr(3, BigInt(kernelRoot));                                  // PCID 0: the kernel's own
  s.writeCr(4, s.readCr(4) | CR4_PAE | CR4_PGE);                     // PGE: G entries survive CR3 loads
  s.wrmsr(MSR.EFER, s.rdmsr(MSR.EFER) | EFER_NXE);                   // without NXE, bit 63 is reserved
  s.writeCr(0, s.readCr(0) | CR0_PG | CR0_WP);                       // WP: read-only means read-only for the kernel too
  s.writeCr(4, s.readCr(4) | CR4_PCIDE);                             // tag TLB entries with CR3[11:0]
}
// @end x86-paging-on

export const x86Mmu: MmuHal = {
  fmt: x86Format,
  directBase: 0xffff800000000000n,
  window: { pa: 0xfed00000, size: 0x10000 },
  maxAsid: 4095,
  initUserRoot(k, root, kernelRoot) {
    for (let i = 256; i < 512; i++) k.write(root + 8 * i, 8, k.read(kernelRoot + 8 * i, 8));   // the shared kernel half
  },
  enable: (k, kernelRoot) => enable(k, kernelRoot),
  activate(k, root, asid) {
    sys(k).writeCr(3, BigInt(root) | BigInt(asid) | CR3_NOFLUSH);
  },
};
