// What the debugger's panes read from chapter 02 (tui/snapshot.ts shapes):
//   "frames"         { owners } - who owns every frame, by frame number from the start of RAM,
//                    in the debugger's colour labels - plus the allocator's counts;
//   "address-space"  per process: regions, counts, and the pages actually mapped (with the A/D bits);
//   "invariants"     the page-table invariants (invariants.ts).
// The debugger asks between events, when the kernel has no KernelMode to read RAM with; then the
// parts that walk page tables are left out (they need physical memory) and say so.

import type { Kernel } from "../../01-boot/kernel/kernel";
import { visit } from "./pagetable";
import { mmuOf, tablesOf } from "./paging";
import { checkInvariants } from "./invariants";

/** The debugger's colour labels (h7-notes): "page table", "user", "kernel"...; "free" stays "free". */
function label(owner: string): string {
  if (owner === "pagetable") return "page table";
  if (owner.startsWith("process:")) return "user";
  if (owner.startsWith("kernel:")) return owner.includes("stack") ? "kernel stack" : "kernel";
  return owner;                              // free, image, module, bootinfo, hole, null
}

export function inspectFrames(kn: Kernel): unknown {
  const f = kn.state.frames;
  return { owners: f.owner.map(label), base: f.base, free: f.free.length, total: f.owner.length, allocs: f.allocs, frees: f.frees };
}

/** Run `fn` if physical memory is readable now (inside an event), else return `fallback`. */
function withMemory<T>(kn: Kernel, fn: () => T, fallback: T): T {
  try { return fn(); } catch (err) {
    if (err instanceof Error && /used the machine after/.test(err.message)) return fallback;
    throw err;
  }
}

export function inspectSpaces(kn: Kernel): unknown {
  if (!kn.state.paging.on) return [];
  return Object.values(kn.state.spaces).map((sp) => {
    const pages = withMemory(kn, () => {
      const out: { va: string; pa: string; rights: string; accessed: boolean; dirty: boolean }[] = [];
      visit(tablesOf(kn), sp.root, (va, m) => out.push({ va: "0x" + va.toString(16), pa: "0x" + m.pa.toString(16),
        rights: `${m.perms.w ? "rw" : "r-"}${m.perms.x ? "x" : "-"}`, accessed: m.accessed, dirty: m.dirty }), { to: mmuOf(kn).fmt.userRootSlots });
      return out;
    }, null);
    return { pid: sp.pid, asid: sp.asid, root: "0x" + sp.root.toString(16), regions: sp.regions, resident: sp.resident, faults: sp.faults,
      pages: pages ?? "only inside an event (the page tables are in RAM)" };
  });
}

export const inspectInvariants = (kn: Kernel): string[] | null => withMemory(kn, () => checkInvariants(kn), null);
