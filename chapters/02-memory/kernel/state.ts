// Chapter 02's part of the kernel state, added by declaration merging (the
// rule of kernel.ts: plain data only, so the debugger can snapshot it).
//
//   frames  - who owns every physical frame of RAM (the frame allocator)
//   paging  - the kernel half: its root table, the direct map, the window
//   spaces  - one address space per process: its root table, ASID, regions

import type { KernelState } from "../../01-boot/kernel/kernel";

/** Who owns a frame: "free", "pagetable", "process:<pid>", "kernel:<purpose>", or what the firmware put there. */
export type FrameOwner = string;

export interface FrameState {
  /** Physical address of frame 0 of `owner` (the lowest RAM address). */
  base: number;
  /** owner[i] is the owner of the frame at base + i * 4096. */
  owner: FrameOwner[];
  /** Free frames, a stack: the next allocation pops the last one. */
  free: number[];
  /** Frames handed out and given back since boot (for tests and the debugger). */
  allocs: number;
  frees: number;
}

/** What a mapping allows; `user` false means supervisor-only, `global` survives an address-space switch. */
export interface Perms { r: boolean; w: boolean; x: boolean; user: boolean; global: boolean }

export interface PagingState {
  /** Paging is on (the "paging" boot step ran). */
  on: boolean;
  /** Root table of the kernel half: x86_64 a PML4 whose entries 256..511 every process copies; arm64 TTBR1's level-0 table. */
  kernelRoot: number;
  /** An all-invalid root for "no process" (arm64 TTBR0 while idle; x86_64 uses kernelRoot, whose lower half is empty). */
  emptyRoot: number;
  /** Virtual address of physical 0 in the direct map (as a bigint: it lies in the upper half). */
  directBase: bigint;
  /** The kernel entry window (physical), mapped at directBase + its address. */
  window: { pa: number; size: number };
  /** ASIDs (arm64) / PCIDs (x86_64) in use, by process id; 0 is the kernel's (never used for a process). */
  asids: Record<number, number>;
  /** The address space now in TTBR0 / CR3 (a pid), or 0 for the kernel's own. */
  active: number;
}

/** The kinds of user memory a process has. "guard" is a hole that is reserved but never mapped. */
export type RegionKind = "code" | "data" | "heap" | "stack" | "guard";

/** A reserved range of the user half: pages appear in it on the first touch (demand paging). */
export interface Region {
  /** Page-aligned user virtual addresses (below 2^47: exact in a number). */
  start: number;
  end: number;
  /** What the program may do there (user is always true, global always false). */
  r: boolean; w: boolean; x: boolean;
  kind: RegionKind;
  name: string;
}

export interface AddressSpace {
  pid: number;
  /** Physical address of its root table (x86_64 PML4 / arm64 TTBR0 level-0 table). */
  root: number;
  /** Its ASID (arm64, TTBR0[63:48]) / PCID (x86_64, CR3[11:0]). */
  asid: number;
  regions: Region[];
  /** Pages mapped so far (one frame each). */
  resident: number;
  /** Page faults that mapped a page (demand paging at work). */
  faults: number;
}

declare module "../../01-boot/kernel/kernel" {
  interface KernelState {
    frames: FrameState;
    paging: PagingState;
    spaces: Record<number, AddressSpace>;
  }
}

export function initMemoryState(s: KernelState): void {
  s.chapter = 2;
  s.frames = { base: 0, owner: [], free: [], allocs: 0, frees: 0 };
  s.paging = { on: false, kernelRoot: 0, emptyRoot: 0, directBase: 0n, window: { pa: 0, size: 0 }, asids: {}, active: 0 };
  s.spaces = {};
}
