// KernelMode on AArch64: what an EL1 TypeScript handler sees (see
// machine/kernel-mode.ts for the arch-neutral contract).
//
// Registers: "x0".."x30" are the live GPRs (exception entry does not save
// them), "sp" is SP_EL0 (the user stack; the handler itself has no machine
// stack), "pc" is ELR_EL1 (where eret() returns), "pstate" is SPSR_EL1 (the
// PSTATE eret() restores). The system registers are reached by their Arm ARM
// names through `sys.read/write`, with exactly the effects of MRS/MSR at
// EL1 (writing SCTLR/TCR/TTBRx keeps the TLB's context current, and so on).

import type { Arm64Cpu } from "../arm64/cpu";
import { explain, tlbi, type Tlbi } from "../arm64/paging";
import { EL1_REGS, readEl1, writeEl1, type El1RegName } from "../arm64/sysregs-el1";
import type { Firmware } from "../arm64/system";
import type { PhysMem } from "../core/physmem";
import { KernelView, type EntryRegistrar } from "./kernel-view";
import { KernelError, type KernelFn, type KernelMode, type TlbScope, type Trap } from "../kernel-mode";

/** The AArch64-specific part of KernelMode. */
export interface Arm64Sys {
  /** MRS: a system register by its Arm ARM name ("SCTLR_EL1", "CNTV_CVAL_EL0", ...). */
  read(name: El1RegName): bigint;
  /** MSR: with the instruction's effects. */
  write(name: El1RegName, value: bigint): void;
  /** TLBI <op>, Xt (Xt as the instruction takes it: VA[55:12] in bits 43:0, ASID in 63:48). */
  tlbi(op: Tlbi, xt?: bigint): void;
  /** HVC #0 (SMCCC): the firmware (PSCI) call with x0..x3; returns x0. */
  hvc(x0: bigint, x1?: bigint, x2?: bigint, x3?: bigint): bigint;
  /**
   * A vector table in the entry window (16 slots of 0x80 bytes, 2 KiB
   * aligned, D1.10.2) whose slots run these handlers; a slot without one
   * reports "unhandled exception" as the run's error. Returns its physical
   * address, for VBAR_EL1 (through the kernel's mapping once the MMU is on).
   */
  vectorTable(handlers: Partial<Record<VectorSlot, KernelFn<Arm64Sys>>>): number;
}

export type Arm64KernelMode = KernelMode<Arm64Sys>;

export const ARM64_KERNEL_REGS: readonly string[] = [...Array.from({ length: 31 }, (_, i) => `x${i}`), "sp", "pc", "pstate"];

/** Vector slots in VBAR_EL1 order (D1.10.2), named as Linux names them. */
export const VECTOR_SLOTS = [
  "el1t_64_sync", "el1t_64_irq", "el1t_64_fiq", "el1t_64_error",
  "el1h_64_sync", "el1h_64_irq", "el1h_64_fiq", "el1h_64_error",
  "el0t_64_sync", "el0t_64_irq", "el0t_64_fiq", "el0t_64_error",
  "el0t_32_sync", "el0t_32_irq", "el0t_32_fiq", "el0t_32_error",
] as const;
export type VectorSlot = (typeof VECTOR_SLOTS)[number];

/** Decode ESR_EL1 / FAR_EL1 into a Trap (ESR_EL1 description, D17.2.37). */
export function arm64Trap(cpu: Arm64Cpu, slot: number): Trap {
  const s = cpu.sys!;
  const fromUser = (s.spsr & 0xf) === 0;
  const kindOfSlot = slot & 3;
  if (slot < 0) return { kind: "start", fromUser: false, vector: -1, code: 0, syndrome: 0, address: null, access: null, detail: "" };
  if (kindOfSlot !== 0) {
    return { kind: kindOfSlot === 1 || kindOfSlot === 2 ? "irq" : "other", fromUser, vector: -1, code: 0, syndrome: 0, address: null, access: null, detail: VECTOR_SLOTS[slot] };
  }
  const esr = s.esr, ec = esr >>> 26, iss = esr & 0x1ffffff;
  const t: Trap = { kind: "other", fromUser, vector: ec, code: iss, syndrome: esr, address: null, access: null, detail: "" };
  switch (ec) {
    case 0x15: t.kind = "syscall"; break;
    case 0x00: t.kind = "undefined"; break;
    case 0x3c: t.kind = "breakpoint"; break;
    case 0x01: t.kind = "wfi"; break;
    case 0x0e: t.kind = "illegal"; break;
    case 0x22: case 0x26: t.kind = "alignment"; t.address = ec === 0x22 ? s.far : null; break;
    case 0x20: case 0x21: case 0x24: case 0x25: {
      const fsc = iss & 0x3f;
      t.kind = fsc === 0x21 ? "alignment" : "page-fault";
      t.address = s.far;
      t.access = ec <= 0x21 ? "exec" : iss & (1 << 6) ? "write" : "read";
      t.detail = fsc === 0x21 ? "alignment fault" : explain(fsc);
      break;
    }
  }
  return t;
}

/** One handler invocation's view; `done` tells the board how the handler ended. */
export class Arm64Kernel extends KernelView implements Arm64KernelMode {
  readonly arch = "arm64" as const;
  readonly regNames = ARM64_KERNEL_REGS;
  readonly pcReg = "pc";
  protected readonly regHint = "x0..x30, sp, pc, pstate";
  readonly sys: Arm64Sys;

  constructor(private readonly cpu: Arm64Cpu, mem: PhysMem, entry: string,
    trap: Trap, clockNow: () => number, private readonly idleTo: () => void,
    firmware: Firmware | null, board: { kernelEntry: EntryRegistrar; vectorTable(h: Partial<Record<VectorSlot, KernelFn<Arm64Sys>>>): number }) {
    super(mem, entry, trap, clockNow, board.kernelEntry);
    const c = cpu;
    const open = () => this.check();
    this.sys = {
      read(name) { open(); const v = readEl1(c, EL1_REGS[name]); if (v === undefined) throw new KernelError(`MRS ${name}: not implemented on this board`); return v; },
      write(name, value) { open(); if (!writeEl1(c, EL1_REGS[name], value)) throw new KernelError(`MSR ${name}: read-only or not implemented on this board`); },
      tlbi(op, xt = 0n) { open(); tlbi(c.mmu, c.sys!, op, xt); },
      hvc(x0, x1 = 0n, x2 = 0n, x3 = 0n) {
        open();
        if (firmware === null) throw new KernelError("HVC: this board has no firmware to call");
        return BigInt.asUintN(64, firmware.call(x0, x1, x2, x3));
      },
      vectorTable(handlers) { open(); return board.vectorTable(handlers); },
    };
  }



  reg(r: number | string): bigint {
    this.check();
    const i = this.index(r), s = this.cpu.sys!;
    if (i <= 30) return this.cpu.getReg(i);
    if (i === 31) return s.getSp(0);
    return i === 32 ? s.elr : BigInt(s.spsr >>> 0);
  }

  setReg(r: number | string, value: bigint): void {
    this.check();
    const i = this.index(r), s = this.cpu.sys!, v = BigInt.asUintN(64, value);
    if (i <= 30) this.cpu.setReg(i, v);
    else if (i === 31) s.setSp(0, v);
    else if (i === 32) s.elr = v;
    else s.spsr = Number(v & 0xffffffffn) >>> 0;
  }

  invalidateTlb(scope: TlbScope): void {
    this.check();
    const s = this.cpu.sys!, mmu = this.cpu.mmu;
    if ("all" in scope) { tlbi(mmu, s, "VMALLE1"); return; }
    if ("va" in scope) {
      const page = (BigInt.asUintN(64, scope.va) >> 12n) & 0xfffffffffffn;
      if (scope.asid === undefined) tlbi(mmu, s, "VAAE1", page);
      else tlbi(mmu, s, "VAE1", page | (BigInt(scope.asid & 0xffff) << 48n));
      return;
    }
    tlbi(mmu, s, "ASIDE1", BigInt(scope.asid & 0xffff) << 48n);
  }

  eret(): void {
    this.check();
    this.cpu.sys!.eret();
    this.done = "eret";
  }

  idle(): void {
    this.check();
    this.idleTo();
    this.done = "idle";
  }
}
