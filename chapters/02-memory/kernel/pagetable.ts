// Page tables, arch-neutral: map, unmap, protect, lookup, visit, destroy,
// over either format (pte-format.ts). The tables live in physical memory in
// the hardware's own format; the kernel reads and writes them by physical
// address (it always can: KernelMode's memory accessors are physical), and
// the CPU's walker (Intel SDM Vol. 3A 4.5; Arm ARM D8.2) reads the same bytes.
//
// A virtual address is cut 9+9+9+9+12: the index into the root table is
// bits 47:39, then 38:30, 29:21, 20:12, and the last 12 bits are the offset
// in the page. That is the same on both architectures with 4 KiB pages.
//
// These functions do NOT touch the TLB: after changing an entry the CPU may
// still hold, the caller invalidates it (address-space.ts says when).

import type { Perms } from "./state";
import type { DecodedEntry, PteFormat } from "./pte-format";

export const PAGE = 4096;
export const LEVELS = 4;
/** Bytes one entry maps at each depth: 512 GiB, 1 GiB, 2 MiB, 4 KiB. */
export const SPAN = [2 ** 39, 2 ** 30, 2 ** 21, 2 ** 12] as const;

/** What page-table code needs from the kernel: physical memory and table frames. */
export interface PageTables {
  fmt: PteFormat;
  read(pa: number): bigint;
  write(pa: number, e: bigint): void;
  /** A zeroed frame for a new table (a table of zeros has every entry invalid). */
  allocTable(): number;
  freeTable(pa: number): void;
}

export class MapError extends Error {}

/** The 9-bit index of `va` into the table at `depth`. */
export const indexOf = (va: bigint, depth: number): number => Number((va >> BigInt(39 - 9 * depth)) & 511n);

export interface WalkStep { depth: number; entryPa: number; entry: bigint; decoded: DecodedEntry }

/** Every entry the hardware would read for `va`, root first, ending at the leaf or the first invalid entry. */
export function walk(pt: PageTables, root: number, va: bigint): WalkStep[] {
  const steps: WalkStep[] = [];
  let table = root;
  for (let depth = 0; depth < LEVELS; depth++) {
    const entryPa = table + 8 * indexOf(va, depth);
    const entry = pt.read(entryPa), decoded = pt.fmt.decode(entry, depth);
    steps.push({ depth, entryPa, entry, decoded });
    if (!decoded.valid || decoded.leaf) break;
    table = decoded.pa;
  }
  return steps;
}

export interface Mapping { pa: number; perms: Perms; size: number; depth: number; entryPa: number; accessed: boolean; dirty: boolean }

/** The mapping of `va` (pa is of `va` itself, offset included), or null if nothing is mapped there. */
export function lookup(pt: PageTables, root: number, va: bigint): Mapping | null {
  const steps = walk(pt, root, va);
  const last = steps[steps.length - 1];
  if (!last.decoded.leaf) return null;
  const size = SPAN[last.depth];
  return { pa: last.decoded.pa + Number(va % BigInt(size)), perms: last.decoded.perms, size, depth: last.depth,
    entryPa: last.entryPa, accessed: last.decoded.accessed, dirty: last.decoded.dirty };
}

// @snippet pt-step
/**
 * One step down the tree: the table the entry at `table[index]` points to.
 * If the entry is invalid and `create` is set, allocate a zeroed table and
 * point the entry at it. A leaf in the way (a block mapping) is an error.
 */
export function nextTable(pt: PageTables, table: number, index: number, depth: number, user: boolean, create: boolean): number | null {
  // @exercise pt-step 3 "Read the entry at table + 8*index and decode it at `depth`. A table entry: return its pa. A leaf: throw MapError. Invalid: return null unless `create`; then allocTable(), write fmt.table(newPa, user) into the entry, return newPa."
  const entryPa = table + 8 * index;
  const d = pt.fmt.decode(pt.read(entryPa), depth);
  if (d.valid) {
    if (d.leaf) throw new MapError(`a ${SPAN[depth] / 1024} KiB block is already mapped at depth ${depth}`);
    return d.pa;
  }
  if (!create) return null;
  const fresh = pt.allocTable();
  pt.write(entryPa, pt.fmt.table(fresh, user));
  return fresh;
  // @end pt-step
}
// @end pt-step

/** The table at `depth` that holds `va`'s entry, creating the tables above it if `create`. */
function tableFor(pt: PageTables, root: number, va: bigint, depth: number, user: boolean, create: boolean): number | null {
  let table: number | null = root;
  for (let d = 0; d < depth && table !== null; d++) table = nextTable(pt, table, indexOf(va, d), d, user, create);
  return table;
}

// @snippet pt-map
/** Map one page (depth 3, 4 KiB) or block (depth 2, 2 MiB) at `va` to `pa`. Both aligned; nothing mapped there yet. */
export function map(pt: PageTables, root: number, va: bigint, pa: number, perms: Perms, depth = 3): void {
  const size = SPAN[depth];
  if (va % BigInt(size) !== 0n || pa % size !== 0) throw new MapError(`map: 0x${va.toString(16)} -> 0x${pa.toString(16)} is not ${size}-byte aligned`);
  if (depth !== 3 && !pt.fmt.blockDepths.includes(depth)) throw new MapError(`map: no leaf at depth ${depth}`);
  const table = tableFor(pt, root, va, depth, perms.user, true)!;
  const entryPa = table + 8 * indexOf(va, depth);
  if (pt.fmt.decode(pt.read(entryPa), depth).valid) throw new MapError(`map: 0x${va.toString(16)} is already mapped`);
  pt.write(entryPa, pt.fmt.leaf(pa, perms, depth));
}
// @end pt-map

/** Remove the leaf that maps `va`; returns what it mapped (the frame is the caller's to free), or null. */
export function unmap(pt: PageTables, root: number, va: bigint): Mapping | null {
  const m = lookup(pt, root, va);
  if (m !== null) pt.write(m.entryPa, 0n);
  return m;
}

/** Change the rights of the leaf that maps `va`; false if nothing is mapped there. */
export function protect(pt: PageTables, root: number, va: bigint, perms: Perms): boolean {
  const m = lookup(pt, root, va);
  if (m === null) return false;
  pt.write(m.entryPa, pt.fmt.leaf(m.pa - (m.pa % m.size), perms, m.depth));
  return true;
}

/** A canonical address from a bit-47 address: bits 63:48 copy bit 47 (x86 SDM 3.3.7.1; Arm: the TTBR1 half). */
const canonical = (va: bigint): bigint => ((va >> 47n) & 1n ? va | 0xffff000000000000n : va);

/**
 * Every leaf under `root` (in root slots [from, to)), in address order. `upper`
 * names the TTBR1 half on arm64, whose addresses start at 0xffff000000000000.
 */
export function visit(pt: PageTables, root: number, fn: (va: bigint, m: Mapping) => void,
  opts: { from?: number; to?: number; upper?: boolean } = {}): void {
  const rec = (table: number, depth: number, base: bigint, from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const entryPa = table + 8 * i, d = pt.fmt.decode(pt.read(entryPa), depth);
      if (!d.valid) continue;
      const va = base + (BigInt(i) << BigInt(39 - 9 * depth));
      if (d.leaf) {
        const v = opts.upper ? va | 0xffff000000000000n : canonical(va);
        fn(v, { pa: d.pa, perms: d.perms, size: SPAN[depth], depth, entryPa, accessed: d.accessed, dirty: d.dirty });
      } else if (depth < LEVELS - 1) rec(d.pa, depth + 1, va, 0, 512);
    }
  };
  rec(root, 0, 0n, opts.from ?? 0, opts.to ?? 512);
}

/** Every table frame under `root` (root slots [0, slots)), deepest first; the root itself last. */
export function tableFrames(pt: PageTables, root: number, slots = 512): number[] {
  const out: number[] = [];
  const rec = (table: number, depth: number, to: number): void => {
    for (let i = 0; i < to; i++) {
      const d = pt.fmt.decode(pt.read(table + 8 * i), depth);
      if (d.valid && !d.leaf && depth < LEVELS - 1) { rec(d.pa, depth + 1, 512); out.push(d.pa); }
    }
  };
  rec(root, 0, slots);
  out.push(root);
  return out;
}

/** Free every table frame under `root` in slots [0, slots), and the root. The leaves' frames are not touched. */
export function destroy(pt: PageTables, root: number, slots = 512): number {
  const frames = tableFrames(pt, root, slots);
  for (const f of frames) pt.freeTable(f);
  return frames.length;
}
