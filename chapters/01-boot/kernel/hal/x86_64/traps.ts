// Installing the x86_64 trap vectors: GDT and TSS, an IDT whose 256 gates
// each point at their own kernel entry, and the SYSCALL machinery. After
// this, every exception, interrupt and system call ends up in the kernel's
// one event function (chapters/01-boot/kernel/entry.ts).

import type { KernelMode } from "../../../../../machine/kernel-mode";
import type { X86Sys } from "../../../../../machine/boards/x86_64-kernel";
import { GDT_SEGMENTS, idtGate, SEL, tssDescriptor } from "./descriptors";

/** MSR numbers (SDM Vol. 4, Table 2-2). */
export const MSR = { EFER: 0xc0000080, STAR: 0xc0000081, LSTAR: 0xc0000082, FMASK: 0xc0000084 } as const;
const EFER_SCE = 1n;
/** RFLAGS bits SYSCALL clears (FMASK): TF (0x100), IF (0x200), DF (0x400) — the kernel starts with interrupts off. */
const SYSCALL_FMASK = 0x700n;

/** Where the HAL put things, kept for enterUser and the panic dump. */
export interface X86Tables { kstackPa: number; kstackTop: bigint; gdtPa: number; idtPa: number }

// @snippet x86-install-traps
export function installX86Traps(k: KernelMode<X86Sys>, onEvent: (k: KernelMode) => void,
  alloc: () => number, kva: (pa: number) => bigint): { frames: number[]; tables: X86Tables } {
  const gdt = alloc(), idt = alloc(), kstack = alloc();
  const tss = gdt + 0x100;                                  // the TSS shares the GDT's frame
  const kstackTop = kva(kstack) + 4096n;

  // GDT and TSS; LTR loads the TSS descriptor (and the CPU reads RSP0 from it on every ring 3 -> 0 entry).
  GDT_SEGMENTS.forEach((d, i) => k.write(gdt + i * 8, 8, d));
  const [tlo, thi] = tssDescriptor(kva(tss));
  k.write(gdt + 5 * 8, 8, tlo);
  k.write(gdt + 6 * 8, 8, thi);
  k.write(tss + 4, 8, kstackTop);                           // TSS.RSP0
  k.sys.lgdt(kva(gdt), 7 * 8 - 1);
  k.sys.ltr(SEL.tss);

  // IDT: a gate per vector, each to its own entry so the vector is known. Vector 3
  // (int3) has DPL 3 so a debugger breakpoint in user mode is allowed to trap.
  for (let v = 0; v < 256; v++) {
    const target = kva(k.addEntry(`vector ${v}`, onEvent as (k: KernelMode<X86Sys>) => void));
    const [lo, hi] = idtGate(target, v === 3 ? 3 : 0);
    k.write(idt + v * 16, 8, lo);
    k.write(idt + v * 16 + 8, 8, hi);
  }
  k.sys.lidt(kva(idt), 256 * 16 - 1);

  // SYSCALL (SDM Vol. 2B "SYSCALL"): enable it in EFER, say which selectors
  // it and SYSRET load (STAR), where it jumps (LSTAR), and what it clears (FMASK).
  k.sys.wrmsr(MSR.EFER, k.sys.rdmsr(MSR.EFER) | EFER_SCE);
  k.sys.wrmsr(MSR.STAR, (BigInt(SEL.kdata) << 48n) | (BigInt(SEL.kcode) << 32n));
  k.sys.wrmsr(MSR.LSTAR, kva(k.addEntry("syscall", onEvent as (k: KernelMode<X86Sys>) => void)));
  k.sys.wrmsr(MSR.FMASK, SYSCALL_FMASK);
  return { frames: [gdt, idt, kstack], tables: { kstackPa: kstack, kstackTop, gdtPa: gdt, idtPa: idt } };
}
// @end x86-install-traps
