// Turning paging on: the "paging" boot step, which runs before chapter 01's
// "traps" step so that every address the CPU will use from then on (the IDT
// or vector table, the kernel stack, the entry points) is a kernel-half
// address. The kernel half is the same in every address space:
//
//   - a direct map of all RAM at a fixed base (x86_64 0xffff800000000000,
//     arm64 0xffff000000000000): physical address pa is at base + pa, so the
//     kernel reaches any frame without mapping it first. Read/write, never
//     executable (the kernel's code is TypeScript; nothing in RAM runs in it);
//   - the board's kernel entry window, where the vectors and entry points
//     live, mapped at base + its physical address too: read-only and
//     executable, supervisor-only.
// All of it global (it survives an address-space switch) and never
// user-accessible: a user program that touches it faults.
//
// 2 MiB blocks where a whole aligned 2 MiB is RAM (one entry instead of a
// table of 512), 4 KiB pages at the ragged edges.

import type { Kernel } from "../../01-boot/kernel/kernel";
import { kprint } from "../../01-boot/kernel/console";
import { logEvent } from "../../01-boot/kernel/events";
import type { Perms } from "./state";
import { map, PAGE, SPAN, type PageTables } from "./pagetable";
import { allocFrame, freeFrame, frameIndex, kernelFrame } from "./frames";
import { mmuFor, type MmuHal } from "./hal/mmu";

export const mmuOf = (kn: Kernel): MmuHal => mmuFor(kn.arch);

/** The page-table operations over the kernel's physical memory; new tables are "pagetable" frames. */
export function tablesOf(kn: Kernel, alloc: () => number = () => allocFrame(kn, "pagetable")): PageTables {
  return {
    fmt: mmuOf(kn).fmt,
    read: (pa) => kn.k.read(pa, 8),
    write: (pa, e) => kn.k.write(pa, 8, e),
    allocTable: alloc,
    freeTable: (pa) => freeFrame(kn, pa),
  };
}

const KERNEL_RW: Perms = { r: true, w: true, x: false, user: false, global: true };
const KERNEL_RX: Perms = { r: true, w: false, x: true, user: false, global: true };

// @snippet paging-step
/** The "paging" boot step: build the kernel half, turn the MMU on, and from now on kva() is the direct map. */
export function pagingStep(kn: Kernel): void {
  const mmu = mmuOf(kn), p = kn.state.paging;
  const tableFrame = () => kernelFrame(kn, "page tables", "pagetable");
  const pt = tablesOf(kn, tableFrame);
  p.kernelRoot = tableFrame();
  p.emptyRoot = kn.arch === "x86_64" ? p.kernelRoot : tableFrame();
  p.directBase = mmu.directBase;
  p.window = { ...mmu.window };
  const blocks = mapDirect(kn, pt, p.kernelRoot);
  for (let off = 0; off < p.window.size; off += PAGE) {
    map(pt, p.kernelRoot, mmu.directBase + BigInt(p.window.pa + off), p.window.pa + off, KERNEL_RX);
  }
  mmu.enable(kn.k, p.kernelRoot, p.emptyRoot);
  p.on = true;
  logEvent(kn, "boot", `paging on: direct map at 0x${mmu.directBase.toString(16)} (${blocks.big} x 2 MiB, ${blocks.small} x 4 KiB)`, null);
}
// @end paging-step

/** Map every frame of RAM at directBase + pa: 2 MiB blocks where the whole block is RAM, else 4 KiB pages. */
function mapDirect(kn: Kernel, pt: PageTables, root: number): { big: number; small: number } {
  const f = kn.state.frames, base = BigInt(mmuOf(kn).directBase);
  const isRam = (pa: number) => { const i = frameIndex(kn, pa); return i >= 0 && f.owner[i] !== "hole"; };
  const end = f.base + f.owner.length * PAGE;
  let big = 0, small = 0;
  for (let chunk = Math.floor(f.base / SPAN[2]) * SPAN[2]; chunk < end; chunk += SPAN[2]) {
    let all = true;
    for (let pa = chunk; pa < chunk + SPAN[2] && all; pa += PAGE) all = isRam(pa);
    if (all) { map(pt, root, base + BigInt(chunk), chunk, KERNEL_RW, 2); big++; continue; }
    for (let pa = chunk; pa < chunk + SPAN[2]; pa += PAGE) if (isRam(pa)) { map(pt, root, base + BigInt(pa), pa, KERNEL_RW); small++; }
  }
  return { big, small };
}

/** The kva hook of chapter 02: with paging on, a physical address's place in the direct map. */
export const kva = (earlier: (kn: Kernel, pa: number) => bigint) => (kn: Kernel, pa: number): bigint =>
  kn.state.paging.on ? kn.state.paging.directBase + BigInt(pa) : earlier(kn, pa);

/** Print what the kernel's memory went to (the "kernel memory accounting" line). */
export function printAccounting(kn: Kernel): void {
  kprint(kn, accountingLine(kn) + "\n");
}

const kib = (frames: number) => `${frames * 4} KiB`;

export function accountingLine(kn: Kernel): string {
  const counts: Record<string, number> = {};
  for (const o of kn.state.frames.owner) counts[o] = (counts[o] ?? 0) + 1;
  const parts: [string, number][] = kn.state.kmem.map((e) => [e.purpose, e.frames.length]);
  for (const what of ["image", "bootinfo", "module"]) if (counts[what]) parts.push([what === "module" ? "boot modules" : what === "bootinfo" ? "boot info" : "image", counts[what]]);
  const total = parts.reduce((n, [, c]) => n + c, 0);
  return `kernel: ${kib(total)} (${parts.map(([w, c]) => `${w} ${kib(c)}`).join(", ")}); free ${kib(counts.free ?? 0)}`;
}
