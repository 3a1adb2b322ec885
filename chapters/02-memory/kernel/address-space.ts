// Address spaces: each process sees its own lower half of the address space
// (x86_64 PML4 entries 0..255; arm64 everything TTBR0 translates) and the
// one kernel half shared by all (x86_64 PML4 entries 256..511, copied into
// every process's PML4; arm64 TTBR1). A process owns *regions* - reserved
// ranges with permissions (code, data, heap, stack, and guard holes) - and
// nothing else: a region costs no memory until the program touches a page
// of it. Then the CPU faults, the kernel finds the region, allocates one
// zeroed frame and maps it, and the instruction runs again (demand paging).
//
// Rules kept here, so nothing else has to remember them:
//   - W^X: no region is both writable and executable (asked for: an error).
//   - every stack has a guard page below it: a reserved hole that is never
//     mapped, so running off the stack faults with a clear report;
//   - a page whose entry was valid and is changed or removed is flushed from
//     the TLB, by address *and* ASID (the machine's TLB keeps stale entries);
//   - every frame mapped here is owned "process:<pid>"; every table "pagetable";
//     destroySpace gives every one of them back.
//
// This is the API the program loader (program.ts, brk.ts) is written on.
// Virtual addresses of the user half are numbers (below 2^47: exact).

import type { Kernel } from "../../01-boot/kernel/kernel";
import type { AddressSpace, Perms, Region, RegionKind } from "./state";
import { PAGE, lookup, map, protect, unmap, visit, destroy as destroyTables, type Mapping } from "./pagetable";
import { allocFrame, freeFrame } from "./frames";
import { mmuOf, tablesOf } from "./paging";

/** The first address above the user half (both arches: the x86_64 canonical lower half). */
export const USER_TOP = 2 ** 47;

/** How far below a guard page a fault still counts as running off the stack. */
const GUARD_REACH = 64 << 10;

/** The caller asked for something the rules forbid (W^X, overlap, outside the user half...). */
export class AddressSpaceError extends Error {}

export interface RegionSpec { start: number; size: number; r?: boolean; w: boolean; x: boolean; kind: RegionKind; name?: string }

const pageDown = (v: number) => Math.floor(v / PAGE) * PAGE;
const pageUp = (v: number) => Math.ceil(v / PAGE) * PAGE;

export function spaceOf(kn: Kernel, pid: number): AddressSpace {
  const s = kn.state.spaces[pid];
  if (s === undefined) throw new AddressSpaceError(`process ${pid} has no address space`);
  return s;
}

/** The leaf rights of a region's pages. */
export const regionPerms = (r: Region): Perms => ({ r: r.r, w: r.w, x: r.x, user: true, global: false });

// @snippet create-space
/** A new, empty address space for `pid`: a root table (with the kernel half on x86_64) and an ASID. */
export function createSpace(kn: Kernel, pid: number): AddressSpace {
  if (kn.state.spaces[pid] !== undefined) throw new AddressSpaceError(`process ${pid} already has an address space`);
  const mmu = mmuOf(kn), p = kn.state.paging;
  const used = new Set(Object.values(p.asids));
  let asid = 1;
  while (used.has(asid)) asid++;
  if (asid > mmu.maxAsid) throw new AddressSpaceError(`no free ASID (${mmu.maxAsid} address spaces at most)`);
  const root = allocFrame(kn, "pagetable");
  mmu.initUserRoot(kn.k, root, p.kernelRoot);
  p.asids[pid] = asid;
  const space: AddressSpace = { pid, root, asid, regions: [], resident: 0, faults: 0 };
  kn.state.spaces[pid] = space;
  return space;
}
// @end create-space

/** Reserve a region (nothing is allocated). Page-aligned outward; refuses W+X and overlaps. */
export function addRegion(kn: Kernel, pid: number, spec: RegionSpec): Region {
  const sp = spaceOf(kn, pid);
  const start = pageDown(spec.start), end = pageUp(spec.start + spec.size);
  const name = spec.name ?? spec.kind;
  // @snippet wx
  if (spec.w && spec.x) throw new AddressSpaceError(`W^X: region ${name} asks to be both writable and executable`);
  // @end wx
  if (!(start >= PAGE && end <= USER_TOP && end > start)) {
    throw new AddressSpaceError(`region ${name} [0x${start.toString(16)}, 0x${end.toString(16)}) is not inside the user half`);
  }
  const clash = sp.regions.find((r) => start < r.end && r.start < end);
  if (clash !== undefined) throw new AddressSpaceError(`region ${name} overlaps ${clash.name} at 0x${clash.start.toString(16)}`);
  const region: Region = { start, end, r: spec.r ?? true, w: spec.w, x: spec.x, kind: spec.kind, name };
  sp.regions.push(region);
  sp.regions.sort((a, b) => a.start - b.start);
  return region;
}

/** A stack of `size` bytes ending at `top` (read+write, never executable), and its guard page just below. */
export function addStack(kn: Kernel, pid: number, top: number, size: number, name = "stack"): Region {
  const start = pageDown(top - size);
  addRegion(kn, pid, { start: start - PAGE, size: PAGE, w: false, x: false, r: false, kind: "guard", name: `guard below ${name}` });
  return addRegion(kn, pid, { start, size: pageUp(top) - start, w: true, x: false, kind: "stack", name });
}

/** The region holding `va`, if any (guard regions included). */
export function regionAt(sp: AddressSpace, va: number): Region | undefined {
  return sp.regions.find((r) => va >= r.start && va < r.end);
}

/** Unmap and free the pages of [from, to) that are mapped, flushing each from the TLB. */
function release(kn: Kernel, sp: AddressSpace, from: number, to: number): void {
  const pt = tablesOf(kn);
  for (let va = pageDown(from); va < to; va += PAGE) {
    const m = unmap(pt, sp.root, BigInt(va));
    if (m === null) continue;
    kn.k.invalidateTlb({ va: BigInt(va), asid: sp.asid });   // the entry was valid: the TLB may hold it
    freeFrame(kn, m.pa - (m.pa % PAGE));
    sp.resident--;
  }
}

/** Move a region's end (brk): growing reserves more; shrinking frees the pages above the new end. */
export function resizeRegion(kn: Kernel, pid: number, start: number, newEnd: number): Region {
  const sp = spaceOf(kn, pid);
  const r = sp.regions.find((x) => x.start === start);
  if (r === undefined) throw new AddressSpaceError(`no region starts at 0x${start.toString(16)}`);
  const end = pageUp(newEnd);
  if (end < r.start || end > USER_TOP) throw new AddressSpaceError(`region ${r.name} cannot end at 0x${newEnd.toString(16)}`);
  const next = sp.regions.find((x) => x.start >= r.end && x !== r);
  if (end > r.end && next !== undefined && end > next.start) throw new AddressSpaceError(`region ${r.name} would grow into ${next.name}`);
  if (end < r.end) release(kn, sp, end, r.end);
  r.end = end;
  return r;
}

/** Change a region's rights, and those of every page of it already mapped (each flushed from the TLB). W^X still holds. */
export function protectRegion(kn: Kernel, pid: number, start: number, rights: { r?: boolean; w: boolean; x: boolean }): Region {
  const sp = spaceOf(kn, pid);
  const r = sp.regions.find((x) => x.start === start && x.kind !== "guard");
  if (r === undefined) throw new AddressSpaceError(`no region starts at 0x${start.toString(16)}`);
  if (rights.w && rights.x) throw new AddressSpaceError(`W^X: region ${r.name} cannot become writable and executable`);
  r.r = rights.r ?? r.r; r.w = rights.w; r.x = rights.x;
  const pt = tablesOf(kn);
  for (let va = r.start; va < r.end; va += PAGE) {
    // @snippet protect-flush
    if (protect(pt, sp.root, BigInt(va), regionPerms(r))) kn.k.invalidateTlb({ va: BigInt(va), asid: sp.asid });
    // @end protect-flush
  }
  return r;
}

/** Remove a region and free its pages. */
export function removeRegion(kn: Kernel, pid: number, start: number): void {
  const sp = spaceOf(kn, pid);
  const r = sp.regions.find((x) => x.start === start);
  if (r === undefined) throw new AddressSpaceError(`no region starts at 0x${start.toString(16)}`);
  release(kn, sp, r.start, r.end);
  sp.regions.splice(sp.regions.indexOf(r), 1);
}

/** What the page tables say about `va` in this space (null: not mapped yet). */
export function translate(kn: Kernel, pid: number, va: number): Mapping | null {
  return lookup(tablesOf(kn), spaceOf(kn, pid).root, BigInt(va));
}

/** Why a fault could not be fixed, for the user-fault report. */
export type FaultOutcome = { ok: true; pa: number } | { ok: false; reason: "no-region" | "guard" | "permission"; message: string };

// @snippet demand-fault
/**
 * A page fault at `va` by process `pid`: if the address is inside one of its
 * regions and the access is allowed there, map one zeroed frame (this is
 * demand paging) and let the instruction run again; otherwise say why not.
 */
export function faultIn(kn: Kernel, pid: number, va: number, access: "read" | "write" | "exec"): FaultOutcome {
  // @exercise demand-fault 4 "Find the region holding va (regionAt). None: 'no-region' (or a stack overflow if a guard starts at most GUARD_REACH above va). A guard region: 'guard', a message starting 'stack overflow'. An access the region does not allow (write to !w, exec of !x, read of !r): 'permission'. Already mapped: 'permission' too (the CPU refused it). Else mapFresh(kn, sp, the page of va, r), count the fault in sp.faults, return { ok: true, pa }."
  const sp = spaceOf(kn, pid);
  const hex = "0x" + va.toString(16);
  const r = regionAt(sp, va);
  if (r === undefined) {
    // a frame bigger than the guard page can jump over it: a fault just below a guard is still a stack overflow
    const g = sp.regions.find((x) => x.kind === "guard" && va < x.start && x.start - va <= GUARD_REACH);
    if (g !== undefined) return { ok: false, reason: "guard", message: `stack overflow: ${access} at ${hex} jumped past the ${g.name}` };
    return { ok: false, reason: "no-region", message: `${access} at ${hex}: no region of the process holds it` };
  }
  if (r.kind === "guard") return { ok: false, reason: "guard", message: `stack overflow: ${access} at ${hex} hit the ${r.name}` };
  const allowed = access === "write" ? r.w : access === "exec" ? r.x : r.r;
  if (!allowed) return { ok: false, reason: "permission", message: `${access} at ${hex} is not allowed in ${r.name} (${rwx(r)})` };
  const page = pageDown(va), pt = tablesOf(kn);
  if (lookup(pt, sp.root, BigInt(page)) !== null) {
    return { ok: false, reason: "permission", message: `${access} at ${hex}: the page is mapped and the CPU still refused (${rwx(r)})` };
  }
  const pa = mapFresh(kn, sp, page, r);
  sp.faults++;
  return { ok: true, pa };
  // @end demand-fault
}
// @end demand-fault

const rwx = (r: Region): string => `${r.r ? "r" : "-"}${r.w ? "w" : "-"}${r.x ? "x" : "-"}`;

/** The frame behind a user page, faulting it in if its region allows; null if no region holds it. Ignores w/x (kernel-side access). */
function frameFor(kn: Kernel, sp: AddressSpace, page: number): number | null {
  const m = lookup(tablesOf(kn), sp.root, BigInt(page));
  if (m !== null) return m.pa;
  const r = regionAt(sp, page);
  if (r === undefined || r.kind === "guard") return null;
  return mapFresh(kn, sp, page, r);
}

/** One zeroed frame mapped at `page` with the region's rights. Out of memory half way (no frame for a table): nothing leaks. */
function mapFresh(kn: Kernel, sp: AddressSpace, page: number, r: Region): number {
  const pa = allocFrame(kn, `process:${sp.pid}`);
  try { map(tablesOf(kn), sp.root, BigInt(page), pa, regionPerms(r)); } catch (err) { freeFrame(kn, pa); throw err; }
  sp.resident++;
  return pa;
}

/**
 * The kernel writes into a process's memory (the loader: segments, relocations,
 * argv on the stack), whatever the region's rights - a read-only code region
 * is written this way before the program runs. Outside every region: an error.
 */
export function writeSpace(kn: Kernel, pid: number, va: number, bytes: Uint8Array): void {
  const sp = spaceOf(kn, pid);
  for (let done = 0; done < bytes.length;) {
    const at = va + done, off = at % PAGE, n = Math.min(PAGE - off, bytes.length - done);
    const pa = frameFor(kn, sp, at - off);
    if (pa === null) throw new AddressSpaceError(`write to 0x${at.toString(16)}: no region of process ${pid} holds it`);
    kn.k.writeBytes(pa + off, bytes.subarray(done, done + n));
    done += n;
  }
}

/** The kernel reads a process's memory (pages not touched yet read as zeros, and get mapped). */
export function readSpace(kn: Kernel, pid: number, va: number, length: number): Uint8Array {
  const sp = spaceOf(kn, pid), out = new Uint8Array(length);
  for (let done = 0; done < length;) {
    const at = va + done, off = at % PAGE, n = Math.min(PAGE - off, length - done);
    const pa = frameFor(kn, sp, at - off);
    if (pa === null) throw new AddressSpaceError(`read of 0x${at.toString(16)}: no region of process ${pid} holds it`);
    out.set(kn.k.readBytes(pa + off, n), done);
    done += n;
  }
  return out;
}

// @snippet switch-space
/** Run in `pid`'s address space from now on (0: the kernel's own, no user half). No TLB flush: entries carry their ASID. */
export function switchSpace(kn: Kernel, pid: number): void {
  const p = kn.state.paging;
  if (p.active === pid) return;
  if (pid === 0) mmuOf(kn).activate(kn.k, p.emptyRoot, 0);
  else { const sp = spaceOf(kn, pid); mmuOf(kn).activate(kn.k, sp.root, sp.asid); }
  p.active = pid;
}
// @end switch-space

// @snippet destroy-space
/** The process is gone: every page frame and table frame goes back, its TLB entries and ASID too. */
export function destroySpace(kn: Kernel, pid: number): void {
  const sp = kn.state.spaces[pid];
  if (sp === undefined) return;
  if (kn.state.paging.active === pid) switchSpace(kn, 0);   // never leave the CPU on tables being freed
  const pt = tablesOf(kn), frames: number[] = [];
  visit(pt, sp.root, (_va, m) => frames.push(m.pa), { to: mmuOf(kn).fmt.userRootSlots });
  for (const f of frames) freeFrame(kn, f);
  destroyTables(pt, sp.root, mmuOf(kn).fmt.userRootSlots);
  kn.k.invalidateTlb({ asid: sp.asid });                     // the next owner of this ASID starts clean
  delete kn.state.paging.asids[pid];
  delete kn.state.spaces[pid];
}
// @end destroy-space
