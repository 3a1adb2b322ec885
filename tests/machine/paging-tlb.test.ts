// The Mmu's context-tagged TLB, independent of any page-table format: a
// scripted translator stands in for the walker so each test controls exactly
// what a walk would return. The invalidation semantics checked here are those
// of Intel SDM Vol. 3A 4.10.4.1 (INVLPG, INVPCID, MOV to CR3) and the Arm ARM
// TLBI instruction descriptions (chapter C5) (VAE1 vs VAAE1, ASIDE1, VMALLE1).
import { describe, expect, it } from "vitest";
import { type AccessKind, Mmu, type Translator } from "../../machine/core/mmu";
import { PhysMem } from "../../machine/core/physmem";

/** A translator whose answers the test edits "behind the TLB's back", like a kernel editing tables. */
class Scripted implements Translator {
  /** (asid, va page) -> [frame, global, shift] */
  map = new Map<string, [number, boolean, number]>();
  walks = 0;
  translate(mmu: Mmu, lo: number, hi: number, access: AccessKind): number {
    this.walks++;
    const key = `${hi}:${(lo >>> 12)}`;
    const e = this.map.get(`${mmu.asid}/${key}`) ?? this.map.get(`*/${key}`);
    if (!e) return mmu.fault(lo, hi, access, 1);
    mmu.fillGlobal = e[1];
    mmu.fillShift = e[2];
    return e[0];
  }
  set(asid: number | "*", lo: number, frame: number, shift = 12, hi = 0): void {
    this.map.set(`${asid}/${hi}:${lo >>> 12}`, [frame, asid === "*", shift]);
  }
}

function setup() {
  const mem = new PhysMem(1 << 20);
  for (let f = 0; f < 256; f++) mem.write(f << 12, 4, f);    // each frame holds its own number
  const t = new Scripted();
  const mmu = new Mmu(mem, t);
  return { mem, t, mmu };
}

describe("context-tagged TLB", () => {
  it("each asid keeps its own (possibly stale) entries across switches: no flush on switch", () => {
    const { t, mmu } = setup();
    t.set(1, 0x5000, 0x10000); t.set(2, 0x5000, 0x20000);
    mmu.asid = 1; expect(mmu.read32(0x5000, 0)).toBe(0x10);
    mmu.asid = 2; expect(mmu.read32(0x5000, 0)).toBe(0x20);
    t.set(1, 0x5000, 0x30000); t.set(2, 0x5000, 0x40000);    // edit both, invalidate nothing
    mmu.asid = 1; expect(mmu.read32(0x5000, 0)).toBe(0x10);  // stale, per asid
    mmu.asid = 2; expect(mmu.read32(0x5000, 0)).toBe(0x20);
    mmu.flushAsid(1);
    expect(mmu.read32(0x5000, 0)).toBe(0x20);                // asid 2 untouched
    mmu.asid = 1; expect(mmu.read32(0x5000, 0)).toBe(0x30);
  });

  it("privilege is part of the context: a supervisor fill never serves a user access", () => {
    const { t, mmu } = setup();
    t.set(0, 0x5000, 0x10000);
    mmu.user = false; expect(mmu.read32(0x5000, 0)).toBe(0x10);
    const before = t.walks;
    mmu.user = true; expect(mmu.read32(0x5000, 0)).toBe(0x10);
    expect(t.walks).toBe(before + 1);                        // walked again with user=true
    mmu.pan = true; mmu.user = false; mmu.read32(0x5000, 0);
    expect(t.walks).toBe(before + 2);                        // PAN/SMAP state too
  });

  it("a global entry is shared by every asid (walked once) and survives flushAsid and flushAll(false)", () => {
    const { t, mmu } = setup();
    t.set("*", 0x9000, 0x50000);
    mmu.asid = 3; expect(mmu.read32(0x9000, 0)).toBe(0x50);
    const walks = t.walks;
    t.set("*", 0x9000, 0x60000);                             // edit without invalidating
    mmu.asid = 4; expect(mmu.read32(0x9000, 0)).toBe(0x50);  // the global entry serves asid 4 unwalked
    expect(t.walks).toBe(walks);
    mmu.flushAsid(4); mmu.flushAsid(3); mmu.flushAll(false);
    expect(mmu.read32(0x9000, 0)).toBe(0x50);
    mmu.flushPage(0x9000, 0, 99);                            // INVLPG/VAE1 under any asid drops globals
    expect(mmu.read32(0x9000, 0)).toBe(0x60);
    mmu.asid = 3; expect(mmu.read32(0x9000, 0)).toBe(0x60);
  });

  it("flushPage: with an asid only that asid's non-global entries (plus globals unless excluded); without, all", () => {
    const { t, mmu } = setup();
    t.set(1, 0x5000, 0x10000); t.set(2, 0x5000, 0x20000);
    mmu.asid = 1; mmu.read32(0x5000, 0); mmu.asid = 2; mmu.read32(0x5000, 0);
    t.set(1, 0x5000, 0x11000); t.set(2, 0x5000, 0x21000);
    mmu.flushPage(0x5000, 0, 1);
    expect(mmu.read32(0x5000, 0)).toBe(0x20);                // asid 2 kept
    mmu.asid = 1; expect(mmu.read32(0x5000, 0)).toBe(0x11);
    t.set(1, 0x5000, 0x12000); t.set(2, 0x5000, 0x22000);
    mmu.flushPage(0x5000, 0);                                // every asid (VAAE1)
    expect(mmu.read32(0x5000, 0)).toBe(0x12);
    mmu.asid = 2; expect(mmu.read32(0x5000, 0)).toBe(0x22);
  });

  it("INVPCID-style flushPage(..., includeGlobal=false) keeps global entries", () => {
    const { t, mmu } = setup();
    t.set("*", 0x9000, 0x50000);
    mmu.read32(0x9000, 0);
    t.set("*", 0x9000, 0x60000);
    mmu.flushPage(0x9000, 0, 0, false);
    expect(mmu.read32(0x9000, 0)).toBe(0x50);
  });

  it("a 2 MiB mapping cached as 4 KiB slices is dropped whole by a flush of any address in it", () => {
    const { t, mmu } = setup();
    t.set(0, 0x200000, 0x10000, 21); t.set(0, 0x3ff000, 0x11000, 21);
    mmu.read32(0x200000, 0); mmu.read32(0x3ff000, 0);
    t.set(0, 0x200000, 0x20000, 21); t.set(0, 0x3ff000, 0x21000, 21);
    mmu.flushPage(0x2a0000, 0, 0);
    expect(mmu.read32(0x200000, 0)).toBe(0x20);
    expect(mmu.read32(0x3ff000, 0)).toBe(0x21);
  });

  it("hiMask: one flush reaches a page cached under several top-byte tags (Arm TBI)", () => {
    const { t, mmu } = setup();
    t.set(0, 0x5000, 0x10000, 12, 0x12000000); t.set(0, 0x5000, 0x10000, 12, 0x34000000);
    mmu.read32(0x5000, 0x12000000); mmu.read32(0x5000, 0x34000000);
    t.set(0, 0x5000, 0x20000, 12, 0x12000000); t.set(0, 0x5000, 0x20000, 12, 0x34000000);
    mmu.flushPage(0x5000, 0, 0, true, 0x00ffffff);
    expect(mmu.read32(0x5000, 0x12000000)).toBe(0x20);
    expect(mmu.read32(0x5000, 0x34000000)).toBe(0x20);
  });

  it("more contexts than banks: the least recently used context is evicted, never a wrong hit", () => {
    const { t, mmu } = setup();
    for (let a = 1; a <= 20; a++) t.set(a, 0x5000, a << 12);
    for (let round = 0; round < 3; round++) {
      for (let a = 1; a <= 20; a++) { mmu.asid = a; expect(mmu.read32(0x5000, 0)).toBe(a); }
    }
    mmu.asid = 20; const w = t.walks;
    mmu.asid = 19; mmu.read32(0x5000, 0); mmu.asid = 20; mmu.read32(0x5000, 0);
    expect(t.walks).toBe(w);                                 // recent contexts are still cached
  });
});
