// The user address space and physical memory of a user-mode Linux run, as
// the memory pane shows them: mapped pages compressed into regions with
// their permissions, and a WeensyOS-style map of physical frames coloured by
// what owns them. Also a hash of mapped memory, so tests can say "this state
// is identical to that one" without comparing a gigabyte.

import { PAGE_SIZE } from "../machine/core/physmem";
import { Layout } from "../linux/loader";
import { Prot, type PageMap } from "../linux/pagemap";
import type { FrameMap, MemoryRegion } from "./snapshot";

/** What the session knows about where things are, to label regions. */
export interface LayoutHints { heapStart: number; brk: number }

/** Owners of frames in a user-mode run, with the colour each gets. */
const OWNERS = [
  { label: "text", color: "green" },
  { label: "rodata", color: "cyan" },
  { label: "data", color: "blue" },
  { label: "heap", color: "magenta" },
  { label: "mmap", color: "yellow" },
  { label: "stack", color: "red" },
];
const OWNER_INDEX = new Map(OWNERS.map((o, i) => [o.label, i]));

/** Cells beyond this many frames are not sent to the UI (a terminal could not show them). */
const MAX_CELLS = 8192;

export interface Page { vpn: number; frame: number; prot: number }

/** Every mapped page, in address order (read once per snapshot). */
export function pagesOf(pm: PageMap): Page[] {
  const out: Page[] = [];
  pm.forEachPage((vpn, frame, prot) => out.push({ vpn, frame, prot }));
  return out.sort((a, b) => a.vpn - b.vpn);
}

/** What a page is for, from where it is (Linux's layout, as linux/loader.ts builds it). */
function labelOf(vpn: number, prot: number, hints: LayoutHints): string {
  const va = vpn * PAGE_SIZE;
  const stackBottom = Layout.stackTop - Layout.stackPages * PAGE_SIZE;
  if (va >= stackBottom) return "stack";
  if (va >= Layout.mmapTop - 2 ** 40) return "mmap";
  // brk maps whole pages from the first page boundary at or above the initial break.
  if (va >= hints.heapStart && va < hints.brk) return "heap";
  if (prot & Prot.X) return "text";
  if (prot & Prot.W) return "data";
  return "rodata";
}

export function flagString(prot: number): string {
  return (prot & Prot.R ? "r" : "-") + (prot & Prot.W ? "w" : "-") + (prot & Prot.X ? "x" : "-");
}

/** Mapped pages as regions: runs of consecutive pages with the same permissions and label. */
export function regionsOf(pages: Page[], hints: LayoutHints): MemoryRegion[] {
  const out: MemoryRegion[] = [];
  let cur: { start: number; end: number; prot: number; label: string } | undefined;
  const flush = () => {
    if (!cur) return;
    out.push({
      start: (cur.start * PAGE_SIZE).toString(16), end: (cur.end * PAGE_SIZE).toString(16),
      pages: cur.end - cur.start, flags: flagString(cur.prot), label: cur.label,
    });
  };
  for (const p of pages) {
    const label = labelOf(p.vpn, p.prot, hints);
    if (cur && cur.end === p.vpn && cur.prot === p.prot && cur.label === label) { cur.end++; continue; }
    flush();
    cur = { start: p.vpn, end: p.vpn + 1, prot: p.prot, label };
  }
  flush();
  return out;
}

/** Physical frames by owner, up to the highest frame in use. */
export function framesOf(pages: Page[], memSize: number, hints: LayoutHints): FrameMap {
  const total = Math.floor(memSize / PAGE_SIZE);
  const owned: [number, number][] = [];
  let top = 0;
  for (const p of pages) {
    const f = Math.floor(p.frame / PAGE_SIZE);
    owned.push([f, OWNER_INDEX.get(labelOf(p.vpn, p.prot, hints))!]);
    top = Math.max(top, f + 1);
  }
  const cells = new Array<number>(Math.min(top, MAX_CELLS)).fill(-1);
  for (const [f, o] of owned) if (f < cells.length) cells[f] = o;
  return { cells, owners: OWNERS, total, frameSize: PAGE_SIZE };
}

/** FNV-1a over every mapped page (address, permissions, contents), in address order. */
export function memoryHash(pm: PageMap): string {
  let h = 0x811c9dc5;
  const mix = (b: number) => { h = Math.imul(h ^ b, 0x01000193); };
  const bytes = pm.mem.bytes;
  for (const p of pagesOf(pm)) {
    for (let i = 0; i < 8; i++) mix(Math.floor(p.vpn / 2 ** (8 * i)) & 0xff);
    mix(p.prot);
    for (let i = p.frame; i < p.frame + PAGE_SIZE; i++) mix(bytes[i]);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** Up to `len` bytes at virtual address `va`, stopping at the first unmapped page. */
export function readVirt(pm: PageMap, va: number, len: number): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < len; i++) {
    const pa = pm.physOf(va + i);
    if (pa < 0) break;
    out.push(pm.mem.bytes[pa]);
  }
  return Uint8Array.from(out);
}
