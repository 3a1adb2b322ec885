// The system registers the kernel debugger shows beside the general ones:
// the ones that say which address space is live and why the kernel was
// last entered. Read from the board's system state (never written).
//   x86_64 (SDM Vol. 3A 2.5, 4.1.1): CR0, CR2 (last #PF address), CR3
//   (page-table root and PCID), CR4, EFER, and the privilege level in CS.
//   AArch64 (Arm ARM D17.2): TTBR0/1_EL1 (roots, ASID in 63:48), TCR,
//   SCTLR, VBAR, and the exception registers ELR, SPSR, ESR, FAR.

import { PcMachine } from "../../machine/boards/pc";
import type { VirtMachine } from "../../machine/boards/virt";
import type { Arch } from "../../machine/core/cpu";

type Board = PcMachine | VirtMachine;
interface SysSpec { name: string; read(b: Board): bigint }

const x86 = (name: string, f: (s: PcMachine["sys"]) => bigint): SysSpec => ({ name, read: (b) => f((b as PcMachine).sys) });
const arm = (name: string, f: (s: VirtMachine["sys"]) => bigint): SysSpec => ({ name, read: (b) => f((b as VirtMachine).sys) });
const u32 = (v: number) => BigInt(v >>> 0);

export const SYSTEM_REGISTERS: Record<Arch, SysSpec[]> = {
  x86_64: [
    x86("cr0", (s) => u32(s.cr0)), x86("cr2", (s) => s.cr2), x86("cr3", (s) => u32(s.cr3)), x86("cr4", (s) => u32(s.cr4)),
    x86("efer", (s) => u32(s.efer)), x86("cs", (s) => BigInt(s.cs)),
  ],
  arm64: [
    arm("ttbr0_el1", (s) => s.ttbr0), arm("ttbr1_el1", (s) => s.ttbr1), arm("tcr_el1", (s) => s.tcr), arm("sctlr_el1", (s) => u32(s.sctlr)),
    arm("vbar_el1", (s) => s.vbar), arm("elr_el1", (s) => s.elr), arm("spsr_el1", (s) => u32(s.spsr)), arm("esr_el1", (s) => u32(s.esr)),
    arm("far_el1", (s) => s.far),
  ],
};

export function systemRegisterValues(arch: Arch, b: Board): bigint[] {
  return SYSTEM_REGISTERS[arch].map((r) => r.read(b));
}
