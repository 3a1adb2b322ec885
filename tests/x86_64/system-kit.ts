// A tiny TypeScript "kernel" kit for the x86_64 system-mode tests: builds
// real 4-level page tables in the PC board's RAM (SDM Vol. 3A 4.5), a GDT
// with a 64-bit TSS descriptor (3.4.5, 8.2.3), a real IDT of 64-bit
// interrupt gates (6.14.1) pointing into the kernel entry window, the
// SYSCALL MSRs (STAR/LSTAR/FMASK, Vol. 2B "SYSCALL"), then builds an IRETQ
// frame on the kernel stack and returns to CPL 3 code assembled with the
// project's assembler.
//
// Layout (physical -> virtual):
//   0x0020_0000..  page-table pages (bump allocated)
//   0x0030_0000    user code         VA 0x40_0000      user R+X
//   0x0030_1000    user data         VA 0x50_0000      user RW, XD
//   0x0030_2000    read-only data    VA 0x51_0000      user RO, XD
//   0x0030_3000    user stack        VA 0x7f_f000      user RW, XD
//   0x0030_4000    no-exec page      VA 0x52_0000      user RO, XD
//   0x0031_0000    kernel stack (4 pages), GDT, TSS, IDT: VA KBASE + PA, supervisor RW, XD
//   0xFED0_0000    entry window      VA KBASE + PA     supervisor R+X, global

import { expect } from "vitest";
import { assembleToBytes } from "../../toolchain/asm/assemble";
import { PcMachine, PC_KERNEL_WINDOW, type PcOptions } from "../../machine/boards/pc";
import type { X86KernelMode } from "../../machine/boards/x86_64-kernel";
import type { KernelFn } from "../../machine/kernel-mode";
import { MSR } from "../../machine/x86_64/system";

export const KBASE = 0xffff800000000000n;
export const USER_CODE = 0x400000n, USER_DATA = 0x500000n, USER_RO = 0x510000n, USER_NX = 0x520000n, USER_STACK = 0x7ff000n;
export const PA = { tables: 0x200000, code: 0x300000, data: 0x301000, ro: 0x302000, stack: 0x303000, nx: 0x304000,
  kstack: 0x310000, gdt: 0x314000, tss: 0x315000, idt: 0x316000, spare: 0x320000 };
export const KSTACK_TOP = KBASE + BigInt(PA.kstack + 0x4000);
/** Entry bits (SDM Table 4-19): P, R/W, U/S, G; XD is bit 63. */
export const P = 1n, RW = 2n, US = 4n, G = 0x100n, XD = 1n << 63n;
/** Selectors: GDT[1] kernel code, [2] kernel data, [3] user data, [4] user code, [5..6] TSS. */
export const KCS = 0x08, KDS = 0x10, UDS = 0x1b, UCS = 0x23, TSS_SEL = 0x28;
/** STAR: SYSCALL loads CS = 0x08, SS = 0x10; SYSRETQ loads SS = 0x10 + 8 | 3 = 0x1b, CS = 0x10 + 16 | 3 = 0x23. */
export const STAR = (BigInt(KDS) << 48n) | (BigInt(KCS) << 32n);
export const CR0_PE = 1n, CR0_WP = 1n << 16n, CR0_PG = 1n << 31n;
export const CR4_PAE = 1n << 5n, CR4_PGE = 1n << 7n, CR4_PCIDE = 1n << 17n;
export const EFER_SCE = 1n, EFER_LME = 1n << 8n, EFER_NXE = 1n << 11n;

/** Zeroed page-table pages, bump allocated, written through a handler's physical accessors. */
export class Tables {
  private next = PA.tables;
  constructor(private k: X86KernelMode) {}
  use(k: X86KernelMode): this { this.k = k; return this; }
  page(): number {
    const pa = this.next; this.next += 4096;
    for (let i = 0; i < 4096; i += 8) this.k.write(pa + i, 8, 0n);
    return pa;
  }
  /** Map the 4 KiB page at `va` to `pa`; intermediate entries get P|RW|US (rights are decided at the leaf). Returns the PTE's address. */
  map(root: number, va: bigint, pa: number, flags: bigint): number {
    let table = root;
    for (let level = 4; level > 1; level--) {
      const idx = Number((va >> BigInt(12 + 9 * (level - 1))) & 0x1ffn);
      const ea = table + idx * 8;
      let e = this.k.read(ea, 8);
      if ((e & P) === 0n) { e = BigInt(this.page()) | P | RW | US; this.k.write(ea, 8, e); }
      table = Number(e & 0xffffffffff000n);
    }
    const pte = table + Number((va >> 12n) & 0x1ffn) * 8;
    this.k.write(pte, 8, BigInt(pa) | flags | P);
    return pte;
  }
}

export interface Kit {
  m: PcMachine;
  out: number[];
  tables: Tables | null;
  root: number;
  /** PTE addresses by name (code, data, ro, stack, nx). */
  pte: Record<string, number>;
  /** The window's entries by name: physical address. */
  entry: Record<string, number>;
}

/** 64-bit interrupt gate (type 0xE) or trap gate (0xF) to `target`, DPL `dpl` (SDM Figure 6-8). */
export function gate(target: bigint, type = 0xe, dpl = 0, sel = KCS, ist = 0): [bigint, bigint] {
  const lo = (target & 0xffffn) | (BigInt(sel) << 16n) | (BigInt(ist) << 32n) | (BigInt(type) << 40n) |
    (BigInt(dpl) << 45n) | (1n << 47n) | (((target >> 16n) & 0xffffn) << 48n);
  return [lo, (target >> 32n) & 0xffffffffn];
}

/** Assemble Intel-syntax user code with the project's assembler. */
export function asm(src: string): Uint8Array {
  const r = assembleToBytes(".intel_syntax noprefix\n" + src, { arch: "x86_64" });
  expect(r.errors).toEqual([]);
  return r.text;
}

export interface BootOptions extends PcOptions {
  /** Handler for IDT vectors (one entry shared by all 256 gates; the trap says which vector). */
  onTrap?: KernelFn<import("../../machine/boards/x86_64-kernel").X86Sys>;
  onSyscall?: KernelFn<import("../../machine/boards/x86_64-kernel").X86Sys>;
  /** Extra CR4 bits. */
  cr4?: bigint;
  /** RFLAGS for the user code (default IF only). */
  rflags?: bigint;
  /** Where user mode starts (default USER_CODE) and its RSP (default the top of the user stack page). */
  entry?: bigint;
  userRsp?: bigint;
  /** CS and SS in the first IRETQ frame (default the user selectors; KCS/KDS to start machine code at CPL 0). */
  cs?: number;
  ss?: number;
  /** Extra setup at the end of main, before the iretq to user mode. */
  setup?: (k: X86KernelMode, kit: Kit) => void;
}

/** Build the machine, the tables, GDT/TSS/IDT, the MSRs, and start user `code` at CPL 3. */
export function boot(code: Uint8Array, opts: BootOptions = {}): Kit {
  const out: number[] = [];
  const m = new PcMachine({ ramSize: 16 << 20, console: (b) => out.push(b), ...opts });
  const kit: Kit = { m, out, tables: null, root: 0, pte: {}, entry: {} };
  const unhandled: KernelFn<import("../../machine/boards/x86_64-kernel").X86Sys> = (k) => {
    throw new Error(`unexpected trap ${k.trap.kind} vector ${k.trap.vector} code ${k.trap.code} at rip 0x${k.reg("rip").toString(16)}`);
  };
  kit.entry.trap = m.kernelEntry("trap", opts.onTrap ?? unhandled);
  kit.entry.syscall = m.kernelEntry("syscall", opts.onSyscall ?? unhandled);
  m.start((k) => {
    const t = new Tables(k);
    kit.tables = t;
    const root = t.page();
    kit.root = root;
    k.writeBytes(PA.code, code);
    kit.pte.code = t.map(root, USER_CODE, PA.code, US);
    kit.pte.data = t.map(root, USER_DATA, PA.data, US | RW | XD);
    kit.pte.ro = t.map(root, USER_RO, PA.ro, US | XD);
    kit.pte.stack = t.map(root, USER_STACK, PA.stack, US | RW | XD);
    kit.pte.nx = t.map(root, USER_NX, PA.nx, US | XD);
    for (let pa = PA.kstack; pa < PA.spare; pa += 4096) t.map(root, KBASE + BigInt(pa), pa, RW | XD);
    for (let pa = PC_KERNEL_WINDOW.base; pa < PC_KERNEL_WINDOW.base + PC_KERNEL_WINDOW.size; pa += 4096) t.map(root, KBASE + BigInt(pa), pa, G);
    // GDT: null, kernel code (L=1, DPL 0), kernel data, user data (DPL 3), user code (L=1, DPL 3), 64-bit TSS.
    const gdt = [0n, 0x00209a0000000000n, 0x0000920000000000n, 0x0000f20000000000n, 0x0020fa0000000000n];
    gdt.forEach((d, i) => k.write(PA.gdt + i * 8, 8, d));
    const tss = KBASE + BigInt(PA.tss);
    const tssLo = 0x67n | ((tss & 0xffffffn) << 16n) | (0x89n << 40n) | (((tss >> 24n) & 0xffn) << 56n);
    k.write(PA.gdt + 40, 8, tssLo); k.write(PA.gdt + 48, 8, (tss >> 32n) & 0xffffffffn);
    k.write(PA.tss + 4, 8, KSTACK_TOP);                                  // TSS.RSP0
    // IDT: every vector to the shared trap entry; vector 3 with DPL 3 so INT3 from user mode is allowed.
    const trapVa = KBASE + BigInt(kit.entry.trap);
    for (let v = 0; v < 256; v++) {
      const [lo, hi] = gate(trapVa, 0xe, v === 3 ? 3 : 0);
      k.write(PA.idt + v * 16, 8, lo); k.write(PA.idt + v * 16 + 8, 8, hi);
    }
    // Long mode with paging (SDM Vol. 3A 9.8.5): PAE, then EFER.LME, then CR3, then CR0.PG.
    k.sys.writeCr(4, CR4_PAE | CR4_PGE | (opts.cr4 ?? 0n));
    k.sys.wrmsr(MSR.EFER, EFER_SCE | EFER_LME | EFER_NXE);
    k.sys.writeCr(3, BigInt(root));
    k.sys.writeCr(0, CR0_PE | CR0_WP | CR0_PG);
    // The descriptor tables, now through the kernel half.
    k.sys.lgdt(KBASE + BigInt(PA.gdt), 7 * 8 - 1);
    k.sys.ltr(TSS_SEL);
    k.sys.lidt(KBASE + BigInt(PA.idt), 256 * 16 - 1);
    k.sys.wrmsr(MSR.STAR, STAR);
    k.sys.wrmsr(MSR.LSTAR, KBASE + BigInt(kit.entry.syscall));
    k.sys.wrmsr(MSR.FMASK, 0x700n);                                      // clear TF, IF, DF on SYSCALL (as Linux does)
    opts.setup?.(k, kit);
    // The IRETQ frame (SDM Figure 6-9): SS, RSP, RFLAGS, CS, RIP from the top; RSP points at RIP.
    const frame = [opts.entry ?? USER_CODE, BigInt(opts.cs ?? UCS), opts.rflags ?? 0x202n, opts.userRsp ?? USER_STACK + 0x1000n, BigInt(opts.ss ?? UDS)];
    const at = PA.kstack + 0x4000 - 40;
    frame.forEach((v, i) => k.write(at + i * 8, 8, v));
    k.setReg("rsp_kernel", KSTACK_TOP - 40n);
    k.eret();
  });
  return kit;
}

export const text = (kit: Kit): string => String.fromCharCode(...kit.out);
