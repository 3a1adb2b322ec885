// The architectural state of an x86_64 CPU in user mode, and the small
// helpers every instruction handler shares: register access by operand size,
// effective addresses, memory operands, the stack, and lazy flags.
//
// Registers are 64 bits, but JavaScript's fast integers are 32 bits, so each
// register is a (lo, hi) pair of int32s in one Int32Array: r[2*i] is the low
// half, r[2*i+1] the high half (rax=0 ... r15=15, in encoding order). Slot 16
// holds the address of the *next* instruction while one executes, so
// RIP-relative operands are just "base register 16".
//
// Lazy flags (as QEMU and v86 do): most instructions that set flags are
// followed by another that overwrites them, so instead of computing CF, PF,
// AF, ZF, SF and OF every time we remember the operation, its size, operands
// and result, and compute a flag only when something reads it (Jcc, SETcc,
// CMOVcc, ADC, PUSHF...). Values are stored zero-extended for 8/16-bit
// operations, as int32 for 32-bit and as (lo, hi) pairs for 64-bit ones.

import { Access, type Mmu } from "../core/mmu";
import { AH, type Insn } from "./insn";
import type { X86System } from "./system";

/** Lazy flag operations. */
export const LF = {
  /** Flags are in `fl` as bits. */
  Eager: 0,
  /** a + b + aux (aux = carry in): ADD, ADC, XADD. */
  Add: 1,
  /** a - b - aux (aux = borrow in): SUB, SBB, CMP, NEG, CMPXCHG. */
  Sub: 2,
  /** ZF/SF/PF from the result; CF, AF, OF given in aux bits 0, 4, 11. */
  Res: 3,
} as const;

export const CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, TF = 0x100, IF = 0x200, DF = 0x400, OF = 0x800;
const ARITH = CF | PF | AF | ZF | SF | OF;

/** PARITY[b] = PF bit (0x04) if b has an even number of set bits. */
const PARITY = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let n = 0;
  for (let b = i; b !== 0; b >>>= 1) n += b & 1;
  PARITY[i] = (n & 1) === 0 ? PF : 0;
}

// Handlers leave the run loop by throwing one of these constants (never
// allocated per use). The loop turns each into a Stop reason.
/** #GP: e.g. a non-canonical address, or HLT at CPL 3. */
export const GP_FAULT = { gpFault: true } as const;
/** #DE: divide by zero or a quotient that does not fit. */
export const DE_FAULT = { deFault: true } as const;
/** #UD: an encoding we do not implement or that is undefined. */
export const UD_FAULT = { udFault: true } as const;
/** INT3: a trap, so RIP ends up after the instruction. */
export const BP_TRAP = { bpTrap: true } as const;
/** INT n: a software interrupt through IDT vector n (X86State.softVector); RIP ends up after it. */
export const INT_TRAP = { intTrap: true } as const;
/** SYSCALL: RIP ends up after the instruction. */
export const SYSCALL_TRAP = { syscallTrap: true } as const;

/** HLT at CPL 0: the CPU stops (Stop.Halt) with RIP after the instruction. */
export const HALT_TRAP = { haltTrap: true } as const;
/**
 * A system instruction completed (RIP already set to where execution goes on)
 * and changed something the run loop must look at before going on: RFLAGS.IF,
 * CPL, a device's interrupt line, power. run() returns early.
 */
export const ATTN_TRAP = { attnTrap: true } as const;

export class X86State {
  /** GPRs as (lo, hi) pairs; slot 16 = next RIP during execution. */
  readonly r = new Int32Array(36);
  ripLo = 0;
  ripHi = 0;
  /** The vector of the INT n being taken (INT_TRAP), and where that INT n / INT3 instruction starts (a #GP for it points there). */
  softVector = 0;
  softFromLo = 0;
  softFromHi = 0;
  /** XMM0..15 as four int32 words each (only SSE2 moves use them; see sse.ts). */
  readonly x = new Int32Array(64);
  /** Set by a handler that transfers control (the run loop then re-looks up). */
  jumped = false;
  fsLo = 0; fsHi = 0;
  gsLo = 0; gsHi = 0;
  /** Non-arithmetic RFLAGS bits (DF, IF, bit 1), plus the arithmetic ones when lop is Eager. */
  fl = 0x202;
  lop: number = LF.Eager;
  lsz = 4;
  laLo = 0; laHi = 0;
  lbLo = 0; lbHi = 0;
  lrLo = 0; lrHi = 0;
  aux = 0;
  /** Current privilege level: 3 (user) or, with a board's X86System attached, 0. */
  cpl = 3;
  /** System mode (CPL 0, IDT, MSRs), attached by a board; null for user-mode runs. */
  sys: X86System | null = null;
  /** Instructions retired before the current run() call: the virtual clock. */
  retired = 0;
  /** Instructions retired by the current run() so far (RDTSC reads retired + count). */
  count = 0;
  /** Instructions a looping block has completed in earlier passes (see blocks.ts). */
  blkDone = 0;

  // Scratch outputs: the high half of the last 64-bit value read, and the
  // effective address computed by ea().
  vhi = 0;
  eaLo = 0;
  eaHi = 0;

  constructor(readonly mmu: Mmu) {}

  // ---- Registers by operand size ----

  /** Read register `i` as a `size`-byte value (zero-extended); 64-bit high half in vhi. */
  rget(size: number, i: number): number {
    const r = this.r;
    if (size === 8) { this.vhi = r[2 * i + 1]; return r[2 * i]; }
    this.vhi = 0;
    if (size === 4) return r[2 * i];
    if (size === 2) return r[2 * i] & 0xffff;
    return i >= AH ? (r[2 * (i - AH)] >> 8) & 0xff : r[2 * i] & 0xff;
  }

  /** Write register `i`: 32-bit writes zero the high half, 8/16-bit writes merge (SDM Vol. 1 3.4.1.1). */
  rset(size: number, i: number, lo: number, hi: number): void {
    const r = this.r;
    if (size === 8) { r[2 * i] = lo; r[2 * i + 1] = hi; }
    else if (size === 4) { r[2 * i] = lo; r[2 * i + 1] = 0; }
    else if (size === 2) r[2 * i] = (r[2 * i] & ~0xffff) | (lo & 0xffff);
    else if (i >= AH) r[2 * (i - AH)] = (r[2 * (i - AH)] & ~0xff00) | ((lo & 0xff) << 8);
    else r[2 * i] = (r[2 * i] & ~0xff) | (lo & 0xff);
  }

  // ---- Memory operands ----

  /** Effective address of d's memory operand into eaLo/eaHi (SDM Vol. 1 3.7.5), with FS/GS base. */
  ea(d: Insn): void {
    this.eaLea(d);
    let lo = this.eaLo, hi = this.eaHi;
    if (d.seg !== 0) {
      const slo = d.seg === 0x64 ? this.fsLo : this.gsLo, shi = d.seg === 0x64 ? this.fsHi : this.gsHi;
      const s = (lo >>> 0) + (slo >>> 0);
      hi = (hi + shi + (s > 0xffffffff ? 1 : 0)) | 0;
      lo = s | 0;
      this.eaLo = lo; this.eaHi = hi;
    }
    // Bits 63:47 must all be equal, or the access is #GP (SDM Vol. 1 3.3.7.1).
    if (((hi << 16) >> 16) !== hi) throw GP_FAULT;
  }

  /** The offset part only: base + index*scale + disp (what LEA computes; no segment, no checks). */
  eaLea(d: Insn): void {
    const r = this.r;
    let lo = d.dispLo, hi = d.dispHi;
    if (d.base >= 0) {
      const s = (r[2 * d.base] >>> 0) + (lo >>> 0);
      hi = (hi + r[2 * d.base + 1] + (s > 0xffffffff ? 1 : 0)) | 0;
      lo = s | 0;
    }
    if (d.index >= 0) {
      let xlo = r[2 * d.index], xhi = r[2 * d.index + 1];
      const sc = d.scale;
      if (sc !== 0) { xhi = (xhi << sc) | (xlo >>> (32 - sc)); xlo <<= sc; }
      const s = (lo >>> 0) + (xlo >>> 0);
      hi = (hi + xhi + (s > 0xffffffff ? 1 : 0)) | 0;
      lo = s | 0;
    }
    if (d.asize === 4) hi = 0;
    this.eaLo = lo; this.eaHi = hi;
  }

  /** Load `size` bytes at eaLo/eaHi (zero-extended; 64-bit high half in vhi). */
  ld(size: number): number {
    const m = this.mmu;
    if (size === 4) { this.vhi = 0; return m.read32(this.eaLo, this.eaHi); }
    if (size === 8) { const lo = m.read64(this.eaLo, this.eaHi); this.vhi = m.hi64; return lo; }
    this.vhi = 0;
    return size === 1 ? m.read8(this.eaLo, this.eaHi) : m.read16(this.eaLo, this.eaHi);
  }

  /** Store `size` bytes at eaLo/eaHi. */
  st(size: number, lo: number, hi: number): void {
    const m = this.mmu;
    if (size === 4) m.write32(this.eaLo, this.eaHi, lo);
    else if (size === 8) m.write64(this.eaLo, this.eaHi, lo, hi);
    else if (size === 1) m.write8(this.eaLo, this.eaHi, lo);
    else m.write16(this.eaLo, this.eaHi, lo);
  }

  /** Read the ModRM r/m operand (register or memory; memory leaves its address in eaLo/eaHi). */
  readE(d: Insn): number {
    if (d.mem === 0) return this.rget(d.size, d.rm);
    this.ea(d);
    return this.ld(d.size);
  }

  /** Write the r/m operand after readE (memory reuses the address computed there). */
  writeE(d: Insn, lo: number, hi: number): void {
    if (d.mem === 0) this.rset(d.size, d.rm, lo, hi);
    else this.st(d.size, lo, hi);
  }

  /** Write the r/m operand without reading it first. */
  storeE(d: Insn, lo: number, hi: number): void {
    if (d.mem === 0) this.rset(d.size, d.rm, lo, hi);
    else { this.ea(d); this.st(d.size, lo, hi); }
  }

  // ---- The stack (RSP is register 4) ----

  /** Push a 64-bit value. RSP changes only after the store succeeded (precise faults). */
  push64(lo: number, hi: number): void {
    const r = this.r;
    const s = (r[8] >>> 0) - 8;
    const nlo = s | 0, nhi = s < 0 ? (r[9] - 1) | 0 : r[9];
    this.mmu.write64(nlo, nhi, lo, hi);
    r[8] = nlo; r[9] = nhi;
  }

  /** Pop a 64-bit value: returns lo, high half in vhi. */
  pop64(): number {
    const r = this.r;
    const lo = this.mmu.read64(r[8], r[9]);
    this.vhi = this.mmu.hi64;
    const s = (r[8] >>> 0) + 8;
    r[8] = s | 0;
    if (s > 0xffffffff) r[9] = (r[9] + 1) | 0;
    return lo;
  }

  // ---- Lazy flags ----

  /** Record an arithmetic result for later flag reads. */
  setLazy(op: number, size: number, alo: number, ahi: number, blo: number, bhi: number, rlo: number, rhi: number, aux: number): void {
    this.lop = op; this.lsz = size;
    this.laLo = alo; this.laHi = ahi; this.lbLo = blo; this.lbHi = bhi;
    this.lrLo = rlo; this.lrHi = rhi; this.aux = aux;
  }

  /** Logic ops and friends: CF = OF = 0, AF = 0 (SDM: undefined; QEMU clears it). */
  setLogic(size: number, rlo: number, rhi: number): void {
    this.lop = LF.Res; this.lsz = size; this.lrLo = rlo; this.lrHi = rhi; this.aux = 0;
  }

  getCF(): number {
    switch (this.lop) {
      case LF.Add: {
        const c = ult(this.lsz, this.lrLo, this.lrHi, this.laLo, this.laHi);
        return c || (this.aux !== 0 && eq(this.lsz, this.lrLo, this.lrHi, this.laLo, this.laHi)) ? 1 : 0;
      }
      case LF.Sub: {
        const c = ult(this.lsz, this.laLo, this.laHi, this.lbLo, this.lbHi);
        return c || (this.aux !== 0 && eq(this.lsz, this.laLo, this.laHi, this.lbLo, this.lbHi)) ? 1 : 0;
      }
      case LF.Res: return this.aux & 1;
      default: return this.fl & 1;
    }
  }

  getZF(): number {
    if (this.lop === LF.Eager) return (this.fl >> 6) & 1;
    const s = this.lsz;
    if (s === 8) return (this.lrLo | this.lrHi) === 0 ? 1 : 0;
    return (this.lrLo & sizeMask(s)) === 0 ? 1 : 0;
  }

  getSF(): number {
    if (this.lop === LF.Eager) return (this.fl >> 7) & 1;
    return signBit(this.lsz, this.lrLo, this.lrHi);
  }

  getPF(): number {
    if (this.lop === LF.Eager) return (this.fl >> 2) & 1;
    return PARITY[this.lrLo & 0xff] >> 2;
  }

  getOF(): number {
    switch (this.lop) {
      case LF.Add:
        return signBit(this.lsz, (this.laLo ^ this.lrLo) & (this.lbLo ^ this.lrLo), (this.laHi ^ this.lrHi) & (this.lbHi ^ this.lrHi));
      case LF.Sub:
        return signBit(this.lsz, (this.laLo ^ this.lbLo) & (this.laLo ^ this.lrLo), (this.laHi ^ this.lbHi) & (this.laHi ^ this.lrHi));
      case LF.Res: return (this.aux >> 11) & 1;
      default: return (this.fl >> 11) & 1;
    }
  }

  getAF(): number {
    switch (this.lop) {
      case LF.Add: case LF.Sub: return ((this.laLo ^ this.lbLo ^ this.lrLo) >> 4) & 1;
      case LF.Res: return (this.aux >> 4) & 1;
      default: return (this.fl >> 4) & 1;
    }
  }

  /** Condition code cc (the low nibble of Jcc/SETcc/CMOVcc; SDM Vol. 1 Appendix B). */
  cond(cc: number): boolean {
    // Fast path: right after CMP/SUB the condition is just a comparison of the operands.
    if (this.lop === LF.Sub && this.aux === 0) {
      const k = cc >> 1;
      if (k === 2) return (this.lrLo === 0 && (this.lsz !== 8 || this.lrHi === 0)) !== ((cc & 1) !== 0);
      if (k === 1 || k === 3 || k === 6 || k === 7) return this.cmpCond(k, cc & 1);
    }
    return this.condSlow(cc);
  }

  /** B/BE/L/LE (and their negations) from the CMP operands a, b. */
  private cmpCond(k: number, neg: number): boolean {
    const s = this.lsz;
    let lt: boolean, eqv: boolean;
    if (s === 8) {
      const ah = this.laHi, bh = this.lbHi;
      eqv = ah === bh && this.laLo === this.lbLo;
      if (ah !== bh) lt = k < 6 ? (ah >>> 0) < (bh >>> 0) : ah < bh;
      else lt = (this.laLo >>> 0) < (this.lbLo >>> 0);
    } else {
      let a = this.laLo, b = this.lbLo;
      eqv = a === b;
      if (k < 6) lt = (a >>> 0) < (b >>> 0);
      else {
        if (s === 1) { a = (a << 24) >> 24; b = (b << 24) >> 24; }
        else if (s === 2) { a = (a << 16) >> 16; b = (b << 16) >> 16; }
        lt = a < b;
      }
    }
    const t = k === 1 || k === 6 ? lt : lt || eqv;
    return t !== (neg !== 0);
  }

  private condSlow(cc: number): boolean {
    let t: number;
    switch (cc >> 1) {
      case 0: t = this.getOF(); break;
      case 1: t = this.getCF(); break;
      case 2: t = this.getZF(); break;
      case 3: t = this.getCF() | this.getZF(); break;
      case 4: t = this.getSF(); break;
      case 5: t = this.getPF(); break;
      case 6: t = this.getSF() ^ this.getOF(); break;
      default: t = this.getZF() | (this.getSF() ^ this.getOF()); break;
    }
    return (t ^ (cc & 1)) !== 0;
  }

  /** Materialise RFLAGS. */
  rflags(): number {
    if (this.lop === LF.Eager) return this.fl | 2;
    return (this.fl & ~ARITH) | 2 | this.getCF() | (this.getPF() << 2) | (this.getAF() << 4) |
      (this.getZF() << 6) | (this.getSF() << 7) | (this.getOF() << 11);
  }

  /** Replace RFLAGS bits selected by `mask` (user mode may change the arithmetic bits, DF, TF, AC...). */
  setRflags(v: number, mask: number): void {
    const cur = this.rflags();
    this.fl = ((cur & ~mask) | (v & mask) | 2) & 0x3f7fd7;
    this.lop = LF.Eager;
  }

  /** Overwrite only CF (CLC/STC/CMC, BT): materialise, then set. */
  setCF(v: number): void {
    const f = this.rflags();
    this.fl = (f & ~CF) | (v & 1);
    this.lop = LF.Eager;
  }

  /** Translate a code address (used by the decode cache; faults as an instruction fetch). */
  codeAddr(lo: number, hi: number): number {
    return this.mmu.translate(lo, hi, Access.Exec);
  }
}

export function sizeMask(size: number): number {
  return size === 1 ? 0xff : size === 2 ? 0xffff : -1;
}

/** Most significant bit of a `size`-byte value. */
export function signBit(size: number, lo: number, hi: number): number {
  switch (size) {
    case 1: return (lo >> 7) & 1;
    case 2: return (lo >> 15) & 1;
    case 4: return lo >>> 31;
    default: return hi >>> 31;
  }
}

/** Unsigned a < b for `size`-byte values stored as described above. */
export function ult(size: number, alo: number, ahi: number, blo: number, bhi: number): boolean {
  if (size === 8 && ahi !== bhi) return (ahi >>> 0) < (bhi >>> 0);
  return (alo >>> 0) < (blo >>> 0);
}

function eq(size: number, alo: number, ahi: number, blo: number, bhi: number): boolean {
  return alo === blo && (size !== 8 || ahi === bhi);
}
