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
import { BP_TRAP, DE_FAULT, GP_FAULT, SYSCALL_TRAP, UD_FAULT, X86State } from "./state";

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
  private stopFor(e: unknown): StopReason {
    const d = this.cur;
    if (d !== null) {                             // a fault in a handler: RIP back at the instruction
      this.ripLo = d.vaLo; this.ripHi = d.vaHi;
    }                                             // else a fetch fault: lookup() already set RIP
    if (d !== null && (e === SYSCALL_TRAP || e === BP_TRAP)) {
      this.ripLo = d.nextLo; this.ripHi = d.nextHi;   // traps report the next instruction
      this.retired++;
      if (e === SYSCALL_TRAP) return Stop.Syscall;
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
    if (pa < 0) return this.decodeAt(lo, hi, -1);      // MMIO: never cached
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

  getFlags(): bigint { return BigInt(this.rflags() >>> 0); }

  setFlags(value: bigint): void {
    this.fl = (Number(BigInt.asUintN(32, value)) & 0x3f7fd7) | 2;
    this.lop = 0;
  }
}
