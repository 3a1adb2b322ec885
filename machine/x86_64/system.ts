// CPL 0: the x86_64 CPU's system mode. The state a kernel owns (CR0, CR2,
// CR3, CR4, EFER, the SYSCALL MSRs, IDTR, GDTR, TR, KERNEL_GS_BASE), what the
// hardware does to deliver an exception or interrupt through the IDT (Intel
// SDM Vol. 3A 6.12 "Exception and Interrupt Handling", 6.14 "Exception and
// Interrupt Handling in 64-bit Mode"), SYSCALL's entry and SYSRET's and
// IRETQ's returns (SDM Vol. 2B "SYSCALL", "SYSRET", Vol. 2A "IRET").
//
// A CPU built for a user-mode run (linux/) has no X86System: it stops and
// reports every SYSCALL and fault to its driver. A board attaches one
// (`cpu.sys = new X86System(cpu, ...)`); from then on faults and SYSCALL are
// *taken* as the architecture says, and the CPU runs on from the handler.
//
// Simplifications, each one documented where it matters:
// - Only 64-bit code runs. The board starts the CPU at CPL 0 with CR0.PE=1,
//   EFER.LME=1 and paging off (linear = physical), which a real CPU could
//   only do in compatibility mode: only TypeScript handlers run then.
// - Segment descriptors are not loaded from the GDT (in 64-bit mode their
//   base and limit are ignored anyway, SDM Vol. 3A 3.4.4): CPL is the RPL of
//   the CS selector that IRETQ/SYSRET/the gate installs, and only rings 0
//   and 3 exist. LTR does read the 16-byte TSS descriptor for the TSS base.
// - Gates: 64-bit interrupt (type 0xE) and trap (0xF) gates; IST is honoured.

import { Exc, Stop, type StopReason } from "../core/cpu";
import { MEM_FAULT } from "../core/mmu";
import { controlRegsChanged, CR0, CR4, EFER, movToCr3, PF, type X86PagingRegs } from "./paging";
import type { X86Cpu } from "./cpu";

export const MSR = {
  TSC: 0x10, APIC_BASE: 0x1b, TSC_DEADLINE: 0x6e0,
  EFER: 0xc0000080, STAR: 0xc0000081, LSTAR: 0xc0000082, CSTAR: 0xc0000083, FMASK: 0xc0000084,
  FS_BASE: 0xc0000100, GS_BASE: 0xc0000101, KERNEL_GS_BASE: 0xc0000102,
} as const;
/** EFER.SCE: SYSCALL/SYSRET enabled (bit 0). */
export const EFER_SCE = 1;
/** CR0.PE (bit 0). */
export const CR0_PE = 1;

/** Vectors that push an error code (SDM Vol. 3A Table 6-1). */
const HAS_ERROR = new Set([8, 10, 11, 12, 13, 14, 17, 21, 29, 30]);
/** RFLAGS bits cleared on delivery (TF, NT, RF, VM) and IF (interrupt gates). */
const TF = 0x100, IF = 0x200, NT = 0x4000, RF = 0x10000, VM = 0x20000;
/** RFLAGS bits IRETQ at CPL 0 may change; SYSRET's mask (SDM "SYSRET": R11 & 3C7FD7H). */
const IRET_MASK = 0x3f7fd5, SYSRET_MASK = 0x3c7fd7;

/** The local APIC's face the CPU uses (machine/devices/lapic.ts fits). */
export interface X86Apic {
  acknowledge(): number;
  readTscDeadline(): number; writeTscDeadline(v: number): void;
}
/** The port bus IN/OUT reach (machine/devices/portbus.ts fits). */
export interface X86Ports { read(port: number, size: number): number; write(port: number, size: number, v: number): void }
export interface IrqPin { readonly asserted: boolean }
/** The kernel entry window: a physical range where a CPL 0 fetch stops the CPU with Stop.KernelEntry. */
export interface EntryWindow { base: number; size: number }

/** How the kernel was last entered (the KernelMode's trap is decoded from this). */
export interface EntryRecord {
  via: "start" | "idt" | "syscall";
  vector: number;
  /** Error code pushed (-1: none). */
  code: number;
  fromUser: boolean;
  /** Linear address of the frame the CPU pushed (RIP's slot; the error code, if any, is 8 below). */
  frameLo: number; frameHi: number;
}

const big = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
const lo32 = (v: bigint): number => Number(BigInt.asUintN(64, v) & 0xffffffffn) | 0;
const hi32 = (v: bigint): number => Number(BigInt.asUintN(64, v) >> 32n) | 0;
const canonical = (hi: number): boolean => ((hi << 16) >> 16) === hi;

/** A delivery that itself faulted (the SDM's double/triple fault); the board reports it. */
export class DeliveryError extends Error {}

export class X86System implements X86PagingRegs {
  cr0 = CR0_PE; cr3 = 0; cr4 = 0; efer = EFER.LME;
  cr2 = 0n;
  idtBase = 0n; idtLimit = 0xffff; gdtBase = 0n; gdtLimit = 0xffff;
  tr = 0; tssBase = 0n;
  star = 0n; lstar = 0n; cstar = 0n; fmask = 0n; kernelGsBase = 0n;
  cs = 0x08; ss = 0x10;
  /** STI's interrupt shadow: interrupts are recognised only after the next instruction (SDM Vol. 2B "STI"). */
  shadow = false;
  last: EntryRecord = { via: "start", vector: -1, code: -1, fromUser: false, frameLo: 0, frameHi: 0 };
  /** Where the last KernelEntry stop fetched: physical and virtual. */
  entryPa = 0; entryVa = 0n;
  /** Virtual ticks that were not retired instructions (HLT skips, handler costs): the board sets it; RDTSC adds it. */
  idleTicks: () => number = () => 0;

  constructor(private readonly cpu: X86Cpu, readonly window: EntryWindow | null,
    readonly apic: X86Apic | null, readonly ports: X86Ports | null, readonly irq: IrqPin | null) {}

  /** Reset: CPL 0, interrupts off, paging off (see the header), TLB flushed. */
  reset(): void {
    this.cr0 = CR0_PE; this.cr3 = 0; this.cr4 = 0; this.efer = EFER.LME; this.cr2 = 0n;
    this.cs = 0x08; this.ss = 0x10; this.shadow = false;
    this.cpu.fl &= ~IF;
    this.setCpl(0);
    this.cpu.mmu.flushAll(true);
  }

  get cpl(): number { return this.cpu.cpl; }

  /** Change privilege: the Mmu's context follows CPL and, for SMAP, RFLAGS.AC. */
  setCpl(cpl: number): void {
    this.cpu.cpl = cpl;
    this.syncMmu();
  }

  syncMmu(): void {
    const m = this.cpu.mmu;
    m.user = this.cpu.cpl === 3;
    m.pan = (this.cr4 & CR4.SMAP) !== 0 && (this.cpu.rflags() & 0x40000) === 0;
  }

  // ---- Supervisor ("implicit") memory accesses: IDT, TSS, stack frames ----

  private asSupervisor<T>(f: () => T): T {
    const m = this.cpu.mmu, u = m.user;
    if (u) m.user = false;
    try { return f(); } finally { if (u) m.user = true; }
  }
  readLin64(lo: number, hi: number): bigint {
    return this.asSupervisor(() => { const l = this.cpu.mmu.read64(lo, hi); return big(l, this.cpu.mmu.hi64); });
  }

  // ---- Control registers and MSRs (MOV CRn, RDMSR/WRMSR effects) ----

  readCr(n: number): bigint {
    switch (n) {
      case 0: return BigInt(this.cr0 >>> 0);
      case 2: return this.cr2;
      case 3: return BigInt(this.cr3);
      case 4: return BigInt(this.cr4 >>> 0);
      default: throw new RangeError(`CR${n}`);
    }
  }

  /**
   * MOV to CRn. Returns false where the instruction raises #GP(0): reserved
   * bits, PG without PE or (in long mode) without CR4.PAE, clearing PAE
   * while paging, PCIDE set with CR3[11:0] != 0 (SDM Vol. 3A 2.5, 4.1.1).
   */
  writeCr(n: number, v: bigint): boolean {
    const m = this.cpu.mmu;
    const old: X86PagingRegs = { cr0: this.cr0, cr3: this.cr3, cr4: this.cr4, efer: this.efer };
    if (n === 2) { this.cr2 = BigInt.asUintN(64, v); return true; }
    if (n === 3) {
      const noFlush = (v >> 63n) === 1n;
      const val = BigInt.asUintN(63, v);
      if (val >> 40n !== 0n) return false;                  // MAXPHYADDR 40
      this.cr3 = Number(val);
      movToCr3(m, this, noFlush);
      this.cpu.invalidateLinks();                            // the address space changed even without a flush
      return true;
    }
    if (v >> 32n !== 0n) return false;
    const x = Number(v) | 0;
    if (n === 0) {
      if ((x & CR0.PG) !== 0 && ((x & CR0_PE) === 0 || (this.cr4 & CR4.PAE) === 0)) return false;
      this.cr0 = x;
      if ((x & CR0.PG) !== 0 && (this.efer & EFER.LME) !== 0) this.efer |= EFER.LMA;
      else this.efer &= ~EFER.LMA;
    } else if (n === 4) {
      if ((this.cr0 & CR0.PG) !== 0 && (x & CR4.PAE) === 0) return false;
      if ((x & CR4.PCIDE) !== 0 && (this.cr4 & CR4.PCIDE) === 0 && this.cr3 % 4096 !== 0) return false;
      this.cr4 = x;
    } else return false;
    controlRegsChanged(m, old, this);
    this.cpu.invalidateLinks();
    this.syncMmu();
    return true;
  }

  /** RDMSR; undefined for an MSR this CPU lacks (#GP). */
  rdmsr(i: number): bigint | undefined {
    const c = this.cpu;
    switch (i >>> 0) {
      case MSR.EFER: return BigInt(this.efer >>> 0);
      case MSR.STAR: return this.star;
      case MSR.LSTAR: return this.lstar;
      case MSR.CSTAR: return this.cstar;
      case MSR.FMASK: return this.fmask;
      case MSR.FS_BASE: return big(c.fsLo, c.fsHi);
      case MSR.GS_BASE: return big(c.gsLo, c.gsHi);
      case MSR.KERNEL_GS_BASE: return this.kernelGsBase;
      case MSR.TSC: return BigInt(c.retired + c.count + this.idleTicks());
      case MSR.APIC_BASE: return this.apic === null ? undefined : 0xfee00900n;   // enabled, BSP
      case MSR.TSC_DEADLINE: return this.apic === null ? undefined : BigInt(this.apic.readTscDeadline());
      default: return undefined;
    }
  }

  /** WRMSR; false where it raises #GP (unknown MSR, reserved EFER bits, non-canonical address MSRs). */
  wrmsr(i: number, v: bigint): boolean {
    const c = this.cpu;
    v = BigInt.asUintN(64, v);
    const addr = (): boolean => canonical(hi32(v));
    switch (i >>> 0) {
      case MSR.EFER: {
        if ((v & ~0xd01n) !== 0n) return false;             // SCE, LME, LMA (read-only here), NXE
        const old: X86PagingRegs = { cr0: this.cr0, cr3: this.cr3, cr4: this.cr4, efer: this.efer };
        this.efer = (Number(v) & (EFER_SCE | EFER.LME | EFER.NXE)) | (this.efer & EFER.LMA);
        controlRegsChanged(c.mmu, old, this);
        c.invalidateLinks();
        return true;
      }
      case MSR.STAR: this.star = v; return true;
      case MSR.LSTAR: if (!addr()) return false; this.lstar = v; return true;
      case MSR.CSTAR: if (!addr()) return false; this.cstar = v; return true;
      case MSR.FMASK: this.fmask = v & 0xffffffffn; return true;
      case MSR.FS_BASE: if (!addr()) return false; c.fsLo = lo32(v); c.fsHi = hi32(v); return true;
      case MSR.GS_BASE: if (!addr()) return false; c.gsLo = lo32(v); c.gsHi = hi32(v); return true;
      case MSR.KERNEL_GS_BASE: if (!addr()) return false; this.kernelGsBase = v; return true;
      case MSR.TSC_DEADLINE: if (this.apic === null) return false; this.apic.writeTscDeadline(Number(v)); return true;
      case MSR.APIC_BASE: return this.apic !== null;      // relocating the APIC is not supported: ignored
      default: return false;
    }
  }

  /** SWAPGS: exchange GS.base with IA32_KERNEL_GS_BASE. */
  swapgs(): void {
    const c = this.cpu, k = this.kernelGsBase;
    this.kernelGsBase = big(c.gsLo, c.gsHi);
    c.gsLo = lo32(k); c.gsHi = hi32(k);
  }

  /** LTR: load TR and read the TSS base from its 16-byte descriptor in the GDT (SDM Vol. 3A 8.2.3). */
  ltr(sel: number): boolean {
    const off = BigInt(sel & ~7);
    if ((sel & ~7) === 0 || off + 15n > BigInt(this.gdtLimit)) return false;
    const a = this.gdtBase + off;
    const d0 = this.readLin64(lo32(a), hi32(a)), d1 = this.readLin64(lo32(a + 8n), hi32(a + 8n));
    const type = Number((d0 >> 40n) & 0xfn);
    if (type !== 9 || ((d0 >> 47n) & 1n) === 0n) return false;   // available 64-bit TSS, present
    this.tssBase = ((d0 >> 16n) & 0xffffffn) | (((d0 >> 56n) & 0xffn) << 24n) | ((d1 & 0xffffffffn) << 32n);
    this.tr = sel & 0xffff;
    return true;
  }

  // ---- Delivery through the IDT (SDM Vol. 3A 6.12.1, 6.14) ----

  /**
   * Deliver `vector` with the frame's RIP = (ripLo, ripHi). `code` is the
   * error code (or -1), `soft` marks INT3/INTn (the gate's DPL is checked).
   * Throws DeliveryError if the gate or the stack is unusable (what would be
   * a double fault; this machine reports it instead of delivering #DF).
   */
  deliver(vector: number, code: number, soft: boolean, ripLo: number, ripHi: number): void {
    const c = this.cpu;
    const off = vector * 16;
    if (off + 15 > this.idtLimit) throw new DeliveryError(`vector ${vector} is beyond IDTR.limit 0x${this.idtLimit.toString(16)}`);
    const at = this.idtBase + BigInt(off);
    let g0: bigint, g1: bigint, rsp0: bigint | null = null;
    const fromCpl = c.cpl;
    try {
      g0 = this.readLin64(lo32(at), hi32(at));
      g1 = this.readLin64(lo32(at + 8n), hi32(at + 8n));
    } catch (e) {
      if (e === MEM_FAULT) throw new DeliveryError(`reading the IDT gate for vector ${vector} at 0x${at.toString(16)} faults`);
      throw e;
    }
    const type = Number((g0 >> 40n) & 0xfn), dpl = Number((g0 >> 45n) & 3n), present = (g0 >> 47n) & 1n;
    if (present === 0n) throw new DeliveryError(`IDT gate ${vector} is not present`);
    if (type !== 0xe && type !== 0xf) throw new DeliveryError(`IDT gate ${vector} has type 0x${type.toString(16)}, not a 64-bit interrupt or trap gate`);
    // A software interrupt the gate does not allow at this CPL: #GP(vector*8+2), a fault at the INT itself.
    if (soft && dpl < fromCpl) { this.deliver(13, vector * 8 + 2, false, c.softFromLo, c.softFromHi); return; }
    const sel = Number((g0 >> 16n) & 0xffffn);
    const target = (g0 & 0xffffn) | (((g0 >> 48n) & 0xffffn) << 16n) | ((g1 & 0xffffffffn) << 32n);
    const ist = Number((g0 >> 32n) & 7n);
    const newCpl = sel & 3;
    if (newCpl > fromCpl || (newCpl !== 0 && newCpl !== 3)) throw new DeliveryError(`IDT gate ${vector}: selector 0x${sel.toString(16)} would raise the privilege level`);
    try {
      if (ist !== 0) rsp0 = this.tssRead(0x24 + (ist - 1) * 8);
      else if (newCpl !== fromCpl) rsp0 = this.tssRead(4);
    } catch (e) {
      if (e === MEM_FAULT) throw new DeliveryError(`reading the TSS (base 0x${this.tssBase.toString(16)}) faults`);
      throw e;
    }
    const r = c.r;
    const oldRsp = big(r[8], r[9]);
    let sp = (rsp0 ?? oldRsp) & ~0xfn;                        // 64-bit mode aligns the new stack to 16 bytes
    const flags = c.rflags();
    const frame = [BigInt(this.ss), oldRsp, BigInt(flags >>> 0), BigInt(this.cs), big(ripLo, ripHi)];
    if (code >= 0) frame.push(BigInt(code >>> 0));
    const m = c.mmu, user = m.user;
    m.user = false;
    try {
      for (const v of frame) { sp -= 8n; m.write64(lo32(sp), hi32(sp), lo32(v), hi32(v)); }
    } catch (e) {
      if (e === MEM_FAULT) throw new DeliveryError(`pushing the frame for vector ${vector} at 0x${sp.toString(16)} faults`);
      throw e;
    } finally { m.user = user; }
    r[8] = lo32(sp); r[9] = hi32(sp);
    if (newCpl !== fromCpl) this.ss = 0;                      // a NULL SS with RPL = new CPL (6.14.4)
    this.cs = sel;
    c.setRflags(0, TF | NT | RF | VM | (type === 0xe ? IF : 0));
    this.setCpl(newCpl);
    this.last = { via: "idt", vector, code, fromUser: fromCpl === 3, frameLo: lo32(sp + (code >= 0 ? 8n : 0n)), frameHi: hi32(sp + (code >= 0 ? 8n : 0n)) };
    c.setPc(target);
  }

  private tssRead(off: number): bigint {
    const a = this.tssBase + BigInt(off);
    return this.readLin64(lo32(a), hi32(a));
  }

  /**
   * Turn what the run loop stopped for into the architectural event, if the
   * hardware takes it. Returns false for stops the board handles (budget,
   * halt, kernel entry) and emulator errors. May throw DeliveryError.
   */
  take(r: StopReason): boolean {
    const c = this.cpu, x = c.exc;
    if (r === Stop.Syscall) { this.syscall(); return true; }
    if (r !== Stop.Exception || x.detail.startsWith("internal emulator error")) return false;
    const rl = c.ripLo, rh = c.ripHi;
    if (x.kind === Exc.PageFault) {
      const m = c.mmu;
      if (m.faultCode === PF.NonCanonical) { this.deliver(13, 0, false, rl, rh); return true; }
      this.cr2 = big(m.faultLo, m.faultHi);
      this.deliver(14, m.faultCode & 0x1f, false, rl, rh);
      return true;
    }
    // INT3 and INT n are software interrupts: the gate's DPL is checked and no error code is pushed.
    const soft = x.kind === Exc.Breakpoint;
    this.deliver(x.vector, !soft && HAS_ERROR.has(x.vector) ? x.code : -1, soft, rl, rh);
    return true;
  }

  /** An external interrupt: the LAPIC's INTA cycle, then delivery with RIP = the next instruction. */
  interrupt(): void {
    const v = this.apic!.acknowledge();
    this.deliver(v, -1, false, this.cpu.ripLo, this.cpu.ripHi);
  }

  /**
   * SYSCALL's system half (the instruction already set RCX and R11): RFLAGS
   * &= ~FMASK, CS = STAR[47:32], SS = STAR[47:32] + 8, CPL 0, RIP = LSTAR.
   * No stack switch: the kernel's entry code must find its own stack.
   */
  syscall(): void {
    const c = this.cpu;
    const base = Number((this.star >> 32n) & 0xffffn);
    c.setRflags(0, Number(this.fmask & 0x3f7fd7n) | RF);
    this.cs = base & 0xfffc; this.ss = (base + 8) & 0xfffc;
    this.setCpl(0);
    this.last = { via: "syscall", vector: -1, code: -1, fromUser: true, frameLo: 0, frameHi: 0 };
    c.setPc(this.lstar);
  }

  /**
   * SYSRETQ (REX.W 0F 07) at CPL 0: #GP(0) if RCX is not canonical (checked
   * at CPL 0, before anything changes: the SDM's note on the AMD/Intel
   * difference). Else RIP = RCX, RFLAGS = (R11 & 3C7FD7H) | 2, CS =
   * STAR[63:48] + 16 | 3, SS = STAR[63:48] + 8 | 3, CPL 3. Returns false on #GP.
   */
  sysretq(): boolean {
    const c = this.cpu, r = c.r;
    if (!canonical(r[3])) return false;
    const base = Number((this.star >> 48n) & 0xffffn);
    c.setRflags(r[22] & SYSRET_MASK, 0x3f7fd7);
    this.cs = ((base + 16) & 0xffff) | 3; this.ss = ((base + 8) & 0xffff) | 3;
    this.setCpl(3);
    c.setPc(big(r[2], r[3]));
    return true;
  }

  /**
   * IRETQ (REX.W CF) in 64-bit mode: pop RIP, CS, RFLAGS, RSP, SS (always
   * all five). Checks (SDM Vol. 2A "IRET", protected-mode return): CS must
   * not be NULL, CS.RPL >= CPL, the new RIP canonical, SS not NULL when
   * returning to CPL 3. Returns the #GP error code on a failed check (nothing
   * changed), or -1 on success.
   */
  iretq(): number {
    const c = this.cpu, r = c.r;
    const at = (k: number): bigint => { const a = big(r[8], r[9]) + BigInt(k * 8); return this.readLin64(lo32(a), hi32(a)); };
    const rip = at(0), cs = Number(at(1) & 0xffffn), fl = Number(at(2) & 0xffffffffn), rsp = at(3), ss = Number(at(4) & 0xffffn);
    const rpl = cs & 3;
    if ((cs & ~3) === 0) return 0;
    if (rpl < c.cpl || (rpl !== 0 && rpl !== 3)) return cs & ~3;
    if (!canonical(hi32(rip))) return 0;
    if (rpl === 3 && (ss & ~3) === 0) return 0;
    const mask = c.cpl === 0 ? IRET_MASK | 0x3000 : 0x254dd5;
    c.setRflags(fl, mask);
    r[8] = lo32(rsp); r[9] = hi32(rsp);
    this.cs = cs; this.ss = ss;
    this.setCpl(rpl);
    c.setPc(rip);
    return -1;
  }
}

/** X86System's registers as plain data, for machine snapshots (the CPU's save() carries it). */
export interface X86SysState {
  cr0: number; cr3: number; cr4: number; efer: number; cr2: bigint;
  idtBase: bigint; idtLimit: number; gdtBase: bigint; gdtLimit: number; tr: number; tssBase: bigint;
  star: bigint; lstar: bigint; cstar: bigint; fmask: bigint; kernelGsBase: bigint; cs: number; ss: number;
  shadow: boolean; last: EntryRecord; entryPa: number; entryVa: bigint;
}
const SAVED = ["cr0", "cr3", "cr4", "efer", "cr2", "idtBase", "idtLimit", "gdtBase", "gdtLimit", "tr", "tssBase", "star",
  "lstar", "cstar", "fmask", "kernelGsBase", "cs", "ss", "shadow", "entryPa", "entryVa"] as const;

export function saveSys(s: X86System): X86SysState {
  const o: Record<string, unknown> = { last: { ...s.last } };
  for (const k of SAVED) o[k] = s[k];
  return o as unknown as X86SysState;
}

/** Restore after the CPU restored its registers and CPL; the TLB is flushed here. */
export function restoreSys(s: X86System, st: X86SysState, mmu: { flushAll(g?: boolean): void; asid: number }): void {
  const w = s as unknown as Record<string, unknown>;
  for (const k of SAVED) w[k] = st[k];
  s.last = { ...st.last };
  mmu.flushAll(true);
  mmu.asid = (s.cr4 & CR4.PCIDE) !== 0 ? s.cr3 % 4096 : 0;
  s.syncMmu();
}
