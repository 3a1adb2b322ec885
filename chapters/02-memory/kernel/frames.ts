// The physical frame allocator. Chapter 01's bump allocator could never
// take a frame back; a kernel that runs programs one after another must.
// So every 4 KiB frame of RAM gets an owner, kept as plain data:
//
//   "free"            on the free list, ready to hand out
//   "pagetable"       a page table (of the kernel half or of a process)
//   "process:<pid>"   a page of a process's memory
//   "kernel:<what>"   the kernel's own (trap tables, its stack, ...)
//   "image", "module", "bootinfo", "hole", "null"
//                     what the firmware put there, or not RAM at all
//
// The free list is a stack of addresses (xv6's kalloc keeps a linked list
// threaded through the free pages themselves; an array in the kernel's
// state is easier to look at in a debugger, and to snapshot). A freed frame
// is *poisoned*: filled with 0x6b, the byte Linux's slab debugging uses, so
// a stale pointer that reads freed memory gets an obviously wrong value
// instead of yesterday's data, and tests can check nothing leaked.

import type { Kernel } from "../../01-boot/kernel/kernel";
import { logEvent } from "../../01-boot/kernel/events";
import { PAGE } from "./pagetable";
import type { FrameState } from "./state";

export const POISON = 0x6b;
export class OutOfMemory extends Error {}

const ZERO = new Uint8Array(PAGE);
const POISONED = new Uint8Array(PAGE).fill(POISON);

/** Frame index of a physical address, or -1 outside the RAM the allocator tracks. */
export function frameIndex(kn: Kernel, pa: number): number {
  const f = kn.state.frames, i = Math.floor((pa - f.base) / PAGE);
  return i >= 0 && i < f.owner.length ? i : -1;
}

export const ownerOf = (kn: Kernel, pa: number): string => {
  const i = frameIndex(kn, pa);
  return i < 0 ? "hole" : kn.state.frames.owner[i];
};

// @snippet frames-init
/**
 * The "memory" boot step (right after chapter 01's "frames"): take over from
 * the bump allocator. Every frame of RAM gets its owner from the memory map;
 * the frames chapter 01 already handed out keep theirs (its accounting,
 * state.kmem, says what they are for); everything else usable is free.
 */
export function initFrameAllocator(kn: Kernel): void {
  const ram = kn.state.boot.memory.filter((r) => r.type !== "reserved");
  const base = Math.min(...ram.map((r) => r.base)) & ~(PAGE - 1);
  const end = Math.max(...ram.map((r) => r.base + r.size));
  const owner: string[] = new Array(Math.ceil((end - base) / PAGE)).fill("hole");
  const f: FrameState = kn.state.frames = { base, owner, free: [], allocs: 0, frees: 0 };
  for (const r of ram) {
    const what = r.type === "usable" ? "free" : r.type === "kernel" ? "image" : r.type;
    for (let pa = Math.ceil(r.base / PAGE) * PAGE; pa + PAGE <= r.base + r.size; pa += PAGE) owner[frameIndex(kn, pa)] = what;
    // a partial frame at either end of a region is not whole RAM: leave it out ("hole")
  }
  if (frameIndex(kn, 0) >= 0) owner[frameIndex(kn, 0)] = "null";   // physical 0 stays unused: it is the null pointer
  for (const e of kn.state.kmem) for (const pa of e.frames) owner[frameIndex(kn, pa)] = `kernel:${e.purpose}`;   // chapter 01's bump frames
  for (let i = owner.length - 1; i >= 0; i--) if (owner[i] === "free") f.free.push(base + i * PAGE);   // lowest on top
  logEvent(kn, "boot", `frame allocator: ${f.free.length} free frames of ${owner.length}`, null);
}
// @end frames-init

/** One zeroed frame for `owner`. Throws OutOfMemory when none is left. */
export function allocFrame(kn: Kernel, owner: string): number {
  const f = kn.state.frames;
  const pa = f.free.pop();
  if (pa === undefined) throw new OutOfMemory(`out of memory: no free frame for ${owner}`);
  f.owner[frameIndex(kn, pa)] = owner;
  f.allocs++;
  kn.k.writeBytes(pa, ZERO);                               // nobody sees the previous owner's data
  return pa;
}

// @snippet frames-free
/** Give a frame back: poison it, mark it free, push it on the free list. Freeing a free frame is a kernel bug. */
export function freeFrame(kn: Kernel, pa: number): void {
  // @exercise frames-free 3 "Check pa is a whole frame the allocator owns and not already free (throw an Error: a kernel bug). Fill it with POISON, set its owner to 'free', push it on kn.state.frames.free, count the free."
  const f = kn.state.frames, i = frameIndex(kn, pa);
  if (i < 0 || pa % PAGE !== 0) throw new Error(`freeFrame: 0x${pa.toString(16)} is not a frame of RAM`);
  if (f.owner[i] === "free") throw new Error(`freeFrame: frame 0x${pa.toString(16)} is already free (double free)`);
  kn.k.writeBytes(pa, POISONED);
  f.owner[i] = "free";
  f.free.push(pa);
  f.frees++;
  // @end frames-free
}
// @end frames-free

/** The allocFrame hook of chapter 02: a frame for the kernel's own use, owned and accounted by purpose. */
export function kernelFrame(kn: Kernel, purpose: string, owner = `kernel:${purpose}`): number {
  const pa = allocFrame(kn, owner);
  let e = kn.state.kmem.find((x) => x.purpose === purpose);
  if (e === undefined) { e = { purpose, frames: [] }; kn.state.kmem.push(e); }
  e.frames.push(pa);
  return pa;
}

/** How many frames each owner holds (owners of processes grouped as "process:<pid>"). */
export function frameCounts(kn: Kernel): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of kn.state.frames.owner) out[o] = (out[o] ?? 0) + 1;
  return out;
}
