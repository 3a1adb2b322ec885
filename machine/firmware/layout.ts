// Where the firmware puts things in RAM before it enters the kernel.
//
// The firmware copies three kinds of thing into RAM: the signed kernel image,
// the boot modules (the initial ramdisk), and the boot information (Multiboot2
// on the PC, a DTB on virt). The rule, the same on both boards:
//   - each item starts on a 4 KiB page boundary and owns whole pages, so the
//     kernel can reserve them page by page and free them the same way;
//   - items go in the order image, modules..., boot info, each right after
//     the previous one, in the first free RAM region with room, trying the
//     regions in the board's order of preference: the one holding the
//     board's preferred load address (1 MiB on the PC, the start of RAM on
//     virt) first, then the others by address;
//   - page 0 (physical 0) is never used, so a null pointer never finds data;
//   - nothing overlaps, nothing touches a reserved hole or a device window.
// With 1 MiB of RAM on the PC nothing is free above 1 MiB (the hole takes
// 0x9FC00..0xFFFFF), so everything lands in low memory from 0x1000.

import { hex } from "./bytes";
import { memoryMap, type Board, KiB } from "./boards";
import { MemType } from "./multiboot2";

export const PAGE = 4096;

/** A page-aligned placed item: [start, end) with end = start + size (not rounded). */
export interface Placement { name: string; start: number; end: number; size: number }

export interface Layout {
  image: Placement;
  modules: Placement[];
  bootInfo: Placement;
  /** RAM left free after the firmware's items, [base, base+length), page-aligned. */
  free: { base: number; length: number }[];
}

export interface LayoutRequest { imageSize: number; modules: { name: string; size: number }[]; bootInfoSize: number }

const pageUp = (v: number) => Math.ceil(v / PAGE) * PAGE;
const pageDown = (v: number) => Math.floor(v / PAGE) * PAGE;

/** The board's usable RAM regions, page-aligned, without page 0, in the order firmware fills them. */
export function freeRegions(board: Board, ramSize: number): { base: number; length: number }[] {
  const regions = memoryMap(board, ramSize)
    .filter((r) => r.type === MemType.Available)
    .map((r) => {
      const base = Math.max(pageUp(r.base), PAGE);
      return { base, length: Math.max(0, pageDown(r.base + r.length) - base) };
    })
    .filter((r) => r.length > 0);
  const holds = (r: { base: number; length: number }) => board.preferredLoad >= r.base && board.preferredLoad < r.base + r.length;
  return [...regions.filter(holds), ...regions.filter((r) => !holds(r))];
}

/** Place the image, modules and boot info; a clear error if RAM is too small. */
export function layoutBoot(board: Board, ramSize: number, req: LayoutRequest): Layout {
  const free = freeRegions(board, ramSize).map((r) => ({ ...r }));
  const items = [{ name: "kernel image", size: req.imageSize }, ...req.modules, { name: "boot information", size: req.bootInfoSize }];
  const placed: Placement[] = [];
  for (const it of items) {
    if (!Number.isInteger(it.size) || it.size < 0) throw new RangeError(`boot layout: ${it.name} has bad size ${it.size}`);
    const need = Math.max(PAGE, pageUp(it.size));
    const r = free.find((f) => f.length >= need);
    if (!r) throw new RangeError(tooSmall(board, ramSize, items, it.name));
    placed.push({ name: it.name, start: r.base, end: r.base + it.size, size: it.size });
    r.base += need;
    r.length -= need;
  }
  return {
    image: placed[0],
    modules: placed.slice(1, -1),
    bootInfo: placed[placed.length - 1],
    free: free.filter((f) => f.length > 0).sort((a, b) => a.base - b.base),
  };
}

function tooSmall(board: Board, ramSize: number, items: { name: string; size: number }[], which: string): string {
  const need = items.reduce((s, i) => s + Math.max(PAGE, pageUp(i.size)), 0);
  const biggest = Math.max(0, ...freeRegions(board, ramSize).map((r) => r.length));
  return `${board.name} board with ${ramSize / KiB} KiB of RAM: no room for the ${which}. ` +
    `The image, ${items.length - 2} module(s) and the boot information need ${need / KiB} KiB ` +
    `(page-rounded), and the largest free region is ${biggest / KiB} KiB at most. Give the machine more RAM ` +
    `or a smaller initrd. (RAM starts at ${hex(board.ramBase)}.)`;
}
