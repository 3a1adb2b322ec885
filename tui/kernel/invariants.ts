// Page-table invariants, checked by the debugger itself on every snapshot
// so that a student sees a violation the moment the kernel creates it —
// even a kernel whose own checks are broken or missing. The rules are the
// hardware's and the course's, read from the tables in RAM (pagetables.ts)
// and from who owns each frame (the kernel's "frames" inspector):
//
//   1. nothing in the kernel half (the upper half of the 48-bit space) is
//      accessible from user mode;
//   2. no page is both writable and executable (W^X), user or kernel;
//   3. no user page maps a frame that is free (a use after free) or that
//      holds a page table (a program could rewrite its own mappings).

import type { Mapping } from "./pagetables";

const KERNEL_HALF = 2 ** 47;
const hex = (v: number) => "0x" + v.toString(16);

/** Violations of the rules above (empty when all is well), at most `max`. */
export function invariantViolations(maps: Mapping[], ownerOf: (pa: number) => string | null, max = 8): string[] {
  const out: string[] = [];
  const add = (s: string) => { if (out.length < max) out.push(s); };
  for (const m of maps) {
    if (m.user && m.va >= KERNEL_HALF) add(`user-accessible kernel-half page at ${hex(m.va)}`);
    if (m.write && m.exec) add(`writable and executable ${m.user ? "user" : "kernel"} page at ${hex(m.va)} (W^X)`);
    if (!m.user) continue;
    for (let i = 0; i < Math.min(m.pages, 512); i++) {
      const owner = ownerOf(m.pa + i * 4096);
      if (owner === "free") { add(`user page ${hex(m.va + i * 4096)} maps free frame ${hex(m.pa + i * 4096)} (use after free)`); break; }
      if (owner === "page table" || owner === "pagetable") { add(`user page ${hex(m.va + i * 4096)} maps page-table frame ${hex(m.pa + i * 4096)}`); break; }
    }
  }
  return out;
}
