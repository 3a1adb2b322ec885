// The page-table invariants chapter 02 promises, checked by walking every
// table in RAM (what the CPU would see, not what the kernel thinks):
//
//   1. nothing in the kernel half is user-accessible;
//   2. no leaf is both writable and executable (W^X), in either half;
//   3. every table frame is owned "pagetable";
//   4. every user leaf maps a frame owned by that process, inside one of its
//      regions (never a guard), with no more rights than the region has;
//   5. the kernel half of every x86_64 PML4 is the kernel's own.
// Tests run it after every event; the debugger can show it.

import type { Kernel } from "../../01-boot/kernel/kernel";
import { tableFrames, visit } from "./pagetable";
import { ownerOf } from "./frames";
import { mmuOf, tablesOf } from "./paging";
import { regionAt } from "./address-space";

const hex = (v: number | bigint) => "0x" + v.toString(16);

// @snippet invariants
export function checkInvariants(kn: Kernel): string[] {
  const bad: string[] = [], pt = tablesOf(kn), mmu = mmuOf(kn), p = kn.state.paging;
  if (!p.on) return bad;
  const kernelSlots = kn.arch === "x86_64" ? { from: 256, to: 512 } : { from: 0, to: 512 };
  visit(pt, p.kernelRoot, (va, m) => {
    if (m.perms.user) bad.push(`kernel-half ${hex(va)} is user-accessible`);
    if (m.perms.w && m.perms.x) bad.push(`kernel-half ${hex(va)} is writable and executable`);
  }, { ...kernelSlots, upper: kn.arch === "arm64" });
  for (const f of tableFrames(pt, p.kernelRoot)) if (ownerOf(kn, f) !== "pagetable") bad.push(`kernel table ${hex(f)} is owned by ${ownerOf(kn, f)}`);
  for (const sp of Object.values(kn.state.spaces)) {
    const slots = mmu.fmt.userRootSlots;
    for (const f of tableFrames(pt, sp.root, slots)) if (ownerOf(kn, f) !== "pagetable") bad.push(`pid ${sp.pid}: table ${hex(f)} is owned by ${ownerOf(kn, f)}`);
    if (kn.arch === "x86_64") {
      for (let i = 256; i < 512; i++) {
        if (kn.k.read(sp.root + 8 * i, 8) !== kn.k.read(p.kernelRoot + 8 * i, 8)) bad.push(`pid ${sp.pid}: PML4[${i}] differs from the kernel's`);
      }
    }
    let leaves = 0;
    visit(pt, sp.root, (va, m) => {
      leaves++;
      const r = regionAt(sp, Number(va)), owner = ownerOf(kn, m.pa);
      if (!m.perms.user) bad.push(`pid ${sp.pid}: ${hex(va)} is mapped supervisor-only in the user half`);
      if (m.perms.w && m.perms.x) bad.push(`pid ${sp.pid}: ${hex(va)} is writable and executable`);
      if (owner !== `process:${sp.pid}`) bad.push(`pid ${sp.pid}: ${hex(va)} maps frame ${hex(m.pa)} owned by ${owner}`);
      if (r === undefined || r.kind === "guard") bad.push(`pid ${sp.pid}: ${hex(va)} is mapped outside its regions`);
      else if ((m.perms.w && !r.w) || (m.perms.x && !r.x)) bad.push(`pid ${sp.pid}: ${hex(va)} has more rights than ${r.name}`);
    }, { to: slots });
    if (leaves !== sp.resident) bad.push(`pid ${sp.pid}: ${leaves} pages mapped but ${sp.resident} counted`);
  }
  return bad;
}
// @end invariants
