// The AArch64 CPU at EL0: register state, the decoded-instruction cache and
// the run loop.
//
// Registers are 64 bits, kept as int32 halves in one Int32Array: slot s
// holds its low word at x[2s] and its high word at x[2s+1] (slots are listed
// in insn.ts: X0..X30, SP, and the zero register's read and write slots).
// The flags N, Z, C, V live in four small fields, set eagerly by the
// flag-setting instructions (they are rare enough in gcc output that lazy
// flags would not pay for their complexity).
//
// The run loop works a page at a time. It translates the PC once, finds the
// page's array of decoded instructions, and then steps through the array:
// the next instruction is simply the next slot, unless a branch handler set
// `jumped` (and wrote pcLo/pcHi). Handlers that need their own address (ADR,
// BL, literal loads, branches) compute it as `baseLo/baseHi` (the page's
// virtual base) plus `d.off`. When anything goes wrong a handler throws: the
// MMU's MEM_FAULT sentinel for a data abort, or CPU_STOP after filling `exc`
// or `stopReason`; the loop then sets the PC to the instruction's address
// (or past it, for SVC), so exceptions are precise.

import { Exc, Stop, type Cpu, type ExceptionInfo, type StopReason } from "../core/cpu";
import { fromBig, toBig } from "../core/int64";
import { Access, MEM_FAULT, type Mmu } from "../core/mmu";
import { BusError, PAGE_SHIFT } from "../core/physmem";
import { handlerFor } from "./bind";
import { decode } from "./decode";
import { Insn, SLOTS, SP } from "./insn";
import { restoreSys, saveSys, type Arm64System, type Arm64SysState } from "./system";

/** Thrown by handlers (after setting stopReason / exc) to leave the run loop. */
export const CPU_STOP = { cpuStop: true } as const;

/** ESR_ELx exception classes (Arm ARM D17.2.37) used in `exc.vector`. */
export const EC = {
  Unknown: 0x00, Wfx: 0x01, Svc64: 0x15, SysReg: 0x18, InstrAbortLower: 0x20, PcAlign: 0x22,
  DataAbortLower: 0x24, SpAlign: 0x26, Brk64: 0x3c,
} as const;

const REG_NAMES: readonly string[] = [
  ...Array.from({ length: 31 }, (_, i) => `x${i}`), "sp", "tpidr_el0",
];

const INSNS_PER_PAGE = 1 << (PAGE_SHIFT - 2);

export class Arm64Cpu implements Cpu {
  readonly arch = "arm64" as const;
  readonly regNames = REG_NAMES;
  /** Exception level: 0 (user) or 1 (kernel). Stays 0 unless a board attached `sys`. */
  el = 0;
  /** PSTATE.D, A, I, F in bits 9:6 (as MRS DAIF reads them); all masked at reset. */
  daif = 0x3c0;
  /**
   * System mode (system.ts): EL1 state, exception entry, the interrupt pin,
   * timer and firmware. null for a user-mode run, where every SVC and fault
   * stops the CPU for its driver instead of being taken to EL1.
   */
  sys: Arm64System | null = null;
  /**
   * SP alignment checking (D1.8.2): a load/store based on an SP that is not
   * 16-byte aligned faults (EC 0x26). Always on for user-mode runs (Linux
   * sets SCTLR_EL1.SA0); in system mode it follows SCTLR_EL1.SA0 at EL0 and
   * SA at EL1.
   */
  spAlign = true;
  /** Set by handlers that changed PSTATE or translation: the run loop leaves the block and looks again. */
  recheck = false;
  /** X0..X30, SP, XZR (read), XZR (write sink): lo at [2s], hi at [2s+1]. */
  readonly x = new Int32Array(SLOTS * 2);
  /** The PC. Exact whenever run() is not executing (handlers see baseLo/baseHi + d.off). */
  pcLo = 0; pcHi = 0;
  /** V0..V31 (128 bits each, four int32 words): only the few SIMD forms in simd.ts use them. */
  readonly v = new Int32Array(32 * 4);
  /** Virtual address of the page being executed. */
  baseLo = 0; baseHi = 0;
  /** Set by a handler that wrote pcLo/pcHi (a taken branch). */
  jumped = false;
  nf = 0; zf = 0; cf = 0; vf = 0;
  tpidrLo = 0; tpidrHi = 0;
  tpidrroLo = 0; tpidrroHi = 0;
  fpcr = 0; fpsr = 0;
  /** The event register WFE waits on (set by SEV/SEVL and by returning from an exception). */
  eventRegister = false;
  /** The local exclusive monitor (LDXR/STXR): armed, address and size. */
  exclArmed = false; exclLo = 0; exclHi = 0; exclSize = 0;
  retired = 0;
  readonly exc: ExceptionInfo = { kind: Exc.Undefined, vector: 0, code: 0, detail: "" };
  stopReason: StopReason = Stop.Budget;

  /** Decoded instructions per physical frame (null: none yet); SENTINEL marks a slot not yet decoded. */
  private readonly pages: (Insn[] | null)[];

  constructor(readonly mmu: Mmu) {
    const mem = mmu.mem;
    this.pages = new Array<Insn[] | null>(mem.size >>> PAGE_SHIFT).fill(null); // dense, not a sparse dictionary
    const previous = mem.onCodeWrite;
    mem.onCodeWrite = (frame) => { previous(frame); this.dropFrame(frame); };
  }

  // ---- The run loop ----

  run(budget: number): StopReason {
    const sys = this.sys;
    if (sys === null) return this.runBlocks(budget);
    // System mode: exceptions are taken to EL1 and execution goes on at the vector.
    const end = this.retired + budget;
    let taken = 0, at = this.retired;
    for (;;) {
      const r = this.runBlocks(end - this.retired);
      if ((r !== Stop.Exception && r !== Stop.Syscall) || !sys.deliver(r)) return r;
      // An exception whose vector faults again takes another one, forever, as on hardware;
      // we stop after a few in a row without progress and say so.
      if (this.retired !== at) { at = this.retired; taken = 0; } else if (++taken > 8) {
        return this.setExc(Exc.Undefined, this.exc.vector, this.exc.code,
          `recursive exception: the vector at VBAR_EL1 + offset faults (ESR_EL1 0x${sys.esr.toString(16)}, ELR_EL1 0x${sys.elr.toString(16)})`);
      }
      if (this.retired >= end) return Stop.Budget;
    }
  }

  /** Between blocks in system mode: an illegal-state exception, or an IRQ to take (D1.10). */
  private attention(sys: Arm64System): void {
    this.recheck = false;
    if (sys.illegal) {
      sys.take(0, (0x0e << 26) | (1 << 25), null);      // EC 0x0E Illegal Execution state
    }
    const pin = sys.irq;
    if (pin !== null && pin.asserted && (this.daif & 0x80) === 0) sys.takeIrq();
  }

  private runBlocks(budget: number): StopReason {
    const mmu = this.mmu, sys = this.sys;
    let left = budget;
    this.stopReason = Stop.Budget;
    this.jumped = false;
    while (left > 0) {
      if (sys !== null) this.attention(sys);
      if ((this.pcLo & 3) !== 0) return this.pcAlignment();
      let pa: number;
      try {
        pa = mmu.translate(this.pcLo, this.pcHi, Access.Exec);
      } catch (e) {
        return this.caught(e, 0);
      }
      if (pa < 0) return this.fetchOutsideRam(-pa - 1);
      const frame = pa >>> PAGE_SHIFT;
      const page = this.pages[frame] ?? this.newPage(frame);
      const baseLo = this.pcLo & ~0xfff, baseHi = this.pcHi;
      this.baseLo = baseLo; this.baseHi = baseHi;
      let idx = (pa & 0xfff) >>> 2;
      try {
        for (;;) {
          let d = page[idx];
          if (d === SENTINEL) d = this.decodeInto(page, frame, idx);
          d.exec(this, d);
          this.retired++;
          left--;
          if (this.jumped) {
            // A taken branch: stay in this loop only if the target is an aligned slot of this page.
            this.jumped = false;
            const pc = this.pcLo;
            if (left <= 0 || (pc & 0xfffff003) !== baseLo || this.pcHi !== baseHi || this.recheck) break;
            idx = (pc & 0xfff) >>> 2;
          } else if (++idx === INSNS_PER_PAGE || left <= 0) {
            this.setPcAt(idx);
            break;
          }
        }
      } catch (e) {
        return this.caught(e, idx);
      }
    }
    return Stop.Budget;
  }

  /**
   * An instruction fetch from a physical address outside RAM: at EL1 inside
   * the board's kernel entry window it is the kernel's TypeScript entry
   * (nothing executes; the board calls the function); anything else is a
   * fetch from a device, which we do not execute.
   */
  private fetchOutsideRam(pa: number): StopReason {
    const sys = this.sys;
    const w = sys === null ? null : sys.window;
    if (sys !== null && w !== null && this.el === 1 && pa >= w.base && pa < w.base + w.size) {
      sys.entryPa = pa; sys.entryVa = this.getPc();
      return Stop.KernelEntry;
    }
    return this.undefinedAt(`instruction fetch from device memory (physical 0x${pa.toString(16)})`);
  }

  /** PC = the page base + 4 * idx (idx may be one past the page: the next page). */
  private setPcAt(idx: number): void {
    const l = (this.baseLo >>> 0) + idx * 4;
    this.pcLo = l | 0;
    this.pcHi = (this.baseHi + (l > 0xffffffff ? 1 : 0)) | 0;
  }

  /**
   * Turn what a handler threw into a stop reason, with the PC where the
   * architecture wants it. `idx` is the slot of the instruction that threw
   * (for a fetch fault, pcLo/pcHi are already right and idx is unused).
   */
  private caught(e: unknown, idx: number): StopReason {
    const fetchFault = e === MEM_FAULT && this.mmu.faultAccess === Access.Exec;
    if (e === CPU_STOP) {
      if (this.stopReason === Stop.Syscall || this.stopReason === Stop.Halt || this.stopReason === Stop.Budget) {
        this.retired++;                     // SVC, WFI, HVC complete: the PC moves past them
        if (this.stopReason === Stop.Syscall) this.eventRegister = true; // the kernel's ERET sets it
        this.setPcAt(idx + 1);
        return this.stopReason;
      }
      this.setPcAt(idx);
      return Stop.Exception;
    }
    if (!fetchFault) this.setPcAt(idx);
    if (e === MEM_FAULT) {
      const m = this.mmu;
      return this.setExc(Exc.PageFault, fetchFault ? EC.InstrAbortLower : EC.DataAbortLower, m.faultCode,
        fetchFault ? "instruction abort" : "data abort");
    }
    if (e instanceof BusError) {
      // Nothing answers at that physical address: a synchronous external abort (DFSC 0b010000),
      // with ISS.FnV set because the faulting virtual address is not kept on this path.
      return this.setExc(Exc.Protection, EC.DataAbortLower, 0x10 | (1 << 10),
        `synchronous external abort: nothing at physical 0x${e.addr.toString(16)}`);
    }
    // A bug in this emulator, not in the program: report it rather than crash the caller.
    const msg = e instanceof Error ? e.message : String(e);
    return this.setExc(Exc.Undefined, EC.Unknown, 0, `internal emulator error: ${msg}`);
  }

  setExc(kind: ExceptionInfo["kind"], vector: number, code: number, detail: string): StopReason {
    const x = this.exc;
    x.kind = kind; x.vector = vector; x.code = code; x.detail = detail;
    this.stopReason = Stop.Exception;
    return Stop.Exception;
  }

  private undefinedAt(detail: string): StopReason {
    this.setExc(Exc.Undefined, EC.Unknown, 0, detail);
    return Stop.Exception;
  }

  private pcAlignment(): StopReason {
    this.mmu.faultLo = this.pcLo; this.mmu.faultHi = this.pcHi;
    return this.setExc(Exc.Protection, EC.PcAlign, 0, "PC alignment fault: branch to an address that is not a multiple of 4");
  }

  // ---- The decoded-instruction cache ----

  private newPage(frame: number): Insn[] {
    const page: Insn[] = Array.from({ length: INSNS_PER_PAGE }, () => SENTINEL); // packed, not holey
    this.pages[frame] = page;
    this.mmu.codeMap[frame] = 1;
    return page;
  }

  /** Decode the instruction in slot `idx` of physical frame `frame` into the cache. */
  private decodeInto(page: Insn[], frame: number, idx: number): Insn {
    const pa = (frame << PAGE_SHIFT) + idx * 4;
    const d = decode(this.mmu.view.getInt32(pa, true), new Insn());
    d.off = idx * 4;
    d.exec = handlerFor(d);
    page[idx] = d;
    this.mmu.codeMap[frame] = 1;         // a write may have cleared it since the page was made
    return d;
  }

  /** A write hit a frame we decoded from: forget its decodings (self-modifying code). */
  private dropFrame(frame: number): void {
    const page = this.pages[frame];
    if (page) page.fill(SENTINEL);
  }

  flushDecodeCache(): void {
    for (const p of this.pages) if (p) p.fill(SENTINEL);
  }

  // ---- Off the hot path: state access for loaders, syscalls, tests, the debugger ----

  /**
   * Everything architectural, as plain data, for machine snapshots (the
   * debugger's reverse step, determinism hashes): registers, PC, flags,
   * system registers, the event register, the exclusive monitor and the
   * retired count. Decoded instructions are a cache and are not saved.
   */
  save(): Arm64State {
    return {
      x: this.x.slice(0, (SP + 1) * 2), v: this.v.slice(), pcLo: this.pcLo, pcHi: this.pcHi,
      nzcv: Number(this.getFlags()), tpidr: [this.tpidrLo, this.tpidrHi], tpidrro: [this.tpidrroLo, this.tpidrroHi],
      fpcr: this.fpcr, fpsr: this.fpsr, event: this.eventRegister,
      excl: [this.exclArmed ? 1 : 0, this.exclLo, this.exclHi, this.exclSize], retired: this.retired, el: this.el,
      ...(this.sys !== null ? { sys: saveSys(this.sys, this.daif) } : {}),
    };
  }

  restore(s: Arm64State): void {
    this.x.fill(0);
    this.x.set(s.x);
    this.v.set(s.v);
    this.pcLo = s.pcLo; this.pcHi = s.pcHi;
    this.setFlags(BigInt(s.nzcv));
    [this.tpidrLo, this.tpidrHi] = s.tpidr;
    [this.tpidrroLo, this.tpidrroHi] = s.tpidrro;
    this.fpcr = s.fpcr; this.fpsr = s.fpsr; this.eventRegister = s.event;
    this.exclArmed = s.excl[0] === 1; this.exclLo = s.excl[1]; this.exclHi = s.excl[2]; this.exclSize = s.excl[3];
    this.retired = s.retired;
    this.jumped = false;
    this.el = s.el;
    if (this.sys !== null && s.sys !== undefined) { this.daif = s.sys.daif; restoreSys(this.sys, s.sys); }
  }

  getReg(index: number): bigint {
    if (index >= 0 && index <= SP) return toBig(this.x[index * 2], this.x[index * 2 + 1]);
    if (index === 32) return toBig(this.tpidrLo, this.tpidrHi);
    throw new RangeError(`AArch64 register index ${index} is not 0..32`);
  }

  setReg(index: number, value: bigint): void {
    const [lo, hi] = fromBig(value);
    if (index >= 0 && index <= SP) { this.x[index * 2] = lo; this.x[index * 2 + 1] = hi; return; }
    if (index === 32) { this.tpidrLo = lo; this.tpidrHi = hi; return; }
    throw new RangeError(`AArch64 register index ${index} is not 0..32`);
  }

  getPc(): bigint { return toBig(this.pcLo, this.pcHi); }
  setPc(value: bigint): void { [this.pcLo, this.pcHi] = fromBig(value); }

  getFlags(): bigint {
    return BigInt(((this.nf << 31) | (this.zf << 30) | (this.cf << 29) | (this.vf << 28)) >>> 0);
  }

  setFlags(value: bigint): void {
    const v = Number(value & 0xffffffffn);
    this.nf = (v >>> 31) & 1; this.zf = (v >>> 30) & 1; this.cf = (v >>> 29) & 1; this.vf = (v >>> 28) & 1;
  }
}

/** The CPU's architectural state as plain data (see Arm64Cpu.save). */
export interface Arm64State {
  /** X0..X30 and SP as (lo, hi) int32 pairs. */
  x: Int32Array;
  /** V0..V31, four int32 words each. */
  v: Int32Array;
  pcLo: number; pcHi: number;
  /** NZCV in bits 31:28. */
  nzcv: number;
  tpidr: [number, number]; tpidrro: [number, number];
  fpcr: number; fpsr: number;
  event: boolean;
  /** Exclusive monitor: armed (0/1), address lo, hi, size. */
  excl: [number, number, number, number];
  retired: number;
  el: number;
  /** System mode only: EL1 registers, PSTATE fields, the banked SP. */
  sys?: Arm64SysState;
}

/** Stands in every cache slot not yet decoded; the run loop replaces it on first use. */
const SENTINEL = new Insn();
