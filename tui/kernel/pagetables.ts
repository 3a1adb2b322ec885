// The current address space as the address-space pane shows it, read from
// the page tables in emulated RAM exactly as the hardware would read them:
//
//   - every mapping, compressed into ranges of consecutive pages with the
//     same rights (x86_64 4-level tables, SDM Vol. 3A 4.5, Tables 4-14..4-19;
//     VMSAv8-64 4 KiB granule, Arm ARM D8.3 descriptor formats, D8.4 access
//     permissions);
//   - for one address, every level's entry and flags, from the machine's own
//     walker (machine/x86_64/paging.ts, machine/arm64/paging.ts walk()),
//     which neither sets A/D bits nor touches the TLB;
//   - the TLB's entries for the current context (machine/core/tlb.ts).
//
// Reading only: nothing here writes RAM or changes the MMU.

import type { PhysMem } from "../../machine/core/physmem";
import { PcMachine } from "../../machine/boards/pc";
import { walk as walkX86 } from "../../machine/x86_64/paging";
import { walk as walkArm } from "../../machine/arm64/paging";
import { EMPTY, TLB_SIZE } from "../../machine/core/tlb";
import type { Board } from "./engine";
import type { MemoryRegion, PageTableLevelView } from "../snapshot";

/** One leaf mapping: `pages` 4 KiB pages from `va` to `pa`, with rights. */
export interface Mapping { va: number; pa: number; pages: number; user: boolean; write: boolean; exec: boolean; global: boolean }

/** Stop enumerating after this many leaf entries (a pane could not show more). */
const MAX_LEAVES = 200_000;
const TWO32 = 4294967296;

function entry(mem: PhysMem, pa: number): [number, number] | null {
  const o = mem.ramOffset(pa, 8);
  if (o < 0) return null;
  return [mem.view.getInt32(o, true), mem.view.getInt32(o + 4, true)];
}

/** Sign-extend a 48-bit virtual address to canonical form (as a double: exact below 2^53). */
function canonical(va: number): number { return va >= 2 ** 47 ? va - 2 ** 48 + 2 ** 64 : va; }

// ---- x86_64 ----

function x86Mappings(b: PcMachine): Mapping[] | string {
  const s = b.sys;
  if ((s.cr0 & (1 << 31)) === 0) return "paging is off: virtual = physical";
  const nxe = (s.efer & (1 << 11)) !== 0;
  const out: Mapping[] = [];
  const visit = (table: number, level: number, base: number, user: boolean, write: boolean, exec: boolean) => {
    for (let i = 0; i < 512 && out.length < MAX_LEAVES; i++) {
      const e = entry(b.mem, table + i * 8);
      if (e === null) return;
      const [lo, hi] = e;
      if ((lo & 1) === 0) continue;
      const span = 2 ** (12 + 9 * (level - 1));
      const va = base + i * span;
      const u = user && (lo & 4) !== 0, w = write && (lo & 2) !== 0, x = exec && !(nxe && hi < 0);
      const phys = (hi & 0xfffff) * TWO32 + ((lo & ~0xfff) >>> 0);
      if (level === 1 || (level <= 3 && (lo & 0x80) !== 0)) {
        const frame = level === 1 ? phys : phys - (phys % span);
        out.push({ va: canonical(va), pa: frame, pages: span / 4096, user: u, write: w, exec: x, global: (lo & 0x100) !== 0 });
      } else {
        visit(phys - (phys % 4096), level - 1, va, u, w, x);
      }
    }
  };
  visit(s.cr3 - (s.cr3 % 4096), 4, 0, true, true, true);
  return out;
}

// ---- AArch64 ----

function armMappings(b: VirtBoard): Mapping[] | string {
  const s = b.sys;
  if ((s.sctlr & 1) === 0) return "the MMU is off (SCTLR_EL1.M = 0): virtual = physical";
  const out: Mapping[] = [];
  const half = (ttbr: bigint, tsz: number, upper: boolean) => {
    const inputBits = 64 - tsz;
    const start = inputBits > 39 ? 0 : inputBits > 30 ? 1 : 2;
    const base = upper ? 2 ** 64 - 2 ** inputBits : 0;
    const visit = (table: number, level: number, va: number) => {
      const span = 2 ** (12 + 9 * (3 - level));
      const count = level === start ? Math.min(512, Math.ceil(2 ** inputBits / span)) : 512;
      for (let i = 0; i < count && out.length < MAX_LEAVES; i++) {
        const e = entry(b.mem, table + i * 8);
        if (e === null) return;
        const [lo, hi] = e;
        if ((lo & 1) === 0) continue;
        const isTable = level < 3 && (lo & 2) !== 0;
        const oa = (hi & 0xffff) * TWO32 + ((lo & ~0xfff) >>> 0);
        const v = va + i * span;
        if (isTable) { visit(oa, level + 1, v); continue; }
        if (level === 3 && (lo & 2) === 0) continue;              // reserved at level 3
        if (level === 0) continue;                                 // no level 0 blocks with 4 KiB granule
        const apBits = (lo >>> 6) & 3, uxn = (hi & (1 << 22)) !== 0, pxn = (hi & (1 << 21)) !== 0;
        const user = (apBits & 1) !== 0;
        out.push({ va: v, pa: oa, pages: span / 4096, user, write: (apBits & 2) === 0, exec: user ? !uxn : !pxn, global: (lo & (1 << 11)) === 0 });
      }
    };
    visit(Number(ttbr & 0xfffffffff000n), start, base);
  };
  const tcr = s.tcr;
  if ((tcr & (1n << 7n)) === 0n) half(s.ttbr0, Number(tcr & 0x3fn), false);
  if ((tcr & (1n << 23n)) === 0n) half(s.ttbr1, Number((tcr >> 16n) & 0x3fn), true);
  return out;
}

type VirtBoard = Exclude<Board, PcMachine>;

/** Every leaf mapping of the current address space, or why there are none. */
export function mappings(b: Board): Mapping[] | string {
  return b instanceof PcMachine ? x86Mappings(b) : armMappings(b);
}

export function rights(m: Pick<Mapping, "write" | "exec" | "user">): string {
  return `r${m.write ? "w" : "-"}${m.exec ? "x" : "-"}`;
}

const hexAddr = (v: number) => (v >= 2 ** 53 ? BigInt(Math.round(v)) : BigInt(v)).toString(16);

/** Mappings compressed into regions: consecutive pages, consecutive or not in RAM, with the same rights and owner. */
export function regionsOfMappings(ms: Mapping[]): MemoryRegion[] {
  const out: MemoryRegion[] = [];
  let cur: (Mapping & { end: number }) | undefined;
  const flush = () => {
    if (!cur) return;
    out.push({ start: hexAddr(cur.va), end: hexAddr(cur.end), pages: cur.pages, flags: rights(cur) + (cur.global ? "g" : "-"),
      label: cur.user ? "user" : "kernel" });
  };
  for (const m of ms) {
    const end = m.va + m.pages * 4096;
    if (cur && cur.end === m.va && cur.user === m.user && cur.write === m.write && cur.exec === m.exec && cur.global === m.global) {
      cur.end = end; cur.pages += m.pages; continue;
    }
    flush();
    cur = { ...m, end };
  }
  flush();
  return out;
}

/** One address through every level, as the machine's walker sees it. */
export function walkAddress(b: Board, va: bigint): { levels: PageTableLevelView[]; result: string } {
  const hex = (v: bigint | number) => "0x" + v.toString(16);
  if (b instanceof PcMachine) {
    const r = walkX86(b.mem, b.sys, va, { user: b.sys.cpl === 3 });
    const levels = r.steps.map((s) => ({ level: s.level, index: Number((BigInt.asUintN(64, va) >> BigInt(12 + 9 * (s.level - 1))) & 0x1ffn),
      entry: hex(s.entry), flags: `${s.name} ${s.flags.join(" ")}` }));
    return { levels, result: r.fault ? `fault at level ${r.fault.level}: ${r.fault.what}` : `-> ${hex(r.pa!)} (${r.pageSize! / 1024} KiB page${r.global ? ", global" : ""})` };
  }
  const r = walkArm(b.mem, b.sys, va, { user: b.cpu.el === 0 });
  const levels = r.steps.map((s) => ({ level: s.level, index: Number((BigInt.asUintN(64, va) >> BigInt(12 + 9 * (3 - s.level))) & 0x1ffn),
    entry: hex(s.entry), flags: `${s.kind} ${s.flags.join(" ")}` }));
  return { levels, result: r.fault ? `fault at level ${r.fault.level}: ${r.fault.what}` : `-> ${hex(r.pa!)} (${r.pageSize! / 1024} KiB page${r.global ? ", global" : ""})` };
}

/** The current context's TLB entries (read, write and execute sets merged by page), up to `max`. */
export function tlbEntries(b: Board, max = 256): { va: string; pa: string; flags: string }[] {
  const m = b.mmu, base = b.mem.base;
  const byVa = new Map<string, { pa: number; flags: Set<string> }>();
  const sets: [string, typeof m.r][] = [["R", m.r], ["W", m.w], ["X", m.x]];
  for (const [name, set] of sets) {
    for (let i = 0; i < TLB_SIZE; i++) {
      if (set.tagHi[i] === EMPTY) continue;
      const va = (BigInt(set.tagHi[i] >>> 0) << 32n) | BigInt(set.tagLo[i] >>> 0);
      const key = va.toString(16);
      let e = byVa.get(key);
      if (!e) { e = { pa: set.frame[i] + base, flags: new Set() }; byVa.set(key, e); }
      e.flags.add(name);
      if (set.global[i]) e.flags.add("G");
    }
  }
  const order = ["R", "W", "X", "G"];
  return [...byVa].sort((a, b2) => (BigInt("0x" + a[0]) < BigInt("0x" + b2[0]) ? -1 : 1)).slice(0, max)
    .map(([va, e]) => ({ va, pa: e.pa.toString(16), flags: order.filter((f) => e.flags.has(f)).join("") }));
}

/**
 * Up to `len` bytes at virtual `va` through the current tables (no A/D
 * updates, no TLB), stopping at the first hole or non-RAM page. `va` is a
 * number (user addresses are below 2^53); a kernel-half address reads
 * nothing, since a MinOS kernel has no machine code of its own to show.
 */
export function readVirtual(b: Board, va: number, len: number): Uint8Array {
  const out: number[] = [];
  if (!Number.isSafeInteger(va) || va < 0) return new Uint8Array(0);
  let page = -1, pa = -1;
  for (let i = 0; i < len; i++) {
    const a = va + i, p = Math.floor(a / 4096);
    if (p !== page) {
      page = p;
      const v = BigInt(p) * 4096n;
      const r = b instanceof PcMachine ? walkX86(b.mem, b.sys, v) : walkArm(b.mem, b.sys, v);
      pa = r.pa === undefined ? -1 : r.pa;
    }
    if (pa < 0) break;
    const o = b.mem.ramOffset(pa + (a % 4096), 1);
    if (o < 0) break;
    out.push(b.mem.bytes[o]);
  }
  return Uint8Array.from(out);
}
