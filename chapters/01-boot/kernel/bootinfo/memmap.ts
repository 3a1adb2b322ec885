// The memory map as the kernel keeps it: sorted, non-overlapping regions.
// The firmware reports RAM and holes; the kernel then marks what is already
// taken inside the usable RAM (its own image, the boot modules, the boot
// information itself), so that what stays "usable" really is free.

import type { MemoryRegion } from "./bootinfo";

const PAGE = 4096;

// @snippet carve
/**
 * Mark [base, base+size), rounded out to whole pages, as `type`: every
 * region it overlaps is split into the part before, the marked part, and
 * the part after. Only usable RAM is re-typed (a reserved hole stays one).
 */
export function carve(memory: MemoryRegion[], base: number, size: number, type: MemoryRegion["type"]): MemoryRegion[] {
  const start = Math.floor(base / PAGE) * PAGE, end = Math.ceil((base + Math.max(size, 1)) / PAGE) * PAGE;
  const out: MemoryRegion[] = [];
  for (const r of memory) {
    const rEnd = r.base + r.size;
    if (r.type !== "usable" || rEnd <= start || r.base >= end) { out.push(r); continue; }
    if (r.base < start) out.push({ base: r.base, size: start - r.base, type: r.type });
    out.push({ base: Math.max(r.base, start), size: Math.min(rEnd, end) - Math.max(r.base, start), type });
    if (rEnd > end) out.push({ base: end, size: rEnd - end, type: r.type });
  }
  return out;
}
// @end carve

/** Bytes of usable RAM in a map. */
export function usableBytes(memory: MemoryRegion[]): number {
  return memory.filter((r) => r.type === "usable").reduce((n, r) => n + r.size, 0);
}
