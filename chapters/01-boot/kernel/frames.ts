// The early frame allocator: before chapter 02's real allocator, the kernel
// needs a few 4 KiB frames (descriptor tables, a kernel stack, memory for
// the programs). A bump allocator is enough: walk the usable regions of the
// memory map from the bottom, hand out the next frame, never take one back.
// Every frame is recorded with its purpose (kernel memory accounting), so
// the kernel can say exactly where its memory went.

import type { Kernel } from "./kernel";
import { logEvent } from "./events";

export const PAGE = 4096;

/** The "frames" boot step: the allocator starts over the usable RAM the boot information left. */
export function initFrames(kn: Kernel): void {
  const regions = kn.state.boot.memory.filter((r) => r.type === "usable")
    .map((r) => ({ base: Math.max(PAGE, Math.ceil(r.base / PAGE) * PAGE), end: Math.floor((r.base + r.size) / PAGE) * PAGE }))
    .filter((r) => r.end > r.base);                         // physical page 0 is never handed out: 0 is the null pointer
  kn.state.bump = { regions, region: 0, next: regions.length > 0 ? regions[0].base : 0 };
}

// @snippet bump-alloc
/** `count` physically contiguous frames, zeroed, recorded under `purpose`. Throws when RAM runs out. */
export function allocFrames(kn: Kernel, count: number, purpose: string): number {
  const b = kn.state.bump;
  while (b.region < b.regions.length) {
    const r = b.regions[b.region];
    if (b.next + count * PAGE <= r.end) {
      const pa = b.next;
      b.next += count * PAGE;
      kn.k.writeBytes(pa, new Uint8Array(count * PAGE));    // zeroed: no stale data leaks into a new use
      account(kn, purpose, pa, count);
      return pa;
    }
    b.region++;                                             // does not fit here: go on to the next region
    if (b.region < b.regions.length) b.next = b.regions[b.region].base;
  }
  throw new Error(`out of memory: no ${count} contiguous free frame(s) left for ${purpose}`);
}
// @end bump-alloc

function account(kn: Kernel, purpose: string, pa: number, count: number): void {
  let e = kn.state.kmem.find((x) => x.purpose === purpose);
  if (e === undefined) { e = { purpose, frames: [] }; kn.state.kmem.push(e); }
  for (let i = 0; i < count; i++) e.frames.push(pa + i * PAGE);
  logEvent(kn, "info", `frames: ${count} for ${purpose} at 0x${pa.toString(16)}`, null);
}

/** The allocFrame hook of chapter 01: one frame from the bump allocator. */
export const allocFrame = (kn: Kernel, purpose: string): number => allocFrames(kn, 1, purpose);

/** Frames the kernel has taken in all (for the memory report). */
export const kmemFrames = (kn: Kernel): number => kn.state.kmem.reduce((n, e) => n + e.frames.length, 0);
