// The address space of a user-mode Linux run: a table from virtual pages to
// RAM frames with read/write/execute permissions, like the kernel's VMAs
// collapsed into one map. It is the Mmu's Translator for `minos run --linux`,
// standing in for the page tables a kernel would build (the system-mode
// machine uses the real hardware formats instead).

import { Access, type AccessKind, type Mmu, type Translator } from "../machine/core/mmu";
import { PAGE_SHIFT, PAGE_SIZE, type PhysMem } from "../machine/core/physmem";

export const Prot = { R: 1, W: 2, X: 4 } as const;

/** Why a translation failed (the Mmu's faultCode). */
export const MapFault = { NotMapped: 1, Protection: 2 } as const;

interface PageEntry { frame: number; prot: number }

/** A virtual page number as one exact double: VA >> 12 of a canonical address. */
export function vpnOf(lo: number, hi: number): number {
  return hi * 1048576 + (lo >>> PAGE_SHIFT);
}

export class PageMap implements Translator {
  private pages = new Map<number, PageEntry>();
  private freeFrames: number[] = [];
  private nextFrame = 0;

  constructor(readonly mem: PhysMem) {}

  translate(mmu: Mmu, lo: number, hi: number, access: AccessKind, _user: boolean): number {
    const e = this.pages.get(vpnOf(lo, hi));
    if (!e) return mmu.fault(lo, hi, access, MapFault.NotMapped);
    const need = access === Access.Read ? Prot.R : access === Access.Write ? Prot.W : Prot.X;
    if ((e.prot & need) === 0) return mmu.fault(lo, hi, access, MapFault.Protection);
    return e.frame;
  }

  /** Map `count` zeroed pages from virtual page `vpn` with `prot`. Existing pages keep their frames. */
  map(vpn: number, count: number, prot: number): void {
    for (let i = 0; i < count; i++) {
      const e = this.pages.get(vpn + i);
      if (e) { e.prot = prot; continue; }
      this.pages.set(vpn + i, { frame: this.allocFrame(), prot });
    }
  }

  unmap(vpn: number, count: number): void {
    for (let i = 0; i < count; i++) {
      const e = this.pages.get(vpn + i);
      if (!e) continue;
      this.pages.delete(vpn + i);
      this.freeFrames.push(e.frame);
    }
  }

  protect(vpn: number, count: number, prot: number): void {
    for (let i = 0; i < count; i++) {
      const e = this.pages.get(vpn + i);
      if (e) e.prot = prot;
    }
  }

  isMapped(vpn: number): boolean { return this.pages.has(vpn); }

  /** The permissions of a mapped page (0 if unmapped). */
  protOf(vpn: number): number { return this.pages.get(vpn)?.prot ?? 0; }

  /** True if every page of [va, va+len) is mapped with all of `need`. */
  allows(va: number, len: number, need: number): boolean {
    if (len === 0) return true;
    const first = Math.floor(va / PAGE_SIZE), last = Math.floor((va + len - 1) / PAGE_SIZE);
    for (let v = first; v <= last; v++) {
      const e = this.pages.get(v);
      if (!e || (e.prot & need) !== need) return false;
    }
    return true;
  }

  /** Physical address of a mapped virtual address (for the loader and syscalls), or -1. */
  physOf(va: number): number {
    const e = this.pages.get(Math.floor(va / PAGE_SIZE));
    return e ? e.frame + (va - Math.floor(va / PAGE_SIZE) * PAGE_SIZE) : -1;
  }

  /** Visit every mapped page (in no particular order): for debuggers and tests, off the hot path. */
  forEachPage(fn: (vpn: number, frame: number, prot: number) => void): void {
    for (const [vpn, e] of this.pages) fn(vpn, e.frame, e.prot);
  }

  /** Number of pages mapped now. */
  get size(): number { return this.pages.size; }

  private allocFrame(): number {
    let f = this.freeFrames.pop();
    if (f === undefined) {
      f = this.nextFrame;
      if (f + PAGE_SIZE > this.mem.size) throw new RangeError("out of memory: the program mapped more than the machine's RAM");
      this.nextFrame += PAGE_SIZE;
    }
    this.mem.fill(f, PAGE_SIZE, 0);
    return f;
  }
}
