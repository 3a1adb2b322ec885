// The page-table code of chapter 02 against the machine's own walkers
// (machine/x86_64/paging.ts, machine/arm64/paging.ts), which were written
// from and tested against the manuals (Intel SDM Vol. 3A 4.5-4.6; Arm ARM
// D8.3-D8.4): for random mappings, whatever our code writes, the walker must
// translate to the same frame with the same rights.

import { describe, expect, it } from "vitest";
import { PhysMem } from "../../../machine/core/physmem";
import { Access } from "../../../machine/core/mmu";
import { walk as x86Walk, CR0, CR4, EFER } from "../../../machine/x86_64/paging";
import { walk as armWalk } from "../../../machine/arm64/paging";
import { destroy, lookup, map, protect, tableFrames, unmap, visit, walk, MapError, type PageTables } from "../../../chapters/02-memory/kernel/pagetable";
import { x86Format, x86Leaf, X86_PTE } from "../../../chapters/02-memory/kernel/hal/x86_64/pte";
import { armFormat, armLeaf, ARM_DESC } from "../../../chapters/02-memory/kernel/hal/arm64/pte";
import type { PteFormat } from "../../../chapters/02-memory/kernel/pte-format";
import type { Perms } from "../../../chapters/02-memory/kernel/state";

const RAM = 8 << 20;

function setup(fmt: PteFormat, base: number) {
  const mem = new PhysMem(RAM, { base });
  let next = base + 0x1000;
  const freed: number[] = [];
  const pt: PageTables = {
    fmt,
    read: (pa) => BigInt.asUintN(64, BigInt(mem.read(pa, 4) >>> 0) | (BigInt(mem.read(pa + 4, 4) >>> 0) << 32n)),
    write: (pa, e) => { mem.write(pa, 4, Number(e & 0xffffffffn) | 0); mem.write(pa + 4, 4, Number(e >> 32n) | 0); },
    allocTable: () => { const pa = next; next += 0x1000; for (let i = 0; i < 4096; i += 4) mem.write(pa + i, 4, 0); return pa; },
    freeTable: (pa) => { freed.push(pa); },
  };
  return { mem, pt, freed, root: pt.allocTable(), frameBase: base + (4 << 20) };
}

/** A deterministic PRNG (mulberry32), so a failure replays. */
function rng(seed: number) {
  return () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

function randomPerms(r: () => number, user: boolean): Perms {
  const w = r() < 0.5;
  return { r: true, w, x: !w && r() < 0.5, user, global: !user };     // never W+X (the kernel never asks for it)
}

// x86_64: 4-level paging on, NX on, WP on (SDM 4.1.1, 4.6).
const x86Regs = (root: number) => ({ cr0: CR0.PG | CR0.WP | 1, cr3: root, cr4: CR4.PAE | CR4.PGE, efer: EFER.LME | EFER.LMA | EFER.NXE });
// arm64: the TCR chapter 02 programs (hal/arm64/mmu.ts): 48-bit halves, 4 KiB granule both, 40-bit PA.
const TCR = 16n | (1n << 8n) | (1n << 10n) | (3n << 12n) | (16n << 16n) | (1n << 24n) | (1n << 26n) | (3n << 28n) | (2n << 30n) | (2n << 32n);
const armRegs = (ttbr0: number, ttbr1: number) => ({ sctlr: 1 | (1 << 19), tcr: TCR, ttbr0: BigInt(ttbr0), ttbr1: BigInt(ttbr1), mair: 0xffn });

describe("entry encodings (fixed bits from the manuals)", () => {
  it("x86_64: a user read-only no-execute page is P|US|XD, a kernel RW global page P|RW|G|XD (SDM Table 4-19)", () => {
    expect(x86Leaf(0x5000, { r: true, w: false, x: false, user: true, global: false }, 3)).toBe(0x8000000000005005n);
    expect(x86Leaf(0x200000, { r: true, w: true, x: false, user: false, global: true }, 2)).toBe(0x8000000000200183n);
    expect(X86_PTE.XD).toBe(1n << 63n);
  });
  it("arm64: a user RW page sets AP[1], AF, SH=11, nG, PXN, UXN and bits[1:0]=11 (Arm ARM D8.3)", () => {
    const e = armLeaf(0x40005000, { r: true, w: true, x: false, user: true, global: false }, 3);
    expect(e).toBe(0x0060000040005000n | 0x3n | ARM_DESC.AP_EL0 | (3n << 8n) | ARM_DESC.AF | ARM_DESC.NG);
    const blk = armLeaf(0x40200000, { r: true, w: true, x: false, user: false, global: true }, 2);
    expect(blk & 3n).toBe(1n);                           // a block descriptor: bits[1:0] = 01
  });
});

describe.each([
  { arch: "x86_64", fmt: x86Format, base: 0 },
  { arch: "arm64", fmt: armFormat, base: 0x40000000 },
] as const)("$arch page tables agree with the machine's walker", ({ arch, fmt, base }) => {
  const check = (s: ReturnType<typeof setup>, root: number, kroot: number, va: bigint, pa: number, p: Perms) => {
    const regs = arch === "x86_64" ? x86Regs(root) : armRegs(root, kroot);
    const w = (access: number, user: boolean) => (arch === "x86_64" ? x86Walk(s.mem, regs as never, va, { access: access as never, user })
      : armWalk(s.mem, regs as never, va, { access: access as never, user }));
    const rd = w(Access.Read, p.user);
    expect(rd.pa, `read 0x${va.toString(16)}`).toBe(pa);
    expect(w(Access.Write, p.user).fault === undefined, `write 0x${va.toString(16)}`).toBe(p.w);
    expect(w(Access.Exec, p.user).fault === undefined, `exec 0x${va.toString(16)}`).toBe(p.x);
    expect(w(Access.Read, true).fault === undefined, "user access").toBe(p.user);
    expect(rd.global).toBe(p.global);
    const ours = lookup(s.pt, va >> 63n ? kroot : root, va)!;
    expect(ours.pa).toBe(pa);
    expect(ours.perms).toEqual({ ...p, r: true });
  };

  it("200 random user pages: same frame, same rights; unmap makes the walker fault", () => {
    const s = setup(fmt, base), r = rng(arch === "x86_64" ? 1 : 2);
    const kroot = s.pt.allocTable();
    const maps: [bigint, number, Perms][] = [];
    const used = new Set<bigint>();
    for (let i = 0; i < 200; i++) {
      let va: bigint;
      do { va = BigInt(Math.floor(r() * 2 ** 35)) * 4096n; } while (used.has(va));   // anywhere in the 47-bit user half
      used.add(va);
      const pa = s.frameBase + Math.floor(r() * 1024) * 4096;
      const p = randomPerms(r, true);
      map(s.pt, s.root, va, pa, p);
      maps.push([va, pa, p]);
    }
    for (const [va, pa, p] of maps) check(s, s.root, kroot, va + 0x123n, pa + 0x123, p);
    // protect: drop write, the walker agrees
    const [va0, pa0, p0] = maps[0];
    protect(s.pt, s.root, va0, { ...p0, w: false, x: false });
    check(s, s.root, kroot, va0, pa0, { ...p0, w: false, x: false });
    // unmap: gone for the walker too, and a second unmap finds nothing
    expect(unmap(s.pt, s.root, maps[1][0])!.pa).toBe(maps[1][1]);
    const regs = arch === "x86_64" ? x86Regs(s.root) : armRegs(s.root, kroot);
    const after = arch === "x86_64" ? x86Walk(s.mem, regs as never, maps[1][0]) : armWalk(s.mem, regs as never, maps[1][0]);
    expect(after.fault).toBeDefined();
    expect(unmap(s.pt, s.root, maps[1][0])).toBeNull();
    // visit sees every remaining mapping once
    let n = 0;
    visit(s.pt, s.root, () => { n++; });
    expect(n).toBe(199);
    // walk returns every level down to the leaf
    expect(walk(s.pt, s.root, maps[2][0]).map((x) => x.depth)).toEqual([0, 1, 2, 3]);
    // destroy frees every table exactly once, root last
    const tables = tableFrames(s.pt, s.root);
    expect(new Set(tables).size).toBe(tables.length);
    expect(destroy(s.pt, s.root)).toBe(tables.length);
    expect(s.freed[s.freed.length - 1]).toBe(s.root);
  });

  it("kernel-half pages and 2 MiB blocks: supervisor only, global", () => {
    const s = setup(fmt, base), r = rng(7);
    const userRoot = s.pt.allocTable();
    const high = arch === "x86_64" ? 0xffff800000000000n : 0xffff000000000000n;
    const kp: Perms = { r: true, w: true, x: false, user: false, global: true };
    map(s.pt, s.root, high + 0x40000000n, base, kp, 2);                      // a 2 MiB block
    check(s, arch === "x86_64" ? s.root : userRoot, s.root, high + 0x40000000n + 0x1234n, base + 0x1234, kp);
    for (let i = 0; i < 50; i++) {
      const va = high + BigInt(Math.floor(r() * 2 ** 20)) * 4096n + 0x80000000n;
      const pa = s.frameBase + Math.floor(r() * 1024) * 4096;
      const p = randomPerms(r, false);
      try { map(s.pt, s.root, va, pa, p); } catch (e) { if (e instanceof MapError) continue; throw e; }
      check(s, arch === "x86_64" ? s.root : userRoot, s.root, va, pa, p);
    }
    const seen: bigint[] = [];
    visit(s.pt, s.root, (va) => seen.push(va), { upper: arch === "arm64" });
    expect(seen.every((va) => va >= high)).toBe(true);
  });

  it("refuses a misaligned or double mapping with a clear error", () => {
    const s = setup(fmt, base);
    const p: Perms = { r: true, w: false, x: true, user: true, global: false };
    expect(() => map(s.pt, s.root, 0x1001n, s.frameBase, p)).toThrow(/aligned/);
    map(s.pt, s.root, 0x1000n, s.frameBase, p);
    expect(() => map(s.pt, s.root, 0x1000n, s.frameBase + 4096, p)).toThrow(/already mapped/);
  });
});
