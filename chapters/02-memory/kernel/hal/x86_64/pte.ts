// x86_64 paging-structure entries (Intel SDM Vol. 3A 4.5, Tables 4-14 to
// 4-20). One 64-bit entry per 4 KiB of a 512-entry table, at every level:
//
//   bit  0 P    present            bit  7 PS   this PDPTE/PDE maps a page (1 GiB / 2 MiB)
//   bit  1 RW   writable           bit  8 G    global (kept across CR3 loads with CR4.PGE)
//   bit  2 US   user accessible    bits 51:12  physical address (39:12 with MAXPHYADDR 40)
//   bit  3 PWT  write-through      bit 63 XD   execute disable (needs EFER.NXE)
//   bit  4 PCD  cache disable
//   bit  5 A    accessed (the CPU sets it)     bit 6 D dirty (the CPU sets it on a write to a page)
//
// Rights combine along the walk (SDM 4.6): a page is writable only if RW is
// set at every level, user-accessible only if US is set at every level,
// executable only if XD is clear at every level. So the tables above a leaf
// are made permissive (P|RW, plus US in the user half) and the leaf decides.

import type { Perms } from "../../state";
import type { DecodedEntry, PteFormat } from "../../pte-format";

export const X86_PTE = { P: 1n, RW: 2n, US: 4n, PWT: 8n, PCD: 16n, A: 32n, D: 64n, PS: 128n, G: 256n, XD: 1n << 63n } as const;
/** The address field, bits 51:12 (the CPU faults on bits at or above MAXPHYADDR). */
const ADDR = 0x000ffffffffff000n;

// @snippet x86-pte
/** A leaf: a 4 KiB page at depth 3 (a PTE), or a 2 MiB page at depth 2 (a PDE with PS). */
export function x86Leaf(pa: number, p: Perms, depth: number): bigint {
  let e = X86_PTE.P | (BigInt(pa) & ADDR);
  if (p.w) e |= X86_PTE.RW;
  if (p.user) e |= X86_PTE.US;
  if (p.global) e |= X86_PTE.G;
  if (!p.x) e |= X86_PTE.XD;
  if (depth < 3) e |= X86_PTE.PS;
  return e;
}

/** A table entry (PML4E, PDPTE, PDE without PS): permissive, the leaf decides. */
export function x86Table(pa: number, user: boolean): bigint {
  return X86_PTE.P | X86_PTE.RW | (user ? X86_PTE.US : 0n) | (BigInt(pa) & ADDR);
}
// @end x86-pte

export function x86Decode(e: bigint, depth: number): DecodedEntry {
  const has = (b: bigint) => (e & b) !== 0n;
  const valid = has(X86_PTE.P);
  const leaf = valid && (depth === 3 || (depth > 0 && has(X86_PTE.PS)));
  const flags = (["P", "RW", "US", "PWT", "PCD", "A", "D", "PS", "G"] as const).filter((f) => has(X86_PTE[f]));
  if (has(X86_PTE.XD)) flags.push("XD" as never);
  return {
    valid, leaf, pa: Number(e & ADDR),
    perms: { r: valid, w: has(X86_PTE.RW), x: !has(X86_PTE.XD), user: has(X86_PTE.US), global: has(X86_PTE.G) },
    accessed: has(X86_PTE.A), dirty: has(X86_PTE.D), flags: flags as string[],
  };
}

export const x86Format: PteFormat = {
  arch: "x86_64",
  leaf: x86Leaf,
  table: x86Table,
  decode: x86Decode,
  userRootSlots: 256,                  // PML4 entries 0..255 are the lower (user) half; 256..511 the kernel's
  blockDepths: [2],                    // 2 MiB pages (1 GiB pages exist too; the kernel does not use them)
};
