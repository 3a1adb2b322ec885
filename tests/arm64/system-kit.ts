// A tiny TypeScript "kernel" kit for the system-mode tests: builds real
// VMSAv8-64 page tables in the board's RAM (4 KiB granule, 48-bit halves;
// Arm ARM D8.3 "Translation table descriptor formats"), assembles EL0 code
// with the project's assembler, and starts a VirtMachine whose main maps
// everything and ERETs to EL0.
//
// Layout (physical / virtual):
//   0x4010_0000..   page-table pages (bump allocated)
//   0x4020_0000     user code        VA 0x40_0000   EL0 R+X  (AP=11, PXN)
//   0x4020_1000     user data        VA 0x50_0000   EL0 RW   (AP=01, UXN PXN)
//   0x4020_2000     read-only data   VA 0x51_0000   EL0 RO   (AP=11, UXN PXN)
//   0x4020_3000     kernel-only data VA 0x52_0000   EL1 RW   (AP=00, UXN PXN)
//   0x4020_4000     user stack       VA 0x7f_f000   EL0 RW
//   0x0F00_0000     entry window     VA 0xffff_0000_0f00_0000 EL1 RO+X (AP=10, UXN), via TTBR1

import { expect } from "vitest";
import { assembleToBytes } from "../../toolchain/asm/assemble";
import { VirtMachine, KERNEL_WINDOW, type VirtOptions } from "../../machine/boards/virt";
import type { Arm64KernelMode, VectorSlot } from "../../machine/boards/arm64-kernel";
import type { KernelFn } from "../../machine/kernel-mode";

export const USER_CODE = 0x400000, USER_DATA = 0x500000, USER_RO = 0x510000, KERNEL_DATA = 0x520000, USER_STACK = 0x7ff000;
export const PA = { tables: 0x40100000, code: 0x40200000, data: 0x40201000, ro: 0x40202000, kdata: 0x40203000, stack: 0x40204000, spare: 0x40210000 };
export const KWIN_VA = 0xffff000000000000n + BigInt(KERNEL_WINDOW.base);
export const ASID = 1n;

/** Descriptor bits (D8.3.2): page = 0b11, AF bit 10, SH inner 0b11 << 8, AP bits 7:6, nG bit 11, PXN 53, UXN 54. */
export const D = { PAGE: 3n, TABLE: 3n, AF: 1n << 10n, SH: 3n << 8n, NG: 1n << 11n, PXN: 1n << 53n, UXN: 1n << 54n };
export const ap = (v: number): bigint => BigInt(v) << 6n;
export const USER_RX = ap(3) | D.PXN | D.NG, USER_RW = ap(1) | D.UXN | D.PXN | D.NG;
export const USER_RO_ATTR = ap(3) | D.UXN | D.PXN | D.NG, KERNEL_RW = ap(0) | D.UXN | D.PXN;

/**
 * TCR_EL1 (D17.2.131): T0SZ = T1SZ = 16 (48-bit halves), TG0 = 4 KiB (00),
 * TG1 = 4 KiB (0b10 at bits 31:30), IPS = 40 bits (0b010 at 34:32), A1 = 0
 * (the ASID comes from TTBR0). Inner/outer write-back cacheable walks.
 */
export const TCR = 16n | (16n << 16n) | (1n << 8n) | (1n << 10n) | (3n << 12n) | (2n << 30n) | (2n << 32n);
/** MAIR_EL1 attribute 0 = Normal write-back (0xff). */
export const MAIR = 0xffn;

/**
 * A bump allocator of zeroed page-table pages in RAM, through a handler's
 * physical accessors (a KernelMode view closes when its handler erets, so a
 * later handler passes its own: `tables.use(k)`).
 */
export class Tables {
  private next = PA.tables;
  constructor(private k: Arm64KernelMode) {}
  use(k: Arm64KernelMode): this { this.k = k; return this; }
  page(): number {
    const pa = this.next; this.next += 4096;
    for (let i = 0; i < 4096; i += 8) this.k.write(pa + i, 8, 0n);
    return pa;
  }
  /** Map one 4 KiB page at `va` in the tree rooted at `root` (a level 0 table). Returns the leaf's physical address. */
  map(root: number, va: bigint, pa: number, attrs: bigint, af = true): number {
    let table = root;
    for (let level = 0; level < 3; level++) {
      const idx = Number((BigInt.asUintN(64, va) >> BigInt(39 - 9 * level)) & 0x1ffn);
      const ea = table + idx * 8;
      let desc = this.k.read(ea, 8);
      if ((desc & 1n) === 0n) { desc = BigInt(this.page()) | D.TABLE; this.k.write(ea, 8, desc); }
      table = Number(desc & 0xfffffffff000n);
    }
    const leaf = table + Number((BigInt.asUintN(64, va) >> 12n) & 0x1ffn) * 8;
    this.k.write(leaf, 8, BigInt(pa) | D.PAGE | D.SH | (af ? D.AF : 0n) | attrs);
    return leaf;
  }
}

export function assembleA64(src: string): Uint8Array {
  const r = assembleToBytes(src, { arch: "arm64" });
  expect(r.errors.map((e) => e.message)).toEqual([]);
  return r.text;
}

export interface Kit {
  m: VirtMachine;
  out: number[];
  /** Set in main: the two roots. */
  roots: { ttbr0: number; ttbr1: number };
  tables: Tables | null;
}

/**
 * A machine whose main builds the standard layout, installs `vectors`, and
 * ERETs to the user code at EL0 with SP_EL0 at the top of the user stack.
 * `extra` runs in main after the standard mappings (more mappings, devices).
 */
export function userMachine(code: string, vectors: Partial<Record<VectorSlot, KernelFn<import("../../machine/boards/arm64-kernel").Arm64Sys>>>,
  opts: VirtOptions & { extra?: (k: Arm64KernelMode, t: Tables, kit: Kit) => void; spsr?: bigint; pc?: bigint } = {}): Kit {
  const out: number[] = [];
  const m = new VirtMachine({ ramSize: 16 << 20, console: (b) => out.push(b), ...opts });
  const kit: Kit = { m, out, roots: { ttbr0: 0, ttbr1: 0 }, tables: null };
  const vbarPa = m.vectorTable(vectors);
  const bytes = assembleA64(code);
  m.start((k) => {
    const t = new Tables(k);
    kit.tables = t;
    k.writeBytes(PA.code, bytes);
    const r0 = t.page(), r1 = t.page();
    kit.roots = { ttbr0: r0, ttbr1: r1 };
    t.map(r0, BigInt(USER_CODE), PA.code, USER_RX);
    t.map(r0, BigInt(USER_DATA), PA.data, USER_RW);
    t.map(r0, BigInt(USER_RO), PA.ro, USER_RO_ATTR);
    t.map(r0, BigInt(KERNEL_DATA), PA.kdata, KERNEL_RW);
    t.map(r0, BigInt(USER_STACK), PA.stack, USER_RW);
    for (let off = 0; off < KERNEL_WINDOW.size; off += 4096) {
      t.map(r1, KWIN_VA + BigInt(off), KERNEL_WINDOW.base + off, ap(2) | D.UXN);   // EL1 read-only + executable: fine under WXN
    }
    opts.extra?.(k, t, kit);
    k.sys.write("MAIR_EL1", MAIR);
    k.sys.write("TCR_EL1", TCR);
    k.sys.write("TTBR0_EL1", BigInt(r0) | (ASID << 48n));
    k.sys.write("TTBR1_EL1", BigInt(r1));
    k.sys.write("VBAR_EL1", KWIN_VA + BigInt(vbarPa - KERNEL_WINDOW.base));
    k.sys.write("SCTLR_EL1", k.sys.read("SCTLR_EL1") | 1n);         // M: the MMU on
    k.setReg("sp", BigInt(USER_STACK + 4096));
    k.setReg("pc", opts.pc ?? BigInt(USER_CODE));
    k.setReg("pstate", opts.spsr ?? 0n);                             // EL0t, DAIF clear
    k.eret();
  });
  return kit;
}

/** SMCCC function id of MINOS_EXIT (devices/power.ts): power off with status x1. */
export const MINOS_EXIT = 0x82000001n;
export const PSCI_SYSTEM_OFF = 0x84000008n;

/** A vector handler that ends the run on `svc #0` with status x0 (through PSCI, as a kernel would). */
export function exitOnSvc0(k: Arm64KernelMode): boolean {
  if (k.trap.kind === "syscall" && k.trap.code === 0) { k.sys.hvc(MINOS_EXIT, k.reg("x0")); return true; }
  return false;
}
