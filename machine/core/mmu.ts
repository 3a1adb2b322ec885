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
// Tagged entries, without a tag compare. A translation is only valid in the
// *context* it was made in: the address space (x86 PCID, Arm ASID) and the
// privilege of the access (user or not, and whether "privileged access never"
// is in force: x86 SMAP with RFLAGS.AC=0, Arm PSTATE.PAN). The Mmu keeps one
// bank of TLB sets per recently used context (up to TLB_BANKS, least recently
// used replaced) and points `r`/`w`/`x` at the current context's bank, so
// every entry is tagged by the bank it sits in and a hit costs nothing more.
// Switching address space (`mmu.asid = n`) or privilege is a bank switch,
// not a flush: come back to the old context and its entries are still there
// (stale ones included, as on hardware, until invalidated).
//
// Entries the translator marks *global* (x86 G with CR4.PGE, Arm nG=0) are
// valid in every address space. A miss first looks for a global entry for the
// page in the other banks of the same privilege and copies it, so a global
// mapping is walked once, not once per address space. The flag also decides
// what invalidation drops: MOV CR3 / TLBI ASIDE1 keep global entries, INVLPG
// and TLBI VAE1 drop them in every bank.
//
// A fault does not return: the translator records what happened in the Mmu's
// fault fields and throws the MEM_FAULT sentinel (a constant, so throwing
// allocates nothing). The CPU's run loop catches it and turns it into the
// architecture's exception (#PF, a data/instruction abort, or SIGSEGV for a
// user-mode run).
//
// RAM offsets, not physical addresses. A TLB entry holds the *offset* of its
// frame in `mem.bytes` (physical - mem.base), so a hit is the same index
// whatever the board's RAM base; `translate` returns such an offset too (for
// RAM base 0, the two are the same number). Translators speak physical
// addresses; `fill` converts once per miss.
//
// Snapshots. A write entry is only ever filled after PhysMem.preserve saved
// the frame's pre-image for the current snapshot; taking a snapshot drops
// every write entry (`dropWrites`), so the stores that follow go through
// `fill` once per frame and the store fast path never checks anything.
// (Anything that caches a writable RAM offset outside these sets - a future
// block translator, say - must be dropped by dropWrites too.)

import { PAGE_MASK, PAGE_SHIFT, PhysMem } from "./physmem";
import { TRACE_MMU } from "./trace";
import { CTX_PRIV, EMPTY, TLB_BANKS, TLB_MASK, TLB_SIZE, TlbBank, type TlbSet } from "./tlb";

/** One TLB entry as tlbContents() reports it: the page's virtual address halves, its RAM offset, global or not. */
export interface TlbEntryView { kind: "r" | "w" | "x"; lo: number; hi: number; frame: number; global: boolean }
/** One context bank of the TLB. */
export interface TlbContext { asid: number; user: boolean; pan: boolean; current: boolean; entries: TlbEntryView[] }

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
// A translator may also set, during translate(), `mmu.fillGlobal` (the
// mapping is global: valid for every asid) and `mmu.fillShift` (log2 of the
// size of the page the mapping came from: 12, 21 or 30), which the Mmu resets
// to false / 12 before every call. The user-mode PageMap sets neither.

export class Mmu {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly codeMap: Uint8Array;
  /** The current context's sets (the hot path reads these). */
  r: TlbSet;
  w: TlbSet;
  x: TlbSet;
  private bank: TlbBank;
  private readonly banks: TlbBank[];
  private useClock = 0;
  /** The current context: (asid << 2) | (pan << 1) | user. Set it through user, pan and asid. */
  private ctx = 1;
  /** Set by the translator during translate(): the mapping is global. */
  fillGlobal = false;
  /** Set by the translator during translate(): log2 of the mapping's page size. */
  fillShift = PAGE_SHIFT;
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

  /** Physical address of RAM's first byte (mem.base), subtracted once per TLB fill. */
  private readonly ramBase: number;

  constructor(readonly mem: PhysMem, public translator: Translator) {
    this.ramBase = mem.base;
    mem.mmus.push(this);
    this.bytes = mem.bytes;
    this.view = mem.view;
    this.codeMap = mem.codeMap;
    this.bank = new TlbBank(this.ctx, 0);
    this.banks = [this.bank];
    this.r = this.bank.r; this.w = this.bank.w; this.x = this.bank.x;
  }

  // ---- The context the CPU is in (it selects the TLB bank) ----

  /** Privilege of the accesses the CPU is making now (CPL 3 / EL0). */
  get user(): boolean { return (this.ctx & 1) !== 0; }
  set user(u: boolean) { this.setCtx((this.ctx & ~1) | (u ? 1 : 0)); }

  /**
   * Privileged accesses to user pages are forbidden now: x86 CR4.SMAP with
   * RFLAGS.AC=0, or Arm PSTATE.PAN=1. The CPU keeps it current; translators
   * read it. (Part of the context, so STAC/CLAC never flush the TLB.)
   */
  get pan(): boolean { return (this.ctx & 2) !== 0; }
  set pan(p: boolean) { this.setCtx((this.ctx & ~2) | (p ? 2 : 0)); }

  /** The current address-space id: x86 PCID (0 without CR4.PCIDE), Arm ASID (0..65535). */
  get asid(): number { return this.ctx >>> 2; }
  set asid(a: number) { this.setCtx(((a & 0xffff) << 2) | (this.ctx & CTX_PRIV)); }

  /** Switch to the bank of context `c`, reusing the least recently used bank if none has it. */
  private setCtx(c: number): void {
    if (c === this.ctx) return;
    this.ctx = c;
    // Runs on every privilege change (each syscall and interrupt): a plain
    // loop over at most TLB_BANKS banks, allocating nothing once they exist.
    let b: TlbBank | undefined, lru = this.banks[0];
    for (const k of this.banks) {
      if (k.ctx === c) { b = k; break; }
      if (k.lastUse < lru.lastUse) lru = k;
    }
    if (b === undefined) {
      if (this.banks.length < TLB_BANKS) {
        b = new TlbBank(c, 0);
        this.banks.push(b);
      } else {
        b = lru;
        b.flush();                                   // evicting a whole context is always allowed
        b.ctx = c;
      }
    }
    b.lastUse = ++this.useClock;
    this.bank = b;
    this.r = b.r; this.w = b.w; this.x = b.x;
  }

  /** Record a fault and unwind to the CPU's run loop. Never returns. */
  fault(lo: number, hi: number, access: AccessKind, code: number, level = 0): never {
    this.faultLo = lo; this.faultHi = hi; this.faultAccess = access;
    this.faultCode = code; this.faultLevel = level;
    throw MEM_FAULT;
  }

  // ---- TLB maintenance (what INVLPG, INVPCID, MOV CR3, TLBI do) ----
  // Over-invalidating is always allowed by both architectures; these drop
  // exactly what the named instruction must drop, and no more, so a test can
  // see a stale entry survive where the hardware lets it survive.

  /**
   * Drop every entry (TLBI VMALLE1, MOV to CR4 changing PGE), or with
   * `includeGlobal` false only the non-global ones of every asid
   * (INVPCID all-context-except-global).
   */
  flushAll(includeGlobal = true): void {
    if (this.mem.tracer.mmu) this.mem.tracer.emit(TRACE_MMU, "flush-all", includeGlobal ? 1 : 0);
    for (const b of this.banks) {
      if (includeGlobal) b.flush();
      else for (const s of b.sets) s.flushNonGlobal();
    }
  }

  /**
   * Drop the non-global entries of one address space: INVPCID single-context,
   * TLBI ASIDE1, and MOV CR3 (which does this for the new PCID, or for
   * PCID 0 without CR4.PCIDE).
   */
  flushAsid(asid: number): void {
    if (this.mem.tracer.mmu) this.mem.tracer.emit(TRACE_MMU, "flush-asid", asid);
    for (const b of this.banks) {
      if ((b.ctx >>> 2) === (asid & 0xffff)) for (const s of b.sets) s.flushNonGlobal();
    }
  }

  /**
   * Drop the entries that translate the page holding virtual (lo, hi).
   * - `asid` omitted: in every address space (TLBI VAAE1).
   * - `asid` given: that asid's entries plus global ones (INVLPG with the
   *   current PCID, TLBI VAE1); with `includeGlobal` false, that asid's
   *   non-global entries only (INVPCID individual-address).
   * An entry cached from a 2 MiB or 1 GiB page is dropped if the address lies
   * anywhere in that large page, as the SDM (4.10.4.1) and Arm ARM require.
   * `hiMask` leaves bits of the high half out of the match (0x00ffffff: the
   * Arm top byte, when TBI lets one page be reached under 256 tags).
   */
  flushPage(lo: number, hi: number, asid?: number, includeGlobal = true, hiMask = -1): void {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK, tag = lo & ~PAGE_MASK, h = hi & hiMask;
    if (this.mem.tracer.mmu) this.mem.tracer.emit(TRACE_MMU, "flush-page", lo, hi, asid ?? -1);
    for (const b of this.banks) {
      const mine = asid === undefined || (b.ctx >>> 2) === (asid & 0xffff);
      if (!mine && !includeGlobal) continue;
      for (const s of b.sets) {
        const drop = (j: number) => { if (mine ? includeGlobal || s.global[j] === 0 : s.global[j] !== 0) s.drop(j); };
        if (s.tagLo[i] === tag && (s.tagHi[i] & hiMask) === h) drop(i);
        if (b.large === 0) continue;
        // Slices of a large page live in other slots: look at every slot.
        for (let j = 0; j < TLB_SIZE; j++) {
          const sh = s.shift[j];
          if (sh <= PAGE_SHIFT || (s.tagHi[j] & hiMask) !== h) continue;
          const m = -(2 ** sh) | 0;
          if ((s.tagLo[j] & m) === (lo & m)) drop(j);
        }
      }
    }
  }

  /**
   * Drop every write entry of every bank (a snapshot was taken): the next
   * store to each frame fills again, and the fill saves the frame's pre-image.
   */
  dropWrites(): void {
    if (this.mem.tracer.mmu) this.mem.tracer.emit(TRACE_MMU, "snapshot-wp", 0);
    for (const b of this.banks) b.w.flush();
  }

  /** Translate (physical address) without the TLB's help for the debugger or a page walk display. */
  probe(lo: number, hi: number, access: AccessKind): number {
    return this.translator.translate(this, lo, hi, access, this.user) + (lo & PAGE_MASK);
  }

  /** Ask the translator about a missed page and cache the answer if it is RAM. */
  private fill(set: TlbSet, lo: number, hi: number, access: AccessKind): number {
    const i = (lo >>> PAGE_SHIFT) & TLB_MASK;
    if (this.copyGlobal(set, i, lo & ~PAGE_MASK, hi, access)) return set.frame[i];
    this.fillGlobal = false;
    this.fillShift = PAGE_SHIFT;
    const pa = this.translator.translate(this, lo, hi, access, this.user);
    const page = pa - this.ramBase;                                         // RAM offset
    if (page < 0 || page + (1 << PAGE_SHIFT) > this.bytes.length) return -1; // MMIO: never cached
    if (access === Access.Write && this.mem.cowGen[page >>> PAGE_SHIFT] !== this.mem.gen) this.mem.preserve(page >>> PAGE_SHIFT);
    set.tagLo[i] = lo & ~PAGE_MASK;
    set.tagHi[i] = hi;
    set.frame[i] = page;
    set.global[i] = this.fillGlobal ? 1 : 0;
    set.shift[i] = this.fillShift;
    if (this.fillShift > PAGE_SHIFT) this.bank.large++;
    if (this.onFill !== null) this.onFill(lo, hi, pa, access);
    if (this.mem.tracer.mmu) this.mem.tracer.emit(TRACE_MMU, "fill", lo, hi, pa, access);
    return page;
  }

  /**
   * What the TLB holds now, for the debugger and tests (allocates; never on
   * a hot path): each context's ASID and privilege, and its valid entries
   * (the page's virtual address halves, the RAM offset it maps to, global).
   */
  tlbContents(): TlbContext[] {
    const out: TlbContext[] = [];
    for (const b of this.banks) {
      const entries: TlbEntryView[] = [];
      (["r", "w", "x"] as const).forEach((kind) => {
        const set = b[kind];
        for (let i = 0; i < TLB_SIZE; i++) {
          if (set.tagHi[i] === EMPTY) continue;
          entries.push({ kind, lo: set.tagLo[i], hi: set.tagHi[i], frame: set.frame[i], global: set.global[i] === 1 });
        }
      });
      out.push({ asid: b.ctx >>> 2, user: (b.ctx & 1) !== 0, pan: (b.ctx & 2) !== 0, current: b === this.bank, entries });
    }
    return out;
  }

  /** A global entry for this page in another bank of the same privilege serves here too. */
  private copyGlobal(set: TlbSet, i: number, tag: number, hi: number, access: AccessKind): boolean {
    for (const b of this.banks) {
      if (b === this.bank || (b.ctx & CTX_PRIV) !== (this.ctx & CTX_PRIV)) continue;
      const o = access === Access.Read ? b.r : access === Access.Write ? b.w : b.x;
      if (o.tagLo[i] !== tag || o.tagHi[i] !== hi || o.global[i] === 0) continue;
      const page = o.frame[i];
      if (access === Access.Write && this.mem.cowGen[page >>> PAGE_SHIFT] !== this.mem.gen) this.mem.preserve(page >>> PAGE_SHIFT);
      set.tagLo[i] = tag; set.tagHi[i] = hi; set.frame[i] = page;
      set.global[i] = 1; set.shift[i] = o.shift[i];
      if (o.shift[i] > PAGE_SHIFT) this.bank.large++;
      return true;
    }
    return false;
  }

  /**
   * The RAM offset (index into `bytes`; the physical address when RAM starts
   * at 0) for (lo, hi), through the TLB; for an MMIO page, -(pa + 1) with
   * the physical address.
   */
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
