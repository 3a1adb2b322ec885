// brk: the program break, the end of the heap (MINOS_SYS_brk = 7, with
// Linux's semantics, which libc's malloc relies on):
//
//   brk(0)            returns the current break;
//   brk(end)          moves the break to `end` and returns it: the heap
//                     region grows (nothing is allocated: its pages appear
//                     on first touch, demand paging) or shrinks (the pages
//                     above the new end are unmapped and their frames freed);
//   an impossible end (below the heap's start, past its limit, into
//                     another region) changes nothing and returns the
//                     current break: the caller sees it did not get `end`.
//
// The heap starts where ASLR put it (aslr.ts) with a break of exactly that
// address; the region exists only while the break is above it (a region is
// never empty).

import type { Kernel, KernelState } from "../../01-boot/kernel/kernel";
import { currentPid } from "../../01-boot/kernel/kernel";
import { addRegion, AddressSpaceError, removeRegion, resizeRegion } from "./address-space";

/** How far a heap may grow (reserved address space, not memory: frames are taken only on touch). */
export const BRK_MAX = 256 << 20;
const PAGE = 4096;

export interface Heap {
  /** The heap's first address (page aligned) and the current break (any address, start <= end <= limit). */
  start: number;
  end: number;
  limit: number;
}

declare module "../../01-boot/kernel/kernel" {
  interface KernelState {
    /** Each process's heap, by pid. */
    heaps: Record<number, Heap>;
  }
}

export function initBrkState(s: KernelState): void {
  s.heaps = {};
}

export function startHeap(kn: Kernel, pid: number, start: number, limit: number): void {
  kn.state.heaps[pid] = { start, end: start, limit };
}

export function forgetHeap(kn: Kernel, pid: number): void {
  delete kn.state.heaps[pid];                                 // its frames went with the address space
}

const pageUp = (a: number) => Math.ceil(a / PAGE) * PAGE;

// @snippet brk
export function sysBrk(kn: Kernel, args: bigint[]): bigint {
  const pid = currentPid(kn);                               // the address space is the process's
  const heap = pid === null ? undefined : kn.state.heaps[pid];
  if (pid === null || heap === undefined) return -12n;        // -ENOMEM: a thread without a heap
  const want = args[0] > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(args[0]);
  if (want < heap.start || want > heap.limit) return BigInt(heap.end);   // brk(0), or out of range
  const oldTop = pageUp(heap.end), newTop = pageUp(want);
  try {
    if (newTop !== oldTop) {
      if (oldTop === heap.start) addRegion(kn, pid, { start: heap.start, size: newTop - heap.start, w: true, x: false, kind: "heap", name: "heap" });
      else if (newTop === heap.start) removeRegion(kn, pid, heap.start);
      else resizeRegion(kn, pid, heap.start, newTop);         // shrinking frees the frames above newTop
    }
  } catch (err) {
    if (err instanceof AddressSpaceError) return BigInt(heap.end);   // it would run into another region
    throw err;
  }
  heap.end = want;
  return BigInt(want);
}
// @end brk
