// One interface over the two page-table formats. Both architectures walk
// the same shape: a 48-bit virtual address split 9+9+9+9+12, four levels of
// 512 eight-byte entries, 4 KiB pages (x86_64: PML4, PDPT, PD, PT; arm64
// with the 4 KiB granule: levels 0, 1, 2, 3). Only the bits of an entry
// differ: hal/x86_64/pte.ts and hal/arm64/pte.ts say how. pagetable.ts is
// written once against this interface.
//
// Depth 0 is the root table (PML4 / level 0), depth 3 the last (PT / level 3).

import type { Arch } from "../../../machine/core/cpu";
import type { Perms } from "./state";

export interface DecodedEntry {
  valid: boolean;
  /** Maps memory (a page or a block) rather than pointing at the next table. */
  leaf: boolean;
  /** The physical address it holds (the next table, or the mapped page/block). */
  pa: number;
  /** A leaf's rights (meaningful only for a leaf). */
  perms: Perms;
  /** Set by the CPU (x86 A; arm AF, which the kernel sets itself). */
  accessed: boolean;
  /** x86 D (the CPU sets it on a write); arm64: false (no hardware dirty state here). */
  dirty: boolean;
  /** The entry's bits by their manual names, for the debugger. */
  flags: string[];
}

export interface PteFormat {
  arch: Arch;
  /** A leaf entry at `depth` (3: 4 KiB page; 2: 2 MiB block) mapping `pa` with `perms`. */
  leaf(pa: number, perms: Perms, depth: number): bigint;
  /** A table entry pointing at the table at `pa`; `user` for tables of the user half. */
  table(pa: number, user: boolean): bigint;
  decode(e: bigint, depth: number): DecodedEntry;
  /** Root entries that belong to a process (the rest of the root, if any, is the shared kernel half). */
  userRootSlots: number;
  /** Depths at which a leaf may be a block (2 MiB at depth 2). */
  blockDepths: number[];
}
