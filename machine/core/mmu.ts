// The CPU's view of memory: virtual addresses, translated page by page and
// cached in a software TLB.
//
// Both CPUs access memory only through an Mmu. What a translation *means* is
// the job of a Translator: the x86_64 4-level page walker, the VMSAv8-64
// walker, or (for `minos run --linux`) a plain table of pages kept by the
// user-mode loader. The Mmu only caches what the translator said, exactly as
// a hardware TLB does: an entry stays until it is evicted or invalidated, so
// a kernel that changes a page table and forgets to invalidate sees the stale
// mapping, as it would on real hardware.
//
// Virtual addresses arrive as (lo, hi) int32 halves, so the hot path never
// builds a 64-bit number. The TLB is direct-mapped, one array set per access
// kind (read, write, execute): a hit is two compares and a DataView access.
//
// A fault does not return: the translator records what happened in the Mmu's
// fault fields and throws the MEM_FAULT sentinel (a constant, so throwing
// allocates nothing). The CPU's run loop catches it and turns it into the
// architecture's exception (#PF, a data/instruction abort, or SIGSEGV for a
// user-mode run).

import { PAGE_MASK, PAGE_SHIFT, PhysMem } from "./physmem";

export const Access = { Read: 0, Write: 1, Exec: 2 } as const;
export type AccessKind = (typeof Access)[keyof typeof Access];

/** Thrown by translators (via Mmu.fault) and caught by the CPU run loop. */
export const MEM_FAULT = { memFault: true } as const;

export interface Translator {
  /**
   * The physical address of the page holding virtual (lo, hi), for `access`.
   * Throws MEM_FAULT (through mmu.fault) if the access is not allowed.
   * `user` is true for an access made at the user privilege level.
   */
  translate(mmu: Mmu, lo: number, hi: number, access: AccessKind, user: boolean): number;
}

const TLB_BITS = 10;
const TLB_SIZE = 1 << TLB_BITS;
const TLB_MASK = TLB_SIZE - 1;
/** No canonical address has this high half, so an empty slot never matches. */
const EMPTY = 0x7fff1234;

/** One direct-mapped TLB for a single access kind. */
class TlbSet {
  readonly tagLo = new Int32Array(TLB_SIZE);
  readonly tagHi = new Int32Array(TLB_SIZE).fill(EMPTY);
  readonly frame = new Int32Array(TLB_SIZE);   // physical page base
  flush(): void { this.tagHi.fill(EMPTY); }
}

export class Mmu {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly codeMap: Uint8Array;
  readonly r = new TlbSet();
  readonly w = new TlbSet();
  readonly x = new TlbSet();
  /** Privilege of the accesses the CPU is making now (CPL 3 / EL0). */
  user = true;
  /** High half of the last read64 result. */
  hi64 = 0;

  // Details of the last fault, filled by Mmu.fault.
  faultLo = 0;
  faultHi = 0;
  faultAccess: AccessKind = Access.Read;
  /** Architecture-specific fault detail (x86 #PF error code, Arm fault status code). */
  faultCode = 0;
  /** Architecture-specific extra detail (e.g. the page-table level that failed). */
  faultLevel = 0;

  /** Trace hook: set to observe every TLB fill (for the debugger); null costs nothing. */
  onFill: ((lo: number, hi: number, pa: number, access: AccessKind) => void) | null = null;

  constructor(readonly mem: PhysMem, public translator: Translator) {
    this.bytes = mem.bytes;
    this.view = mem.view;
    this.codeMap = mem.codeMap;
  }

  /** Record a fault and unwind to the CPU's run loop. Never returns. */
  fault(lo: number, hi: number, access: AccessKind, code: number, level = 0): never {
    this.faultLo = lo; this.faultHi = hi; this.faultAccess = access;
    this.faultCode = code; this.faultLevel = level;
    throw MEM_FAULT;
  }

  // ---- TLB maintenance (what INVLPG, MOV CR3, TLBI do) ----

  flushAll(): void { this.r.flush(); this.w.flush(); this.x.flush(); }

  /** Invalidate the entries for one virtual page, in every address space. */
  flushPage(lo: number, hi: number): void {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK, tag = lo & ~PAGE_MASK;
    for (const s of [this.r, this.w, this.x]) {
      if (s.tagLo[i] === tag && s.tagHi[i] === hi) s.tagHi[i] = EMPTY;
    }
  }

  /** Translate without the TLB's help for the debugger or a page walk display. */
  probe(lo: number, hi: number, access: AccessKind): number {
    return this.translator.translate(this, lo, hi, access, this.user) + (lo & PAGE_MASK);
  }

  /** Ask the translator about a missed page and cache the answer if it is RAM. */
  private fill(set: TlbSet, lo: number, hi: number, access: AccessKind): number {
    const page = this.translator.translate(this, lo, hi, access, this.user);
    if (page < 0 || page + (1 << PAGE_SHIFT) > this.bytes.length) return -1; // MMIO: never cached
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK;
    set.tagLo[i] = lo & ~PAGE_MASK;
    set.tagHi[i] = hi;
    set.frame[i] = page;
    if (this.onFill !== null) this.onFill(lo, hi, page, access);
    return page;
  }

  /** Physical address for (lo, hi), through the TLB; -1 if it is not RAM. */
  translate(lo: number, hi: number, access: AccessKind): number {
    const set = access === Access.Read ? this.r : access === Access.Write ? this.w : this.x;
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK;
    if (set.tagLo[i] === (lo & ~PAGE_MASK) && set.tagHi[i] === hi) return set.frame[i] + (lo & PAGE_MASK);
    const page = this.fill(set, lo, hi, access);
    if (page < 0) return this.mmioAddress(lo, hi, access);
    return page + (lo & PAGE_MASK);
  }

  /** MMIO pages are re-translated on every access; returns -(pa+1) so callers can tell. */
  private mmioAddress(lo: number, hi: number, access: AccessKind): number {
    const page = this.translator.translate(this, lo, hi, access, this.user);
    return -(page + (lo & PAGE_MASK)) - 1;
  }

  // ---- Data accesses: fast path on a TLB hit within one page ----

  read8(lo: number, hi: number): number {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK, s = this.r;
    if (s.tagLo[i] === (lo & ~PAGE_MASK) && s.tagHi[i] === hi) return this.bytes[s.frame[i] + (lo & PAGE_MASK)];
    return this.readSlow(lo, hi, 1);
  }

  read16(lo: number, hi: number): number {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK, s = this.r;
    if (s.tagLo[i] === (lo & ~PAGE_MASK) && s.tagHi[i] === hi && (lo & PAGE_MASK) <= PAGE_MASK - 1) {
      return this.view.getUint16(s.frame[i] + (lo & PAGE_MASK), true);
    }
    return this.readSlow(lo, hi, 2);
  }

  /** Returns the value as int32. */
  read32(lo: number, hi: number): number {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK, s = this.r;
    if (s.tagLo[i] === (lo & ~PAGE_MASK) && s.tagHi[i] === hi && (lo & PAGE_MASK) <= PAGE_MASK - 3) {
      return this.view.getInt32(s.frame[i] + (lo & PAGE_MASK), true);
    }
    return this.readSlow(lo, hi, 4);
  }

  /** Returns the low word; the high word is left in `hi64`. */
  read64(lo: number, hi: number): number {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK, s = this.r;
    if (s.tagLo[i] === (lo & ~PAGE_MASK) && s.tagHi[i] === hi && (lo & PAGE_MASK) <= PAGE_MASK - 7) {
      const pa = s.frame[i] + (lo & PAGE_MASK);
      this.hi64 = this.view.getInt32(pa + 4, true);
      return this.view.getInt32(pa, true);
    }
    const l = this.readSlow(lo, hi, 4);
    const nlo = (lo + 4) | 0, nhi = (lo >>> 0) > 0xfffffffb ? (hi + 1) | 0 : hi;
    this.hi64 = this.readSlow(nlo, nhi, 4);
    return l;
  }

  write8(lo: number, hi: number, v: number): void {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK, s = this.w;
    if (s.tagLo[i] === (lo & ~PAGE_MASK) && s.tagHi[i] === hi) {
      const pa = s.frame[i] + (lo & PAGE_MASK);
      this.bytes[pa] = v;
      if (this.codeMap[pa >>> PAGE_SHIFT] !== 0) this.mem.codeWritten(pa >>> PAGE_SHIFT);
      return;
    }
    this.writeSlow(lo, hi, 1, v, 0);
  }

  write16(lo: number, hi: number, v: number): void {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK, s = this.w;
    if (s.tagLo[i] === (lo & ~PAGE_MASK) && s.tagHi[i] === hi && (lo & PAGE_MASK) <= PAGE_MASK - 1) {
      const pa = s.frame[i] + (lo & PAGE_MASK);
      this.view.setUint16(pa, v, true);
      if (this.codeMap[pa >>> PAGE_SHIFT] !== 0) this.mem.codeWritten(pa >>> PAGE_SHIFT);
      return;
    }
    this.writeSlow(lo, hi, 2, v, 0);
  }

  write32(lo: number, hi: number, v: number): void {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK, s = this.w;
    if (s.tagLo[i] === (lo & ~PAGE_MASK) && s.tagHi[i] === hi && (lo & PAGE_MASK) <= PAGE_MASK - 3) {
      const pa = s.frame[i] + (lo & PAGE_MASK);
      this.view.setInt32(pa, v, true);
      if (this.codeMap[pa >>> PAGE_SHIFT] !== 0) this.mem.codeWritten(pa >>> PAGE_SHIFT);
      return;
    }
    this.writeSlow(lo, hi, 4, v, 0);
  }

  write64(lo: number, hi: number, vlo: number, vhi: number): void {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK, s = this.w;
    if (s.tagLo[i] === (lo & ~PAGE_MASK) && s.tagHi[i] === hi && (lo & PAGE_MASK) <= PAGE_MASK - 7) {
      const pa = s.frame[i] + (lo & PAGE_MASK);
      this.view.setInt32(pa, vlo, true);
      this.view.setInt32(pa + 4, vhi, true);
      if (this.codeMap[pa >>> PAGE_SHIFT] !== 0) this.mem.codeWritten(pa >>> PAGE_SHIFT);
      return;
    }
    this.writeSlow(lo, hi, 8, vlo, vhi);
  }

  /** Instruction fetch of one byte (decoders use it; decoded results are cached). */
  fetch8(lo: number, hi: number): number {
    const pa = this.translate(lo, hi, Access.Exec);
    if (pa < 0) return this.mem.read(-pa - 1, 1);
    return this.bytes[pa];
  }

  // ---- Slow paths: TLB misses, page-crossing accesses, MMIO ----

  private readSlow(lo: number, hi: number, size: number): number {
    if (((lo & PAGE_MASK) + size) <= (1 << PAGE_SHIFT)) {
      const pa = this.translate(lo, hi, Access.Read);
      if (pa < 0) return this.mem.read(-pa - 1, size);
      switch (size) {
        case 1: return this.bytes[pa];
        case 2: return this.view.getUint16(pa, true);
        default: return this.view.getInt32(pa, true);
      }
    }
    // The access crosses into the next page: translate both before reading.
    let v = 0;
    for (let k = size - 1; k >= 0; k--) {
      const blo = (lo + k) | 0, bhi = (lo >>> 0) + k > 0xffffffff ? (hi + 1) | 0 : hi;
      v = (v << 8) | this.read8(blo, bhi);
    }
    return size === 2 ? v & 0xffff : v;
  }

  private writeSlow(lo: number, hi: number, size: number, vlo: number, vhi: number): void {
    if (((lo & PAGE_MASK) + size) <= (1 << PAGE_SHIFT)) {
      const pa = this.translate(lo, hi, Access.Write);
      if (pa < 0) {
        this.mem.write(-pa - 1, size > 4 ? 4 : size, vlo);
        if (size === 8) this.mem.write(-pa - 1 + 4, 4, vhi);
        return;
      }
      switch (size) {
        case 1: this.bytes[pa] = vlo; break;
        case 2: this.view.setUint16(pa, vlo, true); break;
        case 4: this.view.setInt32(pa, vlo, true); break;
        default: this.view.setInt32(pa, vlo, true); this.view.setInt32(pa + 4, vhi, true);
      }
      if (this.codeMap[pa >>> PAGE_SHIFT] !== 0) this.mem.codeWritten(pa >>> PAGE_SHIFT);
      return;
    }
    // Crossing a page boundary: check both pages first so a fault on the
    // second leaves memory untouched (the access is all-or-nothing).
    const nlo = ((lo | PAGE_MASK) + 1) | 0, nhi = (lo >>> 0) > ((lo | PAGE_MASK) >>> 0) ? hi : ((lo | PAGE_MASK) >>> 0) === 0xffffffff ? (hi + 1) | 0 : hi;
    this.translate(lo, hi, Access.Write);
    this.translate(nlo, nhi, Access.Write);
    for (let k = 0; k < size; k++) {
      const blo = (lo + k) | 0, bhi = (lo >>> 0) + k > 0xffffffff ? (hi + 1) | 0 : hi;
      const byte = k < 4 ? (vlo >>> (8 * k)) & 0xff : (vhi >>> (8 * (k - 4))) & 0xff;
      this.write8(blo, bhi, byte);
    }
  }
}
