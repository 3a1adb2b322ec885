// KernelMode on x86_64: what a CPL 0 TypeScript handler sees (see
// machine/kernel-mode.ts for the arch-neutral contract).
//
// Registers: "rax".."r15" are the live GPRs (delivery through the IDT and
// SYSCALL save none of them); index 4 is named "rsp_kernel" because after an
// IDT delivery the live RSP is the kernel stack (pointing at the frame),
// which is also where a handler that builds its own IRETQ frame (the first
// entry into user mode) points it before eret(). "rip", "rsp", "rflags", "cs", "ss" are the
// trapped context's, wherever the hardware put them:
//   - entered through the IDT: the frame the CPU pushed on the kernel stack
//     (SDM Vol. 3A Figure 6-9), read and written in emulated RAM through
//     the kernel's mapping; eret() is IRETQ on that frame (the error code,
//     if the vector pushed one, is popped first, as `add rsp, 8` does);
//   - entered by SYSCALL: RIP is in RCX and RFLAGS in R11 (SDM "SYSCALL"),
//     RSP is still the user's; eret() is SYSRETQ.
// Both returns run the CPU's checks, so a bad frame faults as on hardware.
// System registers are reached through `sys` with the effects of the
// instructions (MOV CRn, WRMSR, LIDT, LTR, INVLPG, IN/OUT, SWAPGS).

import type { X86Cpu } from "../x86_64/cpu";
import { explain, invpcid, PF } from "../x86_64/paging";
import type { X86System } from "../x86_64/system";
import type { PhysMem } from "../core/physmem";
import { MEM_FAULT } from "../core/mmu";
import { KernelView, type EntryRegistrar } from "./kernel-view";
import { KernelError, type KernelFn, type KernelMode, type TlbScope, type Trap, type TrapKind } from "../kernel-mode";

/** The x86_64-specific part of KernelMode. */
export interface X86Sys {
  /** MOV from CR0, CR2, CR3, CR4. */
  readCr(n: 0 | 2 | 3 | 4): bigint;
  /** MOV to CRn, with its effect on paging and the TLB; a value the CPU would #GP on is a KernelError. */
  writeCr(n: 0 | 2 | 3 | 4, value: bigint): void;
  rdmsr(msr: number): bigint;
  wrmsr(msr: number, value: bigint): void;
  /** LIDT / LGDT with the pseudo-descriptor's base (linear) and limit. */
  lidt(base: bigint, limit: number): void;
  lgdt(base: bigint, limit: number): void;
  /** LTR: the selector of a 64-bit TSS descriptor in the GDT. */
  ltr(selector: number): void;
  /** IN / OUT on the board's port bus (size 1, 2 or 4). */
  inPort(port: number, size: 1 | 2 | 4): number;
  outPort(port: number, size: 1 | 2 | 4, value: number): void;
  swapgs(): void;
  /**
   * IRETQ from the frame at rsp_kernel (RIP, CS, RFLAGS, RSP, SS, SDM Vol. 3A
   * 6.14.3), whatever the entry was: how a kernel returns to a context other
   * than the one that trapped (SYSRETQ would clobber its RCX and R11). Ends
   * the handler, like eret().
   */
  iretq(): void;
  /** The current privilege level (0 in a handler). */
  readonly cpl: number;
}

export type X86KernelMode = KernelMode<X86Sys>;

export const X86_KERNEL_REGS: readonly string[] = [
  "rax", "rcx", "rdx", "rbx", "rsp_kernel", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
  "rip", "rsp", "rflags", "cs", "ss",
];

const NAMES: Record<number, string> = { 0: "divide error", 1: "debug", 3: "breakpoint", 6: "invalid opcode", 8: "double fault", 13: "general protection", 14: "page fault", 17: "alignment check" };

/** Decode the last entry (vector, error code, CR2) into a Trap. */
export function x86Trap(sys: X86System): Trap {
  const e = sys.last;
  const t: Trap = { kind: "other", fromUser: e.fromUser, vector: e.vector, code: e.code < 0 ? 0 : e.code, syndrome: e.code < 0 ? 0 : e.code, address: null, access: null, detail: "" };
  if (e.via === "start") { t.kind = "start"; t.fromUser = false; return t; }
  if (e.via === "syscall") { t.kind = "syscall"; return t; }
  const kinds: Record<number, TrapKind> = { 14: "page-fault", 6: "undefined", 3: "breakpoint", 17: "alignment" };
  t.kind = e.vector >= 32 ? "irq" : kinds[e.vector] ?? "other";
  t.detail = NAMES[e.vector] ?? (e.vector >= 32 ? "external interrupt" : `vector ${e.vector}`);
  if (e.vector === 14) {
    t.address = sys.cr2;
    t.access = e.code & PF.ID ? "exec" : e.code & PF.W ? "write" : "read";
    t.detail = explain(e.code);
  }
  return t;
}

/** One handler invocation's view; `done` tells the board how the handler ended. */
export class X86Kernel extends KernelView implements X86KernelMode {
  readonly arch = "x86_64" as const;
  readonly regNames = X86_KERNEL_REGS;
  readonly pcReg = "rip";
  protected readonly regHint = X86_KERNEL_REGS.join(", ");
  readonly sys: X86Sys;
  private readonly s: X86System;

  constructor(private readonly cpu: X86Cpu, mem: PhysMem, entry: string,
    trap: Trap, clockNow: () => number, private readonly idleTo: () => void, register: EntryRegistrar) {
    super(mem, entry, trap, clockNow, register);
    const s = cpu.sys!;
    this.s = s;
    const open = () => this.check();
    const gp = (what: string): never => { throw new KernelError(`${what}: the CPU would raise #GP(0)`); };
    this.sys = {
      readCr(n) { open(); return s.readCr(n); },
      writeCr(n, v) { open(); if (!s.writeCr(n, v)) gp(`MOV CR${n}, 0x${BigInt.asUintN(64, v).toString(16)}`); },
      rdmsr(i) { open(); const v = s.rdmsr(i); if (v === undefined) gp(`RDMSR 0x${(i >>> 0).toString(16)}`); return v!; },
      wrmsr(i, v) { open(); if (!s.wrmsr(i, v)) gp(`WRMSR 0x${(i >>> 0).toString(16)}, 0x${BigInt.asUintN(64, v).toString(16)}`); },
      lidt(base, limit) { open(); s.idtBase = BigInt.asUintN(64, base); s.idtLimit = limit & 0xffff; },
      lgdt(base, limit) { open(); s.gdtBase = BigInt.asUintN(64, base); s.gdtLimit = limit & 0xffff; },
      ltr(sel) { open(); if (!s.ltr(sel)) gp(`LTR 0x${sel.toString(16)} (not a present 64-bit TSS descriptor in the GDT)`); },
      inPort(port, size) { open(); return s.ports === null ? -1 : s.ports.read(port & 0xffff, size); },
      outPort(port, size, v) { open(); if (s.ports !== null) s.ports.write(port & 0xffff, size, v); },
      swapgs() { open(); s.swapgs(); },
      iretq: () => { open(); this.done = "eret"; if (guard("IRETQ: reading the frame", () => s.iretq()) >= 0) this.gpFromKernel(); },
      get cpl() { return cpu.cpl; },
    };
  }



  /** The frame slot (0 RIP, 1 CS, 2 RFLAGS, 3 RSP, 4 SS) as a linear address. */
  private slot(k: number): bigint {
    const e = this.s.last;
    return ((BigInt(e.frameHi >>> 0) << 32n) | BigInt(e.frameLo >>> 0)) + BigInt(k * 8);
  }

  private frameRead(k: number): bigint {
    return guard(`reading the exception frame at 0x${this.slot(k).toString(16)}`, () => this.s.readLin64(...halves(this.slot(k))));
  }

  private frameWrite(k: number, v: bigint): void {
    const m = this.cpu.mmu, u = m.user, [lo, hi] = halves(this.slot(k));
    m.user = false;
    try { m.write64(lo, hi, ...halves(v)); } catch { throw new KernelError(`writing the exception frame at 0x${this.slot(k).toString(16)} faults`); } finally { m.user = u; }
  }

  reg(r: number | string): bigint {
    this.check();
    const i = this.index(r), c = this.cpu;
    if (i < 16) return c.getReg(i);
    const k = i - 16;
    if (this.s.last.via === "idt") return this.frameRead(k === 0 ? 0 : k === 1 ? 3 : k === 2 ? 2 : k === 3 ? 1 : 4);
    if (this.s.last.via === "syscall") {
      if (k === 0) return c.getReg(1);
      if (k === 1) return c.getReg(4);
      if (k === 2) return c.getReg(11);
      const base = (this.s.star >> 48n) & 0xffffn;
      return k === 3 ? ((base + 16n) & 0xffffn) | 3n : ((base + 8n) & 0xffffn) | 3n;
    }
    return k === 0 ? c.getPc() : k === 1 ? c.getReg(4) : k === 2 ? c.getFlags() : BigInt(k === 3 ? this.s.cs : this.s.ss);
  }

  setReg(r: number | string, value: bigint): void {
    this.check();
    const i = this.index(r), c = this.cpu, v = BigInt.asUintN(64, value);
    if (i < 16) { c.setReg(i, v); return; }
    const k = i - 16;
    if (this.s.last.via === "idt") { this.frameWrite(k === 0 ? 0 : k === 1 ? 3 : k === 2 ? 2 : k === 3 ? 1 : 4, v); return; }
    if (this.s.last.via === "syscall" && k <= 2) { c.setReg(k === 0 ? 1 : k === 1 ? 4 : 11, v); return; }
    throw new KernelError(`setReg(${String(r)}): no saved copy of it to change on this entry (${this.s.last.via})`);
  }

  invalidateTlb(scope: TlbScope): void {
    this.check();
    const m = this.cpu.mmu;
    if ("all" in scope) invpcid(m, 2, 0);
    else if ("va" in scope) {
      const [lo, hi] = halves(scope.va);
      if (scope.asid === undefined) m.flushPage(lo, hi, undefined, true);
      else invpcid(m, 0, scope.asid, lo, hi);
    } else invpcid(m, 1, scope.asid);
    this.cpu.invalidateLinks();
  }

  /** IRETQ (IDT entries; the error code popped first) or SYSRETQ (SYSCALL entries), with their checks. */
  eret(): void {
    this.check();
    const s = this.s, c = this.cpu;
    this.done = "eret";
    if (s.last.via === "syscall") {
      if (!s.sysretq()) this.gpFromKernel();
      return;
    }
    if (s.last.via === "idt") { c.setReg(4, this.slot(0)); }
    if (guard("IRETQ: reading the frame", () => s.iretq()) >= 0) this.gpFromKernel();
  }

  /** A return instruction faulted at CPL 0: #GP(0) through the IDT, RIP at the handler's window address. */
  private gpFromKernel(): void {
    const [lo, hi] = halves(this.s.entryVa);
    this.s.deliver(13, 0, false, lo, hi);
  }

  idle(): void {
    this.check();
    this.idleTo();
    this.done = "idle";
  }
}

/** A supervisor access the handler asked for faulted: report it as a kernel bug (the access would #PF in ring 0). */
function guard<T>(what: string, f: () => T): T {
  try { return f(); } catch (e) {
    if (e === MEM_FAULT) throw new KernelError(`${what}: the access faults (#PF at CPL 0; is it mapped in the kernel half?)`);
    throw e;
  }
}

function halves(v: bigint): [number, number] {
  const u = BigInt.asUintN(64, v);
  return [Number(u & 0xffffffffn) | 0, Number(u >> 32n) | 0];
}
