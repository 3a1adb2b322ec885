// The x86_64 4-level page walker, checked against the rules of the Intel SDM
// Vol. 3A chapter 4 (4.5 4-level paging, 4.6 access rights, 4.7 page-fault
// error code, 4.8 accessed and dirty flags, 4.10 TLBs). Page tables are built
// by hand in emulated RAM in the architectural format; the expectations are
// the SDM's rules restated independently of machine/x86_64/paging.ts.
import { describe, expect, it } from "vitest";
import { Access, type AccessKind, MEM_FAULT, Mmu } from "../../machine/core/mmu";
import { PhysMem } from "../../machine/core/physmem";
import {
  CR0, CR4, EFER, PF, X86Paging, type X86PagingRegs, controlRegsChanged, invlpg, invpcid, movToCr3, walk,
} from "../../machine/x86_64/paging";

// Entry bits (SDM Table 4-14 .. 4-20).
const P = 1n, RW = 2n, US = 4n, A = 32n, D = 64n, PS = 128n, G = 256n, XD = 1n << 63n;

/** Builds page tables in RAM, allocating table frames from 1 MiB up. */
class Tables {
  next = 0x100000;
  readonly root: number;
  constructor(readonly mem: PhysMem) { this.root = this.alloc(); }
  alloc(): number { const f = this.next; this.next += 0x1000; this.mem.fill(f, 0x1000, 0); return f; }
  get(ea: number): bigint { return this.mem.view.getBigUint64(ea, true); }
  set(ea: number, v: bigint): void { this.mem.view.setBigUint64(ea, v, true); }
  /** Entry address of the entry at `level` (4..1) for `va`, creating tables above it. */
  entry(va: bigint, level: number, tableFlags: bigint[] = [], root = this.root): number {
    let table = root;
    for (let l = 4; l > level; l--) {
      const ea = table + Number((va >> BigInt(12 + 9 * (l - 1))) & 0x1ffn) * 8;
      let e = this.get(ea);
      if ((e & P) === 0n) { e = BigInt(this.alloc()) | P | RW | US; }
      const extra = tableFlags[4 - l];
      if (extra !== undefined) e = (e & ~(RW | US | XD)) | P | extra;
      this.set(ea, e);
      table = Number(e & 0xffffffff000n);
    }
    return table + Number((va >> BigInt(12 + 9 * (level - 1))) & 0x1ffn) * 8;
  }
  /** Map one page of 4 KiB (level 1), 2 MiB (level 2) or 1 GiB (level 3). */
  map(va: bigint, pa: number, flags: bigint, level = 1, tableFlags: bigint[] = [], root = this.root): number {
    const ea = this.entry(va, level, tableFlags, root);
    this.set(ea, BigInt(pa) | flags | (level > 1 ? PS : 0n));
    return ea;
  }
}

function setup(regs: Partial<X86PagingRegs> = {}, ram = 8 << 20) {
  const mem = new PhysMem(ram);
  const t = new Tables(mem);
  const r: X86PagingRegs = {
    cr0: CR0.PG | CR0.WP, cr3: t.root, cr4: CR4.PAE, efer: EFER.LME | EFER.LMA | EFER.NXE, ...regs,
  };
  const mmu = new Mmu(mem, new X86Paging(mem, r));
  mmu.user = false;
  return { mem, t, regs: r, mmu };
}

const split = (va: bigint) => [Number(va & 0xffffffffn) | 0, Number((va >> 32n) & 0xffffffffn) | 0] as const;

/** Perform one access; returns the fault's (code, level) or null. */
function access(mmu: Mmu, va: bigint, kind: AccessKind): { code: number; level: number } | null {
  const [lo, hi] = split(va);
  try {
    if (kind === Access.Read) mmu.read8(lo, hi);
    else if (kind === Access.Write) mmu.write8(lo, hi, 0x5a);
    else mmu.fetch8(lo, hi);
    return null;
  } catch (e) {
    expect(e).toBe(MEM_FAULT);
    return { code: mmu.faultCode, level: mmu.faultLevel };
  }
}

describe("x86_64 4-level paging: translation (SDM 4.5)", () => {
  it("translates 4 KiB, 2 MiB and 1 GiB pages, low and high half", () => {
    const { mem, t, mmu } = setup({}, 16 << 20);
    t.map(0x400000n, 0x200000, P | RW);                                  // 4 KiB
    t.map(0x40000000n, 0x400000, P | RW, 2);                             // 2 MiB
    t.map(0xffff800000000000n, 0, P | RW, 3);                           // 1 GiB at the kernel base
    mem.write(0x200123, 4, 0x11111111);
    mem.write(0x400000 + 0x12345, 4, 0x22222222);
    mem.write(0x00abcdef, 4, 0x33333333);
    const rd = (va: bigint) => { const [lo, hi] = split(va); return mmu.read32(lo, hi) >>> 0; };
    expect(rd(0x400123n)).toBe(0x11111111);
    expect(rd(0x40012345n)).toBe(0x22222222);
    expect(rd(0xffff800000abcdefn)).toBe(0x33333333);
    const w = walk(mem, { cr0: CR0.PG, cr3: t.root, cr4: CR4.PAE, efer: EFER.LMA }, 0x40012345n);
    expect(w.pa).toBe(0x412345);
    expect(w.pageSize).toBe(2 << 20);
    expect(w.steps.map((s) => s.name)).toEqual(["PML4E", "PDPTE", "PDE"]);
  });

  it("walk() shows each level's entry address, raw entry and flags (for the debugger)", () => {
    const { mem, t, regs } = setup();
    const pteAddr = t.map(0x7000n, 0x9000, P | US | XD);
    const w = walk(mem, regs, 0x7abcn, { user: true });
    expect(w.steps.length).toBe(4);
    expect(w.steps[3]).toMatchObject({ level: 1, name: "PTE", entryAddr: pteAddr, entry: 0x9000n | P | US | XD });
    expect(w.steps[3].flags).toEqual(["P", "US", "XD"]);
    expect(w.pa).toBe(0x9abc);
    expect(t.get(pteAddr) & A).toBe(0n);                  // the debugger's walk sets no A bit
    const f = walk(mem, regs, 0x7abcn, { user: true, access: Access.Write });
    expect(f.fault).toEqual({ code: PF.P | PF.W | PF.U, level: 1, what: "#PF: user write, protection violation" });
  });

  it("CR0.PG=0 is flat (linear = physical); PG=1 without long mode is refused clearly", () => {
    const { mem, regs, mmu } = setup({ cr0: 0 });
    mem.write(0x12344, 4, 0x4321);
    expect(mmu.read32(0x12344, 0)).toBe(0x4321);
    regs.cr0 = CR0.PG; regs.efer = 0; mmu.flushAll();
    expect(() => mmu.read32(0x12344, 0)).toThrow(/only 4-level paging .* is implemented/);
  });

  it("a non-canonical address is a #GP, marked PF.NonCanonical, with no walk (SDM Vol. 1, 3.3.7.1)", () => {
    const { mmu } = setup();
    expect(access(mmu, 0x0000800000000000n, Access.Read)).toEqual({ code: PF.NonCanonical, level: 0 });
    expect(access(mmu, 0xfff0000000000000n, Access.Write)).toEqual({ code: PF.NonCanonical, level: 0 });
    expect(access(mmu, 0xffff7fffffffffffn, Access.Exec)).toEqual({ code: PF.NonCanonical, level: 0 });
  });

  it("a not-present entry at each level faults with P=0 and W/R, U/S, I/D as the access (SDM 4.7)", () => {
    for (const level of [4, 3, 2, 1]) {
      const { t, mmu } = setup();
      const va = 0x12345678000n;
      const ea = t.map(va, 0x5000, P | RW | US);
      if (level > 1) t.set(t.entry(va, level), 0n); else t.set(ea, 0x5000n | RW | US);
      mmu.user = true;
      expect(access(mmu, va, Access.Write)).toEqual({ code: PF.W | PF.U, level });
      mmu.user = false;
      expect(access(mmu, va, Access.Exec)).toEqual({ code: PF.ID, level });   // I/D: NXE=1
      expect(access(mmu, va, Access.Read)).toEqual({ code: 0, level });
    }
  });
});

describe("x86_64 paging: reserved bits (SDM 4.5.4, Tables 4-15..4-20; MAXPHYADDR = 40)", () => {
  const cases: [string, (t: Tables, va: bigint) => void, number][] = [
    ["PTE address bit 40", (t, va) => t.map(va, 0, P | RW | (1n << 40n)), 1],
    ["PTE address bit 51", (t, va) => t.map(va, 0, P | RW | (1n << 51n)), 1],
    ["PS=1 in a PML4E", (t, va) => { const ea = t.entry(va, 4); t.map(va, 0, P); t.set(ea, t.get(ea) | PS); }, 4],
    ["1 GiB page with bit 13 set", (t, va) => t.map(va, 0x2000, P | RW, 3), 3],
    ["2 MiB page with bit 20 set", (t, va) => t.map(va, 0x100000, P | RW, 2), 2],
    ["PDE (table) address bit 45", (t, va) => { t.map(va, 0, P); const ea = t.entry(va, 2); t.set(ea, t.get(ea) | (1n << 45n)); }, 2],
  ];
  for (const [name, build, level] of cases) {
    it(`${name}: RSVD=1 and P=1 at level ${level}`, () => {
      const { t, mmu } = setup();
      const va = 0x40000000n;
      build(t, va);
      // "bit 3 of the error code can be set only if bit 0 is also set" (SDM 4.7)
      expect(access(mmu, va, Access.Read)).toEqual({ code: PF.P | PF.RSVD, level });
    });
  }

  it("XD (bit 63) is reserved unless EFER.NXE=1", () => {
    const { t, mmu, regs } = setup({ efer: EFER.LME | EFER.LMA });
    t.map(0x5000n, 0x5000, P | RW | XD);
    mmu.user = true;
    // I/D is clear too: neither NXE nor SMEP is on (SDM 4.7).
    expect(access(mmu, 0x5000n, Access.Exec)).toEqual({ code: PF.P | PF.RSVD | PF.U, level: 1 });
    regs.efer |= EFER.NXE;
    t.map(0x5000n, 0x5000, P | RW | US | XD);
    mmu.flushAll();
    expect(access(mmu, 0x5000n, Access.Read)).toBeNull();
  });

  it("a paging entry outside RAM and every device reads as all ones: a RSVD fault", () => {
    const { t, mmu } = setup();
    const ea = t.entry(0x9000n, 2);
    t.set(ea, 0x8000000000n - 0x1000n | P | RW);          // page table at 512 GiB - 4 KiB: nothing there
    expect(access(mmu, 0x9000n, Access.Read)).toEqual({ code: PF.P | PF.RSVD, level: 1 });
  });
});

// SDM 4.6.1 "Determination of Access Rights", restated bullet by bullet.
// us/rw/xd are the combined rights (U/S=1 and R/W=1 at every level; XD=1 at any).
function sdmAllows(c: { us: number; rw: number; xd: number; wp: boolean; user: boolean; kind: AccessKind;
  smep?: boolean; smap?: boolean; ac?: boolean }): boolean {
  const userAddr = c.us === 1;
  const nx = c.xd === 1;                                   // EFER.NXE=1 in these tests
  if (c.user) {
    // "Data may be read from any user-mode address"; "written to user-mode addresses with R/W=1";
    // "instructions may be fetched from any user-mode address with XD=0". Supervisor addresses: never.
    if (!userAddr) return false;
    if (c.kind === Access.Read) return true;
    if (c.kind === Access.Write) return c.rw === 1;
    return !nx;
  }
  const smapBlocks = userAddr && !!c.smap && !c.ac;
  if (c.kind === Access.Read) return !smapBlocks;
  if (c.kind === Access.Write) return !smapBlocks && (!c.wp || c.rw === 1);
  if (userAddr && c.smep) return false;
  return !nx;
}

describe("x86_64 paging: access rights (SDM 4.6.1) and error codes (SDM 4.7)", () => {
  const kinds = [Access.Read, Access.Write, Access.Exec] as const;
  it("every U/S x R/W x XD x CR0.WP x CPL x read/write/fetch combination", () => {
    let checked = 0;
    for (const us of [0, 1]) for (const rw of [0, 1]) for (const xd of [0, 1]) for (const wp of [false, true])
    for (const user of [false, true]) for (const kind of kinds) {
      const { t, mmu } = setup({ cr0: CR0.PG | (wp ? CR0.WP : 0) });
      const va = 0x7f0000201000n;
      t.map(va, 0x300000, P | (rw ? RW : 0n) | (us ? US : 0n) | (xd ? XD : 0n));
      mmu.user = user;
      const ok = sdmAllows({ us, rw, xd, wp, user, kind });
      const code = PF.P | (kind === Access.Write ? PF.W : 0) | (user ? PF.U : 0) | (kind === Access.Exec ? PF.ID : 0);
      expect(access(mmu, va, kind), `us=${us} rw=${rw} xd=${xd} wp=${wp} user=${user} kind=${kind}`)
        .toEqual(ok ? null : { code, level: 1 });
      checked++;
    }
    expect(checked).toBe(96);
  });

  it("rights combine across levels: the most restrictive entry wins (SDM 4.6.1)", () => {
    // Each case restricts one upper-level entry and leaves the leaf permissive.
    const cases: [string, bigint[], boolean, AccessKind][] = [
      ["U/S=0 in the PML4E hides the page from user mode", [P | RW], true, Access.Read],
      ["R/W=0 in the PDPTE makes it read-only", [P | RW | US, P | US], true, Access.Write],
      ["XD=1 in the PDE forbids fetches", [P | RW | US, P | RW | US, P | RW | US | XD], true, Access.Exec],
      ["R/W=0 in the PML4E binds the supervisor under CR0.WP", [P | US], false, Access.Write],
    ];
    for (const [name, tableFlags, user, kind] of cases) {
      const { t, mmu } = setup();
      t.map(0x1000n, 0x1000, P | RW | US, 1, tableFlags);
      mmu.user = user;
      expect(access(mmu, 0x1000n, kind), name).not.toBeNull();
      expect(mmu.faultCode & PF.P, name).toBe(PF.P);
    }
  });

  it("CR4.SMEP: no supervisor fetch from a user page; I/D set even with NXE=0", () => {
    const { t, mmu } = setup({ cr4: CR4.PAE | CR4.SMEP, efer: EFER.LMA });
    t.map(0x1000n, 0x1000, P | RW | US);
    t.map(0x2000n, 0x2000, P | RW);
    expect(access(mmu, 0x1000n, Access.Exec)).toEqual({ code: PF.P | PF.ID, level: 1 });
    expect(access(mmu, 0x2000n, Access.Exec)).toBeNull();
    expect(access(mmu, 0x1000n, Access.Read)).toBeNull();  // SMEP is about fetches only
  });

  it("CR4.SMAP: supervisor data accesses to user pages fault while RFLAGS.AC=0 (mmu.pan)", () => {
    for (const ac of [false, true]) for (const kind of [Access.Read, Access.Write] as const) {
      const { t, mmu } = setup({ cr4: CR4.PAE | CR4.SMAP });
      t.map(0x1000n, 0x1000, P | RW | US);
      mmu.pan = !ac;
      const ok = sdmAllows({ us: 1, rw: 1, xd: 0, wp: true, user: false, kind, smap: true, ac });
      expect(access(mmu, 0x1000n, kind)).toEqual(ok ? null : { code: PF.P | (kind === Access.Write ? PF.W : 0), level: 1 });
    }
  });
});

describe("x86_64 paging: accessed and dirty flags (SDM 4.8)", () => {
  it("sets A in every entry the walk used, and D in the leaf only on a write", () => {
    const { t, mmu } = setup();
    const va = 0x123456789000n;
    const pte = t.map(va, 0x7000, P | RW);
    const levels = [4, 3, 2].map((l) => t.entry(va, l));
    for (const ea of levels) t.set(ea, t.get(ea) & ~A);
    access(mmu, va, Access.Read);
    for (const ea of [...levels, pte]) expect(t.get(ea) & A).toBe(A);
    expect(t.get(pte) & D).toBe(0n);
    access(mmu, va, Access.Write);
    expect(t.get(pte) & D).toBe(D);
    expect(t.get(levels[2]) & D).toBe(0n);                // D is defined only in leaves
  });

  it("a walk that faults at the PTE has still set A in the levels above it (as QEMU does)", () => {
    const { t, mmu } = setup();
    const va = 0x5000n;
    const pte = t.map(va, 0x5000, P | RW);
    t.set(pte, 0n);                                        // not present
    const upper = [4, 3, 2].map((l) => t.entry(va, l));
    for (const ea of upper) t.set(ea, t.get(ea) & ~A);
    expect(access(mmu, va, Access.Read)).toEqual({ code: 0, level: 1 });
    for (const ea of upper) expect(t.get(ea) & A).toBe(A);
  });

  it("a supervisor write to a read-only page with CR0.WP=0 succeeds and sets D", () => {
    const { t, mmu } = setup({ cr0: CR0.PG });
    const pte = t.map(0x5000n, 0x5000, P);
    expect(access(mmu, 0x5000n, Access.Write)).toBeNull();
    expect(t.get(pte) & (A | D)).toBe(A | D);
  });

  it("for a 2 MiB page, D lands in the PDE; a faulting access sets no A in the leaf", () => {
    const { t, mmu } = setup();
    const pde = t.map(0x600000n, 0x600000, P | RW, 2);
    access(mmu, 0x6abcden, Access.Write);
    expect(t.get(pde) & (A | D)).toBe(A | D);
    const pte = t.map(0x9000n, 0x9000, P);                 // read-only, supervisor
    mmu.user = true;
    expect(access(mmu, 0x9000n, Access.Read)).not.toBeNull();
    expect(t.get(pte) & A).toBe(0n);
  });
});

describe("x86_64 paging: PCID-tagged TLB (SDM 4.10)", () => {
  const rd = (mmu: Mmu, va: bigint) => { const [lo, hi] = split(va); return mmu.read32(lo, hi); };

  it("two address spaces keep their own entries across MOV CR3 with the no-flush bit", () => {
    const { mem, t, mmu, regs } = setup({ cr4: CR4.PAE | CR4.PCIDE });
    const root2 = t.alloc();
    t.map(0x1000n, 0x10000, P | RW);
    t.map(0x1000n, 0x20000, P | RW, 1, [], root2);
    mem.write(0x10000, 4, 1); mem.write(0x20000, 4, 2);
    regs.cr3 = t.root + 1; movToCr3(mmu, regs);            // PCID 1
    expect(rd(mmu, 0x1000n)).toBe(1);
    regs.cr3 = root2 + 2; movToCr3(mmu, regs);             // PCID 2
    expect(rd(mmu, 0x1000n)).toBe(2);
    // Edit PCID 1's PTE behind the TLB's back, switch back without flushing:
    // the old translation is still cached for PCID 1 (stale, as on hardware).
    t.map(0x1000n, 0x30000, P | RW);
    regs.cr3 = t.root + 1; movToCr3(mmu, regs, true);
    expect(rd(mmu, 0x1000n)).toBe(1);
    movToCr3(mmu, regs, false);                            // a flushing MOV CR3 drops PCID 1's entries
    expect(rd(mmu, 0x1000n)).toBe(0);                      // now 0x30000, which holds 0
    regs.cr3 = root2 + 2; movToCr3(mmu, regs, true);
    expect(rd(mmu, 0x1000n)).toBe(2);
  });

  it("global pages (G with CR4.PGE) survive MOV CR3 and a PCID switch; toggling PGE drops them", () => {
    const { mem, t, mmu, regs } = setup({ cr4: CR4.PAE | CR4.PGE });
    t.map(0xffff800000001000n, 0x10000, P | RW | G);
    t.map(0x2000n, 0x11000, P | RW);
    mem.write(0x10000, 4, 7); mem.write(0x11000, 4, 8);
    expect(rd(mmu, 0xffff800000001000n)).toBe(7);
    expect(rd(mmu, 0x2000n)).toBe(8);
    t.map(0xffff800000001000n, 0x12000, P | RW | G);        // edit both without invalidating
    t.map(0x2000n, 0x12000, P | RW);
    movToCr3(mmu, regs);                                   // flushes non-global only
    expect(rd(mmu, 0xffff800000001000n)).toBe(7);          // global: still the stale entry
    expect(rd(mmu, 0x2000n)).toBe(0);                      // non-global: re-walked
    const old = { ...regs };
    regs.cr4 &= ~CR4.PGE; controlRegsChanged(mmu, old, regs);
    expect(rd(mmu, 0xffff800000001000n)).toBe(0);
  });

  it("INVLPG drops a global page for every PCID; INVPCID type 0 leaves globals alone", () => {
    const { mem, t, mmu, regs } = setup({ cr4: CR4.PAE | CR4.PGE | CR4.PCIDE });
    regs.cr3 = t.root + 5; movToCr3(mmu, regs);
    t.map(0x3000n, 0x10000, P | RW | G);
    mem.write(0x10000, 4, 3);
    expect(rd(mmu, 0x3000n)).toBe(3);
    regs.cr3 = t.root + 6; movToCr3(mmu, regs);            // global entry is used under PCID 6 too
    expect(rd(mmu, 0x3000n)).toBe(3);
    t.map(0x3000n, 0x11000, P | RW | G);
    invpcid(mmu, 0, 6, 0x3000, 0);                         // individual address: not globals
    expect(rd(mmu, 0x3000n)).toBe(3);
    invpcid(mmu, 1, 6);                                    // single context: not globals
    expect(rd(mmu, 0x3000n)).toBe(3);
    invlpg(mmu, 0x3000, 0);
    expect(rd(mmu, 0x3000n)).toBe(0);
  });

  it("INVLPG anywhere in a 2 MiB page drops every cached slice of it", () => {
    const { mem, t, mmu } = setup();
    t.map(0x200000n, 0x200000, P | RW, 2);
    mem.write(0x200000, 4, 1); mem.write(0x3ff000, 4, 2);
    expect(rd(mmu, 0x200000n)).toBe(1);
    expect(rd(mmu, 0x3ff000n)).toBe(2);
    t.map(0x200000n, 0x600000, P | RW, 2);
    invlpg(mmu, 0x234000, 0);                               // a slice nobody touched
    expect(rd(mmu, 0x200000n)).toBe(0);
    expect(rd(mmu, 0x3ff000n)).toBe(0);
  });

  it("an entry filled by a supervisor access is not used for a user access, global or not", () => {
    const { t, mmu, regs } = setup({ cr4: CR4.PAE | CR4.PGE | CR4.PCIDE });
    t.map(0x4000n, 0x4000, P | RW);                        // supervisor-only
    t.map(0x5000n, 0x5000, P | RW | G);                    // supervisor-only, global
    regs.cr3 = t.root + 1; movToCr3(mmu, regs);
    expect(access(mmu, 0x4000n, Access.Read)).toBeNull();
    expect(access(mmu, 0x5000n, Access.Read)).toBeNull();
    mmu.user = true;
    expect(access(mmu, 0x4000n, Access.Read)).toEqual({ code: PF.P | PF.U, level: 1 });
    regs.cr3 = t.root + 2; movToCr3(mmu, regs);            // another PCID: the global entry is not shared with user mode
    expect(access(mmu, 0x5000n, Access.Read)).toEqual({ code: PF.P | PF.U, level: 1 });
  });
});
