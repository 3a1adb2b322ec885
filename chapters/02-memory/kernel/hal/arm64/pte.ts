// AArch64 stage 1 translation table descriptors, 4 KiB granule (Arm ARM
// D8.3 "Translation table descriptor formats"). Levels 0..3, 512 entries:
//
//   bit  0 valid                 bits 4:2  AttrIndx (which MAIR_EL1 byte: 0 = normal memory here)
//   bit  1 table (levels 0-2) / page (level 3); 0 at level 1-2 = block
//   bits 7:6 AP[2:1]: AP[1] (bit 6) = EL0 may access, AP[2] (bit 7) = read-only
//   bits 9:8 SH (3: inner shareable)   bit 10 AF access flag (0 faults: no hardware AF update here)
//   bit 11 nG not global (tagged with the ASID)   bits 47:12 output address
//   bit 53 PXN (EL1 may not execute)   bit 54 UXN (EL0 may not execute)
//
// Unlike x86, permissions are not combined from every level by default:
// table descriptors may only *restrict* (APTable, XNTable), and we leave
// those zero, so the leaf decides. Two Arm rules to remember: a page EL0
// can write is never executable at EL1 (D8.4.1.2 "implicit PXN"), and with
// SCTLR_EL1.WXN a writable page is never executable at all.

import type { Perms } from "../../state";
import type { DecodedEntry, PteFormat } from "../../pte-format";

export const ARM_DESC = {
  VALID: 1n, TABLE: 2n, PAGE: 2n, AP_EL0: 1n << 6n, AP_RO: 1n << 7n, SH_INNER: 3n << 8n, AF: 1n << 10n, NG: 1n << 11n,
  PXN: 1n << 53n, UXN: 1n << 54n,
} as const;
const ADDR = 0x0000fffffffff000n;
/** MAIR_EL1 index of normal write-back memory (the kernel's MAIR puts 0xFF in byte 0). */
export const ATTR_NORMAL = 0n;

// @snippet arm-pte
/** A leaf: a page at level 3 (bits 1:0 = 11), or a 2 MiB block at level 2 (bits 1:0 = 01). */
export function armLeaf(pa: number, p: Perms, depth: number): bigint {
  let e = ARM_DESC.VALID | (depth === 3 ? ARM_DESC.PAGE : 0n) | (BigInt(pa) & ADDR) | (ATTR_NORMAL << 2n);
  e |= ARM_DESC.SH_INNER | ARM_DESC.AF;                     // AF set now: nothing would set it later
  if (p.user) e |= ARM_DESC.AP_EL0;
  if (!p.w) e |= ARM_DESC.AP_RO;
  if (!p.global) e |= ARM_DESC.NG;
  // The kernel never executes user memory (PXN on every user page) and user code never runs kernel memory (UXN).
  if (p.user) e |= ARM_DESC.PXN | (p.x ? 0n : ARM_DESC.UXN);
  else e |= ARM_DESC.UXN | (p.x ? 0n : ARM_DESC.PXN);
  return e;
}

/** A table descriptor (bits 1:0 = 11 at levels 0-2), with no restrictions of its own. */
export function armTable(pa: number, _user: boolean): bigint {
  return ARM_DESC.VALID | ARM_DESC.TABLE | (BigInt(pa) & ADDR);
}
// @end arm-pte

export function armDecode(e: bigint, depth: number): DecodedEntry {
  const has = (b: bigint) => (e & b) !== 0n;
  const valid = has(ARM_DESC.VALID);
  const leaf = valid && (depth === 3 ? has(ARM_DESC.PAGE) : depth > 0 && !has(ARM_DESC.TABLE));
  const user = has(ARM_DESC.AP_EL0);
  const flags: string[] = [];
  if (valid) flags.push(depth === 3 ? "page" : leaf ? "block" : "table");
  if (leaf) {
    flags.push(`AttrIndx=${(e >> 2n) & 7n}`, `AP=${(e >> 6n) & 3n}`, `SH=${(e >> 8n) & 3n}`);
    for (const [n, b] of [["AF", ARM_DESC.AF], ["nG", ARM_DESC.NG], ["PXN", ARM_DESC.PXN], ["UXN", ARM_DESC.UXN]] as const) if (has(b)) flags.push(n);
  }
  return {
    valid, leaf, pa: Number(e & ADDR),
    perms: { r: valid, w: !has(ARM_DESC.AP_RO), x: user ? !has(ARM_DESC.UXN) : !has(ARM_DESC.PXN), user, global: !has(ARM_DESC.NG) },
    accessed: has(ARM_DESC.AF), dirty: false, flags,
  };
}

export const armFormat: PteFormat = {
  arch: "arm64",
  leaf: armLeaf,
  table: armTable,
  decode: armDecode,
  userRootSlots: 512,                  // TTBR0's table is all user half; the kernel half has its own root in TTBR1
  blockDepths: [2],
};
