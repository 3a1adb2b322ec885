// The AArch64 VMSAv8-64 stage 1 walker (EL1&0 regime, 4 KiB granule),
// checked against the Arm Architecture Reference Manual (DDI 0487), chapter
// D8 "The AArch64 Virtual Memory System Architecture": translation table
// format (D8.3), VA ranges and TxSZ (D8.2), memory access control (D8.4), the
// access flag (D8.5), fault status codes (ESR_EL1 ISS.DFSC/IFSC) and TLB
// maintenance (D8 "TLB maintenance", C5 TLBI instructions). Tables are built by hand in emulated RAM in
// the architectural descriptor format; expectations restate the manual.
import { describe, expect, it } from "vitest";
import { Access, type AccessKind, MEM_FAULT, Mmu } from "../../machine/core/mmu";
import { PhysMem } from "../../machine/core/physmem";
import {
  Arm64Paging, type Arm64PagingRegs, FSC, SCTLR, asidOf, sysRegsChanged, tlbi, walk,
} from "../../machine/arm64/paging";

// Descriptor fields (D8.3): bits 1:0, AttrIndx 4:2, AP[2:1] 7:6, AF 10, nG 11, PXN 53, UXN 54,
// table descriptors: PXNTable 59, UXNTable 60, APTable 62:61.
const VALID = 1n, TABLE = 3n, PAGE = 3n, BLOCK = 1n, AF = 1n << 10n, NG = 1n << 11n;
const AP = (ap: number) => BigInt(ap) << 6n;
const PXN = 1n << 53n, UXN = 1n << 54n, PXNT = 1n << 59n, UXNT = 1n << 60n;
const APT = (apt: number) => BigInt(apt) << 61n;

/** TCR_EL1: T0SZ 5:0, EPD0 7, TG0 15:14, T1SZ 21:16, A1 22, EPD1 23, TG1 31:30, IPS 34:32, AS 36, TBI0 37, TBI1 38. */
function tcr(f: { t0sz?: number; t1sz?: number; epd0?: boolean; epd1?: boolean; ips?: number; tbi0?: boolean;
  tbi1?: boolean; a1?: boolean; as16?: boolean; tg0?: number } = {}): bigint {
  return BigInt(f.t0sz ?? 16) | (f.epd0 ? 1n << 7n : 0n) | (BigInt(f.tg0 ?? 0) << 14n) |
    (BigInt(f.t1sz ?? 16) << 16n) | (f.a1 ? 1n << 22n : 0n) | (f.epd1 ? 1n << 23n : 0n) | (2n << 30n) |
    (BigInt(f.ips ?? 2) << 32n) | (f.as16 ? 1n << 36n : 0n) | (f.tbi0 ? 1n << 37n : 0n) | (f.tbi1 ? 1n << 38n : 0n);
}

class Tables {
  next = 0x100000;
  constructor(readonly mem: PhysMem) {}
  alloc(): number { const f = this.next; this.next += 0x1000; this.mem.fill(f, 0x1000, 0); return f; }
  get(ea: number): bigint { return this.mem.view.getBigUint64(ea, true); }
  set(ea: number, v: bigint): void { this.mem.view.setBigUint64(ea, v, true); }
  /** Address of the level-`level` descriptor for `va`; `inputsize` fixes the start level. */
  entry(root: number, va: bigint, level: number, inputsize = 48, tableBits: bigint[] = []): number {
    const start = inputsize > 39 ? 0 : inputsize > 30 ? 1 : 2;
    let table = root;
    for (let l = start; ; l++) {
      const shift = BigInt(12 + 9 * (3 - l));
      let idx = Number((va >> shift) & 0x1ffn);
      if (l === start) idx &= (1 << (inputsize - Number(shift))) - 1;
      const ea = table + idx * 8;
      if (l === level) return ea;
      let d = this.get(ea);
      if ((d & 3n) !== 3n) d = BigInt(this.alloc()) | TABLE;
      d |= tableBits[l - start] ?? 0n;
      this.set(ea, d);
      table = Number(d & 0xfffffffff000n);
    }
  }
  /** Map a 4 KiB page (level 3) or a 2 MiB / 1 GiB block (level 2 / 1). */
  map(root: number, va: bigint, pa: number, attrs: bigint, level = 3, inputsize = 48, tableBits: bigint[] = []): number {
    const ea = this.entry(root, va, level, inputsize, tableBits);
    this.set(ea, BigInt(pa) | attrs | (level === 3 ? PAGE : BLOCK));
    return ea;
  }
}

function setup(over: Partial<Arm64PagingRegs> = {}) {
  const mem = new PhysMem(8 << 20);
  const t = new Tables(mem);
  const root0 = t.alloc(), root1 = t.alloc();
  const regs: Arm64PagingRegs = {
    sctlr: SCTLR.M, tcr: tcr(), ttbr0: BigInt(root0), ttbr1: BigInt(root1), mair: 0xffn, ...over,
  };
  const mmu = new Mmu(mem, new Arm64Paging(mem, regs));
  mmu.user = false;
  return { mem, t, regs, mmu, root0, root1 };
}

const split = (va: bigint) => [Number(va & 0xffffffffn) | 0, Number((va >> 32n) & 0xffffffffn) | 0] as const;

function access(mmu: Mmu, va: bigint, kind: AccessKind): { fsc: number; level: number } | null {
  const [lo, hi] = split(va);
  try {
    if (kind === Access.Read) mmu.read8(lo, hi);
    else if (kind === Access.Write) mmu.write8(lo, hi, 0xa5);
    else mmu.fetch8(lo, hi);
    return null;
  } catch (e) {
    expect(e).toBe(MEM_FAULT);
    return { fsc: mmu.faultCode, level: mmu.faultLevel };
  }
}

describe("AArch64 stage 1 translation (Arm ARM D8.2, D8.3)", () => {
  it("translates pages, 2 MiB and 1 GiB blocks; VA bit 55 picks TTBR0 or TTBR1", () => {
    const { mem, t, mmu, root0, root1 } = setup();
    t.map(root0, 0x400000n, 0x200000, AF);
    t.map(root0, 0x80000000n, 0x400000, AF, 2);
    t.map(root1, 0xffff000040000000n, 0, AF, 1);
    mem.write(0x200010, 4, 0x1111); mem.write(0x412345, 4, 0x2222); mem.write(0x345678, 4, 0x3333);
    const rd = (va: bigint) => { const [lo, hi] = split(va); return mmu.read32(lo, hi); };
    expect(rd(0x400010n)).toBe(0x1111);
    expect(rd(0x80012345n)).toBe(0x2222);
    expect(rd(0xffff000040345678n)).toBe(0x3333);
  });

  it("the start level follows TxSZ: 39-bit VAs start at level 1, 30-bit at level 2 (D8.2, VA size and starting level)", () => {
    for (const [t0sz, start, levels] of [[25, 1, 3], [34, 2, 2], [24, 0, 4]] as const) {
      const { mem, t, regs, mmu, root0 } = setup();
      regs.tcr = tcr({ t0sz });
      const inputsize = 64 - t0sz;
      t.map(root0, 0x3000n, 0x5000, AF, 3, inputsize);
      mem.write(0x5004, 4, 0x77);
      expect(mmu.read32(0x3004, 0)).toBe(0x77);
      const w = walk(mem, regs, 0x3004n);
      expect(w.steps.map((s) => s.level)).toEqual(Array.from({ length: levels }, (_, i) => start + i));
      expect(w.pa).toBe(0x5004);
    }
  });

  it("T1SZ sizes the upper range on its own: 39-bit kernel half walked from level 1 (D8.2, VA size and starting level)", () => {
    const { mem, t, regs, mmu, root1 } = setup();
    regs.tcr = tcr({ t1sz: 25 });
    t.map(root1, 0xffffff8000001000n, 0x6000, AF, 3, 39);
    mem.write(0x6008, 4, 0x66);
    expect(mmu.read32(0x1008, 0xffffff80 | 0)).toBe(0x66);
    expect(walk(mem, regs, 0xffffff8000001008n).steps.map((s) => s.level)).toEqual([1, 2, 3]);
    // Bits 63:39 must all be 1 in the upper range: 0xffff0000_00001000 is in neither range.
    expect(access(mmu, 0xffff000000001000n, Access.Read)).toEqual({ fsc: FSC.Translation, level: 0 });
  });

  it("a VA outside both ranges is a level 0 translation fault; TBI ignores the top byte", () => {
    const { mem, t, regs, mmu, root0, root1 } = setup();
    t.map(root0, 0x1000n, 0x1000, AF);
    t.map(root1, 0xffff000000001000n, 0x2000, AF);
    expect(access(mmu, 0x0001000000001000n, Access.Read)).toEqual({ fsc: FSC.Translation, level: 0 });
    expect(access(mmu, 0x5a00000000001000n, Access.Read)).toEqual({ fsc: FSC.Translation, level: 0 });
    expect(access(mmu, 0xff7f000000001000n, Access.Read)).toEqual({ fsc: FSC.Translation, level: 0 });
    regs.tcr = tcr({ tbi0: true, tbi1: true });
    mem.write(0x1000, 1, 0x42); mem.write(0x2000, 1, 0x43);
    expect(access(mmu, 0x5a00000000001000n, Access.Read)).toBeNull();    // tag 0x5a ignored
    expect(mmu.read8(0x1000, 0x5a000000)).toBe(0x42);
    expect(mmu.read8(0x1000, 0x12ff0000 | 0)).toBe(0x43);                // bit 55 = 1: TTBR1
    expect(access(mmu, 0x0001000000001000n, Access.Read)).toEqual({ fsc: FSC.Translation, level: 0 });
  });

  it("TxSZ outside 16..39 is a level 0 translation fault (IMPLEMENTATION DEFINED; QEMU's choice)", () => {
    const { t, regs, mmu, root0 } = setup();
    t.map(root0, 0x1000n, 0x1000, AF);
    for (const t0sz of [12, 15, 40, 63]) {
      regs.tcr = tcr({ t0sz }); mmu.flushAll();
      expect(access(mmu, 0x1000n, Access.Read), `T0SZ=${t0sz}`).toEqual({ fsc: FSC.Translation, level: 0 });
    }
  });

  it("EPD0 / EPD1 disable walks of one half: level 0 translation fault", () => {
    const { t, regs, mmu, root0, root1 } = setup();
    t.map(root0, 0x1000n, 0x1000, AF);
    t.map(root1, 0xfffffffffffff000n, 0x2000, AF);
    regs.tcr = tcr({ epd0: true });
    expect(access(mmu, 0x1000n, Access.Read)).toEqual({ fsc: FSC.Translation, level: 0 });
    expect(access(mmu, 0xfffffffffffff000n, Access.Read)).toBeNull();
    regs.tcr = tcr({ epd1: true }); mmu.flushAll();
    expect(access(mmu, 0xfffffffffffff000n, Access.Read)).toEqual({ fsc: FSC.Translation, level: 0 });
  });

  it("invalid descriptors fault at their level; no block at level 0, no 01 at level 3 (D8.3, descriptor formats)", () => {
    for (const level of [0, 1, 2, 3]) {
      const { t, mmu, root0 } = setup();
      const va = 0x0000123456789000n;
      t.map(root0, va, 0x1000, AF);
      t.set(t.entry(root0, va, level), 0x1000n | AF);          // bit 0 clear: invalid
      expect(access(mmu, va, Access.Read)).toEqual({ fsc: FSC.Translation + level, level });
    }
    const { t, mmu, root0 } = setup();
    t.set(t.entry(root0, 0x1000n, 0), 0x0n | BLOCK | AF);        // "block" at level 0
    expect(access(mmu, 0x1000n, Access.Read)).toEqual({ fsc: FSC.Translation, level: 0 });
    const s = setup();
    s.t.set(s.t.entry(s.root0, 0x1000n, 3), 0x1000n | BLOCK | AF);   // 01 at level 3 is reserved
    expect(access(s.mmu, 0x1000n, Access.Read)).toEqual({ fsc: FSC.Translation + 3, level: 3 });
  });

  it("IPS / PARange bound output addresses: Address size fault at the descriptor's level", () => {
    const { t, regs, mmu, root0 } = setup();
    t.map(root0, 0x1000n, 0x1000, AF | (1n << 40n));            // OA bit 40 with a 40-bit PA size
    expect(access(mmu, 0x1000n, Access.Read)).toEqual({ fsc: FSC.AddressSize + 3, level: 3 });
    t.map(root0, 0x200000n, 0x100000000, AF, 2);                 // 4 GiB: fine for 40 bits
    regs.tcr = tcr({ ips: 0 });                                  // 32-bit IPS
    expect(access(mmu, 0x200000n, Access.Read)).toEqual({ fsc: FSC.AddressSize + 2, level: 2 });
    regs.tcr = tcr(); regs.ttbr0 = 1n << 41n; mmu.flushAll();   // table base beyond the PA size
    expect(access(mmu, 0x1000n, Access.Read)).toEqual({ fsc: FSC.AddressSize, level: 0 });
  });

  it("a table walk that reaches no memory is a synchronous external abort on the walk", () => {
    const { t, mmu, root0 } = setup();
    t.map(root0, 0x1000n, 0x1000, AF);
    const ea = t.entry(root0, 0x1000n, 2);
    t.set(ea, 0x8000000000n - 0x1000n | TABLE);                 // a level 3 table nowhere
    expect(access(mmu, 0x1000n, Access.Read)).toEqual({ fsc: FSC.ExtAbortWalk + 3, level: 3 });
  });

  it("SCTLR_EL1.M = 0: flat addressing; VA bits above the PA size fault (level 0 address size)", () => {
    const { mem, regs, mmu } = setup({ sctlr: 0 });
    mem.write(0x123450, 4, 0x99);
    expect(mmu.read32(0x123450, 0)).toBe(0x99);
    mmu.user = true;
    expect(access(mmu, 0x123450n, Access.Write)).toBeNull();
    expect(access(mmu, 0x10000000000n, Access.Read)).toEqual({ fsc: FSC.AddressSize, level: 0 });
    expect(walk(mem, regs, 0x123450n).pa).toBe(0x123450);
  });

  it("TG0 selecting a 64 KiB granule is refused with a clear error", () => {
    const { regs, mmu } = setup();
    regs.tcr = tcr({ tg0: 1 });
    expect(() => mmu.read8(0x1000, 0)).toThrow(/TG0 selects a 64 KiB granule; only 4 KiB is implemented/);
  });

  it("an unused half's granule does not matter: TG1 = 00 with EPD1 = 1 just faults", () => {
    const { regs, mmu } = setup();
    regs.tcr = tcr({ epd1: true }) & ~(3n << 30n);              // TG1 = 00 (reserved), walks disabled
    expect(access(mmu, 0xffff000000001000n, Access.Read)).toEqual({ fsc: FSC.Translation, level: 0 });
  });
});

describe("AArch64 access flag (D8.5): no hardware update in v8.0", () => {
  it("AF=0 faults at the leaf's level, before any permission check, and AF is not set", () => {
    for (const level of [1, 2, 3]) {
      const { t, mmu, root0 } = setup();
      const va = 0x40000000n;
      const ea = t.map(root0, va, level === 3 ? 0x1000 : 0, AP(2), level); // read-only, AF=0
      expect(access(mmu, va, Access.Write)).toEqual({ fsc: FSC.AccessFlag + level, level });
      expect(t.get(ea) & AF).toBe(0n);
    }
  });
});

// The stage 1 permission rules of the Arm ARM (D8.4, "Memory access control";
// pseudocode AArch64.S1DirectBasePermissions for the EL1&0 regime, v8.0
// without EPAN), restated:
//   AP[2:1] = 00: EL1 read/write, EL0 none     01: EL1 and EL0 read/write
//             10: EL1 read-only, EL0 none      11: EL1 and EL0 read-only
//   EL0 executes iff UXN=0 (even where AP gives EL0 no data access).
//   EL1 executes iff PXN=0 and the memory is not writable at EL0 (AP=01).
//   SCTLR_EL1.WXN: memory writable at the fetching EL is execute-never.
//   PSTATE.PAN: EL1 data accesses to memory with EL0 data access (AP[1]=1) fault.
function armAllows(c: { ap: number; uxn: boolean; pxn: boolean; el0: boolean; kind: AccessKind;
  wxn?: boolean; pan?: boolean }): boolean {
  const el0Read = c.ap === 1 || c.ap === 3, el0Write = c.ap === 1, el1Write = c.ap === 0 || c.ap === 1;
  if (c.el0) {
    if (c.kind === Access.Read) return el0Read;
    if (c.kind === Access.Write) return el0Write;
    return !c.uxn && !(c.wxn && el0Write);
  }
  if (c.kind === Access.Exec) return !c.pxn && !el0Write && !(c.wxn && el1Write);
  if (c.pan && el0Read) return false;
  return c.kind === Access.Read || el1Write;
}

describe("AArch64 access permissions (D8.4) and permission fault codes", () => {
  const kinds = [Access.Read, Access.Write, Access.Exec] as const;

  it("every AP x UXN x PXN x EL0/EL1 x read/write/fetch combination", () => {
    let n = 0;
    for (const ap of [0, 1, 2, 3]) for (const uxn of [false, true]) for (const pxn of [false, true])
    for (const el0 of [false, true]) for (const kind of kinds) {
      const { t, mmu, root0 } = setup();
      t.map(root0, 0x7000n, 0x7000, AF | AP(ap) | (uxn ? UXN : 0n) | (pxn ? PXN : 0n));
      mmu.user = el0;
      const ok = armAllows({ ap, uxn, pxn, el0, kind });
      expect(access(mmu, 0x7000n, kind), `ap=${ap} uxn=${uxn} pxn=${pxn} el0=${el0} kind=${kind}`)
        .toEqual(ok ? null : { fsc: FSC.Permission + 3, level: 3 });
      n++;
    }
    expect(n).toBe(96);
  });

  it("SCTLR_EL1.WXN makes writable memory execute-never; PAN blocks EL1 data access to EL0 memory", () => {
    for (const ap of [0, 1, 2, 3]) for (const el0 of [false, true]) for (const kind of kinds) {
      const { t, regs, mmu, root0 } = setup();
      regs.sctlr = SCTLR.M | SCTLR.WXN;
      t.map(root0, 0x7000n, 0x7000, AF | AP(ap), 2);
      mmu.user = el0;
      mmu.pan = true;                                        // PAN never applies to EL0 accesses
      const ok = armAllows({ ap, uxn: false, pxn: false, el0, kind, wxn: true, pan: true });
      expect(access(mmu, 0x7000n, kind), `ap=${ap} el0=${el0} kind=${kind}`)
        .toEqual(ok ? null : { fsc: FSC.Permission + 2, level: 2 });
    }
  });

  it("table descriptors take rights away from everything below them (APTable, UXNTable, PXNTable)", () => {
    // [name, table bits at level 1, EL0?, access, allowed]
    const cases: [string, bigint, boolean, AccessKind, boolean][] = [
      ["APTable=01: no EL0 access", APT(1), true, Access.Read, false],
      ["APTable=01: EL1 still reads", APT(1), false, Access.Read, true],
      ["APTable=10: no writes at EL1", APT(2), false, Access.Write, false],
      ["APTable=10: EL0 still reads", APT(2), true, Access.Read, true],
      ["APTable=11: EL0 cannot write", APT(3), true, Access.Write, false],
      ["UXNTable: no EL0 fetch", UXNT, true, Access.Exec, false],
      ["UXNTable: EL1 may fetch", UXNT, false, Access.Exec, true],
      ["PXNTable: no EL1 fetch", PXNT, false, Access.Exec, false],
      ["PXNTable: EL0 may fetch", PXNT, true, Access.Exec, true],
    ];
    for (const [name, bits, el0, kind, ok] of cases) {
      const { t, mmu, root0 } = setup();
      // The leaf allows everything to everyone that AP=01 allows (EL1 fetch
      // excepted, so use AP=11 for the fetch cases: EL0 read-only, EL1 may execute).
      const ap = kind === Access.Exec ? 3 : 1;
      t.map(root0, 0x7000n, 0x7000, AF | AP(ap), 3, 48, [0n, bits]);
      mmu.user = el0;
      expect(access(mmu, 0x7000n, kind), name).toEqual(ok ? null : { fsc: FSC.Permission + 3, level: 3 });
    }
  });
});

describe("AArch64 ASID-tagged TLB and TLBI (D8 TLB maintenance, C5 TLBI)", () => {
  const rd = (mmu: Mmu, va: bigint) => { const [lo, hi] = split(va); return mmu.read32(lo, hi); };

  it("two ASIDs keep their entries across TTBR0 switches; TLBI ASIDE1 drops one; VMALLE1 drops all", () => {
    const { mem, t, regs, mmu, root0 } = setup();
    const rootB = t.alloc();
    t.map(root0, 0x1000n, 0x10000, AF | AP(1) | NG);
    t.map(rootB, 0x1000n, 0x20000, AF | AP(1) | NG);
    mem.write(0x10000, 4, 1); mem.write(0x20000, 4, 2); mem.write(0x30000, 4, 3);
    const use = (root: number, asid: number) => { regs.ttbr0 = BigInt(root) | (BigInt(asid) << 48n); sysRegsChanged(mmu, regs.sctlr, regs); };
    use(root0, 1); expect(mmu.asid).toBe(1); expect(rd(mmu, 0x1000n)).toBe(1);
    use(rootB, 2); expect(rd(mmu, 0x1000n)).toBe(2);
    t.map(root0, 0x1000n, 0x30000, AF | AP(1) | NG);          // edit ASID 1's table, no TLBI
    use(root0, 1); expect(rd(mmu, 0x1000n)).toBe(1);          // stale entry for ASID 1 still used
    tlbi(mmu, regs, "ASIDE1", 2n << 48n);                     // another ASID: no effect on ASID 1
    expect(rd(mmu, 0x1000n)).toBe(1);
    tlbi(mmu, regs, "ASIDE1", 1n << 48n);
    expect(rd(mmu, 0x1000n)).toBe(3);
    t.map(rootB, 0x1000n, 0x10000, AF | AP(1) | NG);
    tlbi(mmu, regs, "VMALLE1");
    use(rootB, 2); expect(rd(mmu, 0x1000n)).toBe(1);
  });

  it("global (nG=0) entries survive TLBI ASIDE1; VAE1 drops them whatever its ASID; VAAE1 drops all ASIDs", () => {
    const { mem, t, regs, mmu, root1 } = setup();
    const va = 0xffff000000005000n;
    t.map(root1, va, 0x10000, AF);                            // nG = 0: global
    mem.write(0x10000, 4, 1); mem.write(0x11000, 4, 2); mem.write(0x12000, 4, 3);
    expect(rd(mmu, va)).toBe(1);
    t.map(root1, va, 0x11000, AF);
    tlbi(mmu, regs, "ASIDE1", 0n);
    expect(rd(mmu, va)).toBe(1);                              // still the stale global entry
    tlbi(mmu, regs, "VAE1", (7n << 48n) | ((va >> 12n) & 0xfffffffffffn));
    expect(rd(mmu, va)).toBe(2);
    // A non-global entry of ASID 0 is dropped by VAAE1 even when called "from" another ASID.
    t.map(root1, va, 0x12000, AF | NG);
    tlbi(mmu, regs, "VAE1", (va >> 12n) & 0xfffffffffffn);   // re-walk: now non-global
    expect(rd(mmu, va)).toBe(3);
    t.map(root1, va, 0x10000, AF | NG);
    tlbi(mmu, regs, "VAE1", (9n << 48n) | ((va >> 12n) & 0xfffffffffffn));
    expect(rd(mmu, va)).toBe(3);                              // ASID 9's invalidation: ours survives
    tlbi(mmu, regs, "VAAE1", (va >> 12n) & 0xfffffffffffn);
    expect(rd(mmu, va)).toBe(1);
  });

  it("TLBI VAE1 on one page of a 2 MiB block drops every cached slice of the block", () => {
    const { mem, t, regs, mmu, root0 } = setup();
    t.map(root0, 0x200000n, 0x200000, AF, 2);
    mem.write(0x200000, 4, 5); mem.write(0x3ff000, 4, 6);
    expect(rd(mmu, 0x200000n)).toBe(5);
    expect(rd(mmu, 0x3ff000n)).toBe(6);
    t.map(root0, 0x200000n, 0x400000, AF, 2);
    tlbi(mmu, regs, "VAE1", 0x345n);
    expect(rd(mmu, 0x200000n)).toBe(0);
    expect(rd(mmu, 0x3ff000n)).toBe(0);
  });

  it("the ASID comes from TTBR1 with TCR.A1, and is 8 bits unless TCR.AS", () => {
    const regs: Arm64PagingRegs = { sctlr: 1, tcr: tcr(), ttbr0: 0x1234n << 48n, ttbr1: 0x5678n << 48n, mair: 0n };
    expect(asidOf(regs)).toBe(0x34);
    regs.tcr = tcr({ as16: true }); expect(asidOf(regs)).toBe(0x1234);
    regs.tcr = tcr({ as16: true, a1: true }); expect(asidOf(regs)).toBe(0x5678);
  });

  it("walk() lists each descriptor with its decoded fields (for the debugger)", () => {
    const { mem, t, regs, root0 } = setup();
    const ea = t.map(root0, 0x7000n, 0x9000, AF | AP(3) | UXN | NG);
    const w = walk(mem, regs, 0x7123n, { user: true, access: Access.Exec });
    expect(w.steps.map((s) => s.kind)).toEqual(["table", "table", "table", "page"]);
    expect(w.steps[3]).toMatchObject({ level: 3, entryAddr: ea, entry: 0x9000n | PAGE | AF | AP(3) | UXN | NG });
    expect(w.steps[3].flags).toEqual(["AP=3", "AttrIndx=0", "SH=0", "AF", "nG", "UXN"]);
    expect(w.fault).toEqual({ fsc: FSC.Permission + 3, level: 3, what: "permission fault, level 3" });
    expect(walk(mem, regs, 0x7123n, { user: true }).pa).toBe(0x9123);
  });
});
