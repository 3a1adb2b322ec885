// The x86_64 CPU: the run loop, the decoded-instruction cache and the
// Cpu interface (register access for loaders, the syscall layer, tests).
//
// The run loop is deliberately tiny: find the decoded instruction for RIP,
// call its handler, advance. Everything else lives in the handlers. A fault
// unwinds out of the handler as a thrown constant (MEM_FAULT from the MMU,
// or one of the *_FAULT / *_TRAP constants in state.ts); since handlers
// change architectural state only after their last access that can fault,
// RIP and the registers still describe the faulting instruction.
//
// Decoded instructions are cached per physical frame (4 KiB): pages[frame]
// is an array indexed by the offset within the frame. Marking the frame in
// mem.codeMap makes every store to it call onCodeWrite, which drops the
// frame's decodings (self-modifying code, or a loader reusing the frame).
// Straight-line code also links each instruction to the next one in the
// same frame, and each branch remembers its last target, so most steps need
// no lookup at all; hot straight-line code is compiled into blocks
// (blocks.ts).

import { Exc, type Cpu, type ExceptionInfo, Stop, type StopReason } from "../core/cpu";
import { Access, MEM_FAULT, type Mmu } from "../core/mmu";
import { PAGE_SHIFT } from "../core/physmem";
import { fromBig, toBig } from "../core/int64";
import { bindAddress, decode } from "./decode";
import { type Block, HOT, buildBlock } from "./blocks";
import { BAD_HANDLER, BRANCH_HANDLERS, COND_BRANCH_HANDLERS, NO_BLOCK_HANDLERS } from "./optable";
import { Insn } from "./insn";
import { ATTN_TRAP, BP_TRAP, DE_FAULT, GP_FAULT, HALT_TRAP, IF, INT_TRAP, LF, TF, SYSCALL_TRAP, UD_FAULT, X86State } from "./state";
import { DeliveryError, restoreSys, saveSys, type X86SysState } from "./system";

/** The fetch at CPL 0 hit the kernel entry window (system.ts). */
const KENTRY_STOP = { kernelEntry: true } as const;

export const REG_NAMES = [
  "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
  "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "fs_base", "gs_base",
] as const;

type Page = (Insn | undefined)[];

/** Control transfers and stops end a block (they are its last instruction). */
function endsBlock(d: Insn): boolean { return BRANCH_HANDLERS.has(d.exec) || d.exec === BAD_HANDLER; }
/** Instructions that must run outside blocks (they read the live retired count). */
function notInBlock(d: Insn): boolean { return NO_BLOCK_HANDLERS.has(d.exec); }
function conditional(d: Insn): boolean { return COND_BRANCH_HANDLERS.has(d.exec); }

export class X86Cpu extends X86State implements Cpu {
  readonly arch = "x86_64" as const;
  readonly regNames: readonly string[] = REG_NAMES;
  readonly exc: ExceptionInfo = { kind: Exc.Undefined, vector: 6, code: 0, detail: "" };
  private pages: (Page | undefined)[];
  /** For a frame F: frames holding instructions that run on into F. */
  private straddlers = new Map<number, number[]>();
  /** Address of the instruction being decoded (fetchByte reads relative to it). */
  private fetchLo = 0;
  private fetchHi = 0;
  /** The instruction executing now (null while looking one up). */
  private cur: Insn | null = null;
  /** The block running now, and the instruction count before it (to count retired work on a fault). */
  private curBlk: Block | null = null;
  private blkBase = 0;
  /** Compile hot straight-line code into blocks (off: always interpret, for A/B tests). */
  blocksEnabled = true;
  /** Bumped whenever cached decodings or translations may be stale; branch-target links check it. */
  private gen = 0;

  constructor(mmu: Mmu) {
    super(mmu);
    this.pages = new Array(mmu.codeMap.length);
    // Chain onto any earlier listener: several CPUs may share one memory.
    const prev = mmu.mem.onCodeWrite;
    mmu.mem.onCodeWrite = (frame) => { prev(frame); this.dropFrame(frame); };
    // A TLB flush means mappings changed: cached branch targets (which skip
    // translation) must be re-looked up.
    const flushAll = mmu.flushAll.bind(mmu), flushPage = mmu.flushPage.bind(mmu), flushAsid = mmu.flushAsid.bind(mmu);
    mmu.flushAll = (...a: Parameters<Mmu["flushAll"]>) => { flushAll(...a); this.gen++; };
    mmu.flushPage = (...a: Parameters<Mmu["flushPage"]>) => { flushPage(...a); this.gen++; };
    mmu.flushAsid = (...a: Parameters<Mmu["flushAsid"]>) => { flushAsid(...a); this.gen++; };
  }

  run(budget: number): StopReason {
    if (this.sys === null) return this.runUser(budget) as StopReason;   // (ATTN needs a system)
    return this.runSystem(budget);
  }

  /**
   * System mode: before running, take a pending external interrupt (pin
   * asserted, RFLAGS.IF = 1, no STI shadow); after, turn faults and
   * SYSCALL into their architectural delivery and run on from the handler.
   * Returns for the budget, HLT, a kernel entry, a system instruction that
   * needs the board's attention (OUT, STI, ...: Stop.Budget, early), or an
   * error (a delivery that faults: Stop.Exception with the reason).
   */
  private runSystem(budget: number): StopReason {
    const sys = this.sys!, end = this.retired + budget;
    for (;;) {
      const left = end - this.retired;
      if (left <= 0) return Stop.Budget;
      let r: StopReason | -1;
      try {
        if (sys.shadow) { sys.shadow = false; r = this.runUser(1); }
        else if ((this.fl & TF) !== 0) {
          if (sys.irq !== null && sys.irq.asserted && (this.fl & IF) !== 0 && sys.apic !== null) { sys.interrupt(); continue; }
          // Single-step (SDM Vol. 3A 17.3.1.4): with TF set when an instruction starts, a #DB trap
          // follows it (RIP = the next instruction). One instruction per step; faults take precedence.
          r = this.runUser(1);
          if (r === Stop.Budget || r === -1) { sys.deliver(1, -1, false, this.ripLo, this.ripHi); continue; }
        } else {
          if (sys.irq !== null && sys.irq.asserted && (this.fl & IF) !== 0 && sys.apic !== null) sys.interrupt();
          r = this.runUser(left);
        }
        if (r === -1) return Stop.Budget;
        if (r === Stop.Exception || r === Stop.Syscall) {
          if (sys.take(r)) continue;
        }
        return r;
      } catch (e) {
        if (!(e instanceof DeliveryError)) throw e;
        return this.raise(Exc.Protection, 8, 0, `double fault: ${e.message}`);
      }
    }
  }

  private runUser(budget: number): StopReason | -1 {
    if (budget <= 0) return Stop.Budget;
    this.count = 0;
    try {
      this.loop(budget);
    } catch (e) {
      if (this.curBlk !== null) {                  // a fault inside a block: count what retired before it
        this.count = this.blkBase + this.blkDone + Math.max(0, this.curBlk.insns.indexOf(this.cur as Insn));
        this.curBlk = null;
      }
      this.retired += this.count;
      this.jumped = false;
      const stop = this.stopFor(e);
      this.cur = null;
      return stop;
    }
    this.retired += this.count;
    this.cur = null;
    return Stop.Budget;
  }

  /**
   * The interpreter loop proper, kept free of rarely taken paths so V8
   * optimizes it once and keeps it optimized. `count` is a field so a
   * thrown fault still knows how many instructions retired before it, and
   * `cur` says which instruction was running. Hot straight-line code runs
   * as compiled blocks (blocks.ts); the rest one instruction at a time.
   */
  private loop(budget: number): void {
    let d = this.lookup(this.ripLo, this.ripHi);
    let n = 0;
    for (;;) {
      let last: Insn;
      const b = d.blk;
      if (b !== null && budget - n >= b.insns.length) {
        this.blkBase = n; this.curBlk = b; this.blkDone = 0;
        const k = b.fn(this, budget - n);
        this.curBlk = null;
        n += k;
        last = b.insns[(k - 1) % b.insns.length];
      } else {
        this.cur = d;
        d.exec(this, d);
        n++;
        last = d;
        if (++d.hits === HOT) this.makeBlock(d);
      }
      this.count = n;
      if (this.jumped) {
        // The handler put the target in ripLo/ripHi.
        this.jumped = false;
        if (n >= budget) return;
        const lo = this.ripLo, hi = this.ripHi;
        // Follow the branch's cached target if it went to the same place as last time.
        if (last.tgtLo === lo && last.tgtHi === hi && last.tgtGen === this.gen && last.tgt !== null) d = last.tgt;
        else d = this.relink(last, lo, hi);
      } else {
        if (n >= budget) { this.ripLo = last.nextLo; this.ripHi = last.nextHi; return; }
        const nx: Insn | null = last.next;
        d = nx !== null ? nx : this.lookup(last.nextLo, last.nextHi);
      }
    }
  }

  private makeBlock(d: Insn): void {
    if (this.blocksEnabled) d.blk = buildBlock(d, endsBlock, notInBlock, conditional);
  }

  /** Look up a branch target and remember it in the branching instruction. */
  private relink(d: Insn, lo: number, hi: number): Insn {
    const t = this.lookup(lo, hi);
    d.tgt = t; d.tgtLo = lo; d.tgtHi = hi; d.tgtGen = this.gen;
    return t;
  }

  /** Turn a thrown constant into the Stop the caller sees. */
  private stopFor(e: unknown): StopReason | -1 {
    const d = this.cur;
    if (e === ATTN_TRAP) { this.retired++; return -1; }    // RIP set by the handler
    if (e === KENTRY_STOP) return Stop.KernelEntry;                     // RIP at the window (lookup set it)
    if (d !== null) {                             // a fault in a handler: RIP back at the instruction
      this.ripLo = d.vaLo; this.ripHi = d.vaHi;
    }                                             // else a fetch fault: lookup() already set RIP
    if (d !== null && (e === SYSCALL_TRAP || e === BP_TRAP || e === HALT_TRAP || e === INT_TRAP)) {
      this.softFromLo = d.vaLo; this.softFromHi = d.vaHi;
      this.ripLo = d.nextLo; this.ripHi = d.nextHi;   // traps report the next instruction
      this.retired++;
      if (e === SYSCALL_TRAP) return Stop.Syscall;
      if (e === HALT_TRAP) return Stop.Halt;
      if (e === INT_TRAP) return this.raise(Exc.Breakpoint, this.softVector, 0, `int 0x${this.softVector.toString(16)}`);
      return this.raise(Exc.Breakpoint, 3, 0, "int3");
    }
    if (e === MEM_FAULT) {
      const m = this.mmu;
      const code = (m.faultCode === 2 ? 1 : 0) | (m.faultAccess === Access.Write ? 2 : 0) | 4 |
        (m.faultAccess === Access.Exec ? 16 : 0);
      return this.raise(Exc.PageFault, 14, code, `page fault at 0x${toBig(m.faultLo, m.faultHi).toString(16)}`);
    }
    if (e === UD_FAULT) return this.raise(Exc.Undefined, 6, 0, "undefined or unsupported instruction");
    if (e === DE_FAULT) return this.raise(Exc.DivideError, 0, 0, "divide error");
    if (e === GP_FAULT) return this.raise(Exc.Protection, 13, 0, "general protection");
    // Anything else is a bug in the emulator (or a bus error from a device):
    // it must not escape run() as a JavaScript exception. Report it as #UD
    // with the message so the user sees where it happened.
    const msg = e instanceof Error ? e.message : String(e);
    return this.raise(Exc.Undefined, 6, 0, `internal emulator error: ${msg}`);
  }

  private raise(kind: ExceptionInfo["kind"], vector: number, code: number, detail: string): StopReason {
    const x = this.exc as { kind: ExceptionInfo["kind"]; vector: number; code: number; detail: string };
    x.kind = kind; x.vector = vector; x.code = code; x.detail = detail;
    return Stop.Exception;
  }

  // ---- The decode cache ----

  /** The decoded instruction at (lo, hi), decoding (and caching) it if needed. Sets RIP. */
  private lookup(lo: number, hi: number): Insn {
    this.ripLo = lo; this.ripHi = hi;
    this.cur = null;
    if (((hi << 16) >> 16) !== hi) throw GP_FAULT;      // non-canonical RIP
    const pa = this.mmu.translate(lo, hi, Access.Exec);
    if (pa < 0) {                                      // not RAM: MMIO (never cached), or the kernel entry window
      const s = this.sys;
      if (s !== null && s.window !== null && this.cpl === 0 && -pa - 1 >= s.window.base && -pa - 1 < s.window.base + s.window.size) {
        s.entryPa = -pa - 1; s.entryVa = toBig(lo, hi);
        throw KENTRY_STOP;
      }
      return this.decodeAt(lo, hi, -1);
    }
    const frame = pa >>> PAGE_SHIFT;
    let page = this.pages[frame];
    if (page === undefined) {
      page = new Array<Insn | undefined>(1 << PAGE_SHIFT);
      this.pages[frame] = page;
      this.mmu.codeMap[frame] = 1;
    }
    const off = pa & ((1 << PAGE_SHIFT) - 1);
    let d = page[off];
    if (d === undefined || d.vaLo !== lo || d.vaHi !== hi) {   // (a frame mapped at two addresses gets re-bound)
      d = this.decodeAt(lo, hi, pa);
      page[off] = d;
      const end = off + d.len;
      if (end > (1 << PAGE_SHIFT)) this.noteStraddle(frame, lo, hi, d.len);
      else this.link(page, off, d);
    }
    return d;
  }

  /** Link neighbours in one frame so straight-line code needs no lookup. */
  private link(page: Page, off: number, d: Insn): void {
    const end = off + d.len;
    if (end < page.length) { const nx = page[end]; if (nx !== undefined) d.next = nx; }
    // Find a predecessor ending exactly here (scan back at most 15 bytes).
    for (let k = 1; k <= 15 && k <= off; k++) {
      const p = page[off - k];
      if (p !== undefined && p.len === k && p.next === null) { p.next = d; break; }
    }
  }

  /** An instruction in `frame` runs into the next virtual page: writes to that page's frame must drop it too. */
  private noteStraddle(frame: number, lo: number, hi: number, len: number): void {
    const s = ((lo >>> 0) + len - 1);
    const pa2 = this.mmu.translate(s | 0, s > 0xffffffff ? (hi + 1) | 0 : hi, Access.Exec);
    if (pa2 < 0) return;
    const f2 = pa2 >>> PAGE_SHIFT;
    this.mmu.codeMap[f2] = 1;
    const list = this.straddlers.get(f2);
    if (list === undefined) this.straddlers.set(f2, [frame]);
    else if (!list.includes(frame)) list.push(frame);
  }

  private decodeAt(lo: number, hi: number, _pa: number): Insn {
    this.fetchLo = lo; this.fetchHi = hi;
    const d = new Insn();
    decode(this.fetchByte, d);
    bindAddress(d, lo, hi);
    return d;
  }

  private fetchByte = (i: number): number => {
    const s = (this.fetchLo >>> 0) + i;
    return this.mmu.fetch8(s | 0, s > 0xffffffff ? (this.fetchHi + 1) | 0 : this.fetchHi);
  };

  /** A store hit a frame we decoded from: forget its instructions (and those running into it). */
  private dropFrame(frame: number): void {
    this.pages[frame] = undefined;
    const list = this.straddlers.get(frame);
    if (list !== undefined) {
      this.straddlers.delete(frame);
      for (const f of list) { this.pages[f] = undefined; this.mmu.codeMap[f] = 0; }
    }
    this.gen++;
    const d = this.cur;
    if (d !== null) {
      // The instruction running now may have changed the code after it:
      // continue with a fresh lookup of the next instruction, not its stale link.
      this.ripLo = d.nextLo; this.ripHi = d.nextHi;
      this.jumped = true;
    }
  }

  /**
   * Forget the cached branch links (not the decodings). System mode must
   * call this when the address space changes without a TLB flush (a CR3
   * write with PCIDs, a context switch between TLB banks).
   */
  invalidateLinks(): void { this.gen++; }

  flushDecodeCache(): void {
    this.pages.fill(undefined);
    this.straddlers.clear();
    this.mmu.codeMap.fill(0);
    this.gen++;
  }

  // ---- Off the hot path ----

  getReg(index: number): bigint {
    if (index >= 0 && index < 16) return toBig(this.r[2 * index], this.r[2 * index + 1]);
    if (index === 16) return toBig(this.fsLo, this.fsHi);
    if (index === 17) return toBig(this.gsLo, this.gsHi);
    throw new RangeError(`x86_64 has no register number ${index} (0..17: ${REG_NAMES.join(" ")})`);
  }

  setReg(index: number, value: bigint): void {
    const [lo, hi] = fromBig(value);
    if (index >= 0 && index < 16) { this.r[2 * index] = lo; this.r[2 * index + 1] = hi; }
    else if (index === 16) { this.fsLo = lo; this.fsHi = hi; }
    else if (index === 17) { this.gsLo = lo; this.gsHi = hi; }
    else throw new RangeError(`x86_64 has no register number ${index} (0..17: ${REG_NAMES.join(" ")})`);
  }

  getPc(): bigint { return toBig(this.ripLo, this.ripHi); }

  setPc(value: bigint): void {
    [this.ripLo, this.ripHi] = fromBig(value);
    this.jumped = false;
    this.cur = null;
  }

  // ---- Snapshots (machine/core/snapshot.ts) ----

  /** The architectural state as plain data: registers, RIP, RFLAGS (materialised), CPL, system registers, retired. */
  save(): X86CpuState {
    return {
      r: Array.from(this.r), x: Array.from(this.x), rip: [this.ripLo, this.ripHi], fs: [this.fsLo, this.fsHi],
      gs: [this.gsLo, this.gsHi], rflags: this.rflags(), cpl: this.cpl, retired: this.retired,
      ...(this.sys !== null ? { sys: saveSys(this.sys) } : {}),
    };
  }

  /** Put a save() back; decoded code and the TLB are dropped (RAM may differ). */
  restore(s: X86CpuState): void {
    this.r.set(s.r); this.x.set(s.x);
    [this.ripLo, this.ripHi] = s.rip; [this.fsLo, this.fsHi] = s.fs; [this.gsLo, this.gsHi] = s.gs;
    this.fl = s.rflags; this.lop = LF.Eager;
    this.cpl = s.cpl; this.retired = s.retired; this.count = 0;
    this.jumped = false; this.cur = null;
    this.flushDecodeCache();
    this.mmu.flushAll(true);
    if (this.sys !== null && s.sys !== undefined) restoreSys(this.sys, s.sys, this.mmu);
  }

  getFlags(): bigint { return BigInt(this.rflags() >>> 0); }

  setFlags(value: bigint): void {
    this.fl = (Number(BigInt.asUintN(32, value)) & 0x3f7fd7) | 2;
    this.lop = 0;
  }
}

/** X86Cpu.save(): plain data (survives structuredClone, hashable). */
export interface X86CpuState {
  r: number[]; x: number[]; rip: [number, number]; fs: [number, number]; gs: [number, number];
  rflags: number; cpl: number; retired: number; sys?: X86SysState;
}
