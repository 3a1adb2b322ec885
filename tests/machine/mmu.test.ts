// The MMU front: TLB hits and misses, faults, page-crossing accesses, and the
// hardware-like rule that a cached translation stays until invalidated.
import { describe, expect, it } from "vitest";
import { Access, MEM_FAULT, Mmu, type Translator } from "../../machine/core/mmu";
import { PhysMem } from "../../machine/core/physmem";
import { MapFault, PageMap, Prot } from "../../linux/pagemap";

function setup() {
  const mem = new PhysMem(1 << 20);
  const pm = new PageMap(mem);
  const mmu = new Mmu(mem, pm);
  return { mem, pm, mmu };
}

function faultOf(fn: () => unknown, mmu: Mmu) {
  try { fn(); } catch (e) {
    expect(e).toBe(MEM_FAULT);
    return { lo: mmu.faultLo >>> 0, hi: mmu.faultHi, access: mmu.faultAccess, code: mmu.faultCode };
  }
  throw new Error("expected a fault");
}

describe("Mmu", () => {
  it("reads back what it wrote at every width, little-endian", () => {
    const { pm, mmu } = setup();
    pm.map(0x10, 1, Prot.R | Prot.W);
    mmu.write64(0x10008, 0, 0x55667788, 0x11223344);
    expect(mmu.read8(0x10008, 0)).toBe(0x88);
    expect(mmu.read16(0x10008, 0)).toBe(0x7788);
    expect(mmu.read32(0x1000c, 0)).toBe(0x11223344);
    expect(mmu.read64(0x10008, 0)).toBe(0x55667788);
    expect(mmu.hi64).toBe(0x11223344);
    mmu.write8(0x10000, 0, 0x1ff);
    expect(mmu.read8(0x10000, 0)).toBe(0xff);
  });

  it("an access that crosses a page boundary reads both pages; a write is all-or-nothing", () => {
    const { pm, mmu } = setup();
    pm.map(0x20, 2, Prot.R | Prot.W);
    mmu.write64(0x20ffc, 0, 0x04030201, 0x08070605);
    expect(mmu.read32(0x20ffe, 0) >>> 0).toBe(0x06050403);
    expect(mmu.read64(0x20ffc, 0)).toBe(0x04030201);
    expect(mmu.hi64).toBe(0x08070605);
    pm.map(0x30, 1, Prot.R | Prot.W);                     // 0x31000 is not mapped
    mmu.write32(0x30ff8, 0, 0x11111111);
    const f = faultOf(() => mmu.write64(0x30ffc, 0, 0x22222222, 0x33333333), mmu);
    expect(f.lo).toBe(0x31000);
    expect(mmu.read32(0x30ffc, 0)).toBe(0);                 // nothing was written
  });

  it("reports the access kind and reason of a fault", () => {
    const { pm, mmu } = setup();
    pm.map(0x40, 1, Prot.R);
    expect(faultOf(() => mmu.write8(0x40010, 0, 1), mmu)).toEqual({ lo: 0x40010, hi: 0, access: Access.Write, code: MapFault.Protection });
    expect(faultOf(() => mmu.read8(0x50000, 0), mmu)).toEqual({ lo: 0x50000, hi: 0, access: Access.Read, code: MapFault.NotMapped });
    expect(faultOf(() => mmu.fetch8(0x40000, 0), mmu).access).toBe(Access.Exec);
  });

  it("keeps a stale translation until it is invalidated, as a hardware TLB does", () => {
    // A translator whose answer we can change behind the TLB's back, like a
    // kernel editing a page-table entry.
    let frame = 0x1000;
    const t: Translator = { translate: () => frame };
    const mem = new PhysMem(1 << 20), mmu = new Mmu(mem, t);
    mem.write(0x1000, 4, 111); mem.write(0x2000, 4, 222);
    expect(mmu.read32(0x7000, 0)).toBe(111);
    frame = 0x2000;                                         // "edit the page table"
    expect(mmu.read32(0x7000, 0)).toBe(111);                // stale, no invalidation yet
    mmu.flushPage(0x7000, 0);                               // INVLPG / TLBI VAE1
    expect(mmu.read32(0x7000, 0)).toBe(222);
    frame = 0x1000;
    mmu.flushAll();                                         // MOV CR3 / TLBI VMALLE1
    expect(mmu.read32(0x7000, 0)).toBe(111);
  });

  it("tells the decoded-code cache when a frame holding code is written", () => {
    const { mem, pm, mmu } = setup();
    pm.map(0x60, 1, Prot.R | Prot.W | Prot.X);
    const pa = mmu.translate(0x60000, 0, Access.Exec);
    const frames: number[] = [];
    mem.onCodeWrite = (f) => frames.push(f);
    mem.codeMap[pa >>> 12] = 1;
    mmu.write32(0x60004, 0, 0x90909090);
    expect(frames).toEqual([pa >>> 12]);
    expect(mem.codeMap[pa >>> 12]).toBe(0);
    mmu.write32(0x60008, 0, 0);                             // unmarked now: no second call
    expect(frames.length).toBe(1);
  });

  it("keeps addresses with a non-zero high half apart from low ones", () => {
    const { pm, mmu } = setup();
    pm.map(0x10, 1, Prot.R | Prot.W);
    pm.map(0x7fff * 1048576 + 0x10, 1, Prot.R | Prot.W);  // 0x7fff_0001_0000
    mmu.write32(0x10000, 0, 1);
    mmu.write32(0x10000, 0x7fff, 2);
    expect(mmu.read32(0x10000, 0)).toBe(1);
    expect(mmu.read32(0x10000, 0x7fff)).toBe(2);
  });
});

describe("PhysMem", () => {
  it("routes accesses outside RAM to a device window, and refuses overlaps", () => {
    const mem = new PhysMem(1 << 16);
    const log: string[] = [];
    mem.mapDevice(0x100000, 0x1000, { name: "uart", read: (o) => (log.push(`r${o}`), 0x41), write: (o, _s, v) => log.push(`w${o}=${v}`) });
    mem.write(0x100004, 1, 7);
    expect(mem.read(0x100000, 1)).toBe(0x41);
    expect(log).toEqual(["w4=7", "r0"]);
    expect(() => mem.mapDevice(0x100800, 0x1000, { name: "x", read: () => 0, write: () => {} })).toThrow(/overlaps uart/);
    expect(() => mem.read(0x200000, 4)).toThrow();
    expect(() => new PhysMem(1000)).toThrow(/multiple of 4 KiB/);
  });
});
