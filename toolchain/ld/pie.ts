// Static position-independent executables (static-pie): linked at base 0,
// loaded anywhere (ASLR). The code reaches everything PC-relative, so it
// runs unchanged at any base; what cannot move by itself is an absolute
// 64-bit address stored in data (a pointer in an initialized global, a table
// of strings or of functions). For each such word the linker writes a
// RELATIVE relocation, "put base + A here", and whoever loads the program
// applies them before it runs: the MinOS kernel's loader, or, under Linux
// (which applies none for a static program), the program's own start-up code.
//
// The relocations are found through the dynamic section (gABI "Dynamic
// Section"), as a real static-pie does: PT_DYNAMIC -> DT_RELA (where),
// DT_RELASZ (bytes), DT_RELAENT (24), DT_RELACOUNT (how many RELATIVE ones
// lead the table); DT_FLAGS_1 = DF_1_PIE marks the file a PIE executable.
//
// A narrower absolute address in code (R_X86_64_32 from `mov eax, OFFSET x`,
// AArch64's movz/movk of a symbol) cannot be fixed with a RELATIVE word, and
// an absolute address in read-only memory would need writing after mapping
// (W^X forbids it): both are link errors that say to recompile position
// independent, as GNU ld does.

import * as E from "../elf/constants";
import type { LinkArch } from "./link";

export const ABS64: Record<LinkArch, number> = { x86_64: E.R_X86_64_64, arm64: E.R_AARCH64_ABS64 };
export const RELATIVE: Record<LinkArch, number> = { x86_64: E.R_X86_64_RELATIVE, arm64: E.R_AARCH64_RELATIVE };

/** Absolute relocations narrower than a pointer: their value would change with the base and no RELATIVE can fix them. */
const NARROW_ABS: Record<LinkArch, Map<number, string>> = {
  x86_64: new Map([[E.R_X86_64_32, "R_X86_64_32"], [E.R_X86_64_32S, "R_X86_64_32S"], [E.R_X86_64_16, "R_X86_64_16"], [E.R_X86_64_8, "R_X86_64_8"]]),
  arm64: new Map([
    [E.R_AARCH64_ABS32, "R_AARCH64_ABS32"], [E.R_AARCH64_ABS16, "R_AARCH64_ABS16"],
    [E.R_AARCH64_MOVW_UABS_G0, "R_AARCH64_MOVW_UABS_G0"], [E.R_AARCH64_MOVW_UABS_G0_NC, "R_AARCH64_MOVW_UABS_G0_NC"],
    [E.R_AARCH64_MOVW_UABS_G1, "R_AARCH64_MOVW_UABS_G1"], [E.R_AARCH64_MOVW_UABS_G1_NC, "R_AARCH64_MOVW_UABS_G1_NC"],
    [E.R_AARCH64_MOVW_UABS_G2, "R_AARCH64_MOVW_UABS_G2"], [E.R_AARCH64_MOVW_UABS_G2_NC, "R_AARCH64_MOVW_UABS_G2_NC"],
    [E.R_AARCH64_MOVW_UABS_G3, "R_AARCH64_MOVW_UABS_G3"],
  ]),
};

/** What a relocation needs in a PIE: nothing more, a RELATIVE word, or it is an error (the message). */
export type PieVerdict = { kind: "ok" } | { kind: "relative" } | { kind: "error"; message: string };

/**
 * Classify one relocation of a loaded section. `absolute` says the symbol's
 * value does not move with the base (SHN_ABS, or an undefined weak symbol = 0).
 */
export function pieVerdict(arch: LinkArch, type: number, absolute: boolean, writable: boolean, symName: string, secName: string): PieVerdict {
  if (absolute) return { kind: "ok" };
  if (type === ABS64[arch]) {
    if (writable) return { kind: "relative" };
    return { kind: "error", message: `relocation ${arch === "x86_64" ? "R_X86_64_64" : "R_AARCH64_ABS64"} against \`${symName}' in read-only section \`${secName}' can not be used when making a PIE object; put the pointer in writable data (.data) or recompile with -fPIE` };
  }
  const narrow = NARROW_ABS[arch].get(type);
  if (narrow) return { kind: "error", message: `relocation ${narrow} against \`${symName}' can not be used when making a PIE object; recompile with -fPIE (or link with -no-pie)` };
  return { kind: "ok" };
}

/** Upper bound of the RELATIVE entries: every 64-bit absolute relocation in a writable loaded section. */
export function countAbs64(arch: LinkArch, secs: { kind: string; relocs: { type: number }[] }[]): number {
  let n = 0;
  for (const s of secs) if (s.kind === "data") for (const r of s.relocs) if (r.type === ABS64[arch]) n++;
  return n;
}

/** The dynamic section's entries, in order (DYN_ENTRIES * 16 bytes). */
export const DYN_ENTRIES = 6;

/**
 * Fill the .rela.dyn table (`rela`, sized for `reserved` entries) and the
 * .dynamic section. Entries are sorted by address (as GNU ld does, so a
 * loader writes memory in order); slots not needed (a relocation that turned
 * out absolute) become R_*_NONE, which every loader skips.
 */
export function writeDynamic(arch: LinkArch, relatives: { offset: number; value: bigint }[], rela: Uint8Array, relaAddr: number, dyn: Uint8Array): void {
  const rv = new DataView(rela.buffer, rela.byteOffset, rela.byteLength);
  const sorted = [...relatives].sort((a, b) => a.offset - b.offset);
  sorted.forEach((r, i) => {
    rv.setBigUint64(i * E.RELA_SIZE, BigInt(r.offset), true);
    rv.setBigUint64(i * E.RELA_SIZE + 8, BigInt(RELATIVE[arch]), true);   // r_info: symbol 0, type RELATIVE
    rv.setBigUint64(i * E.RELA_SIZE + 16, BigInt.asUintN(64, r.value), true);
  });
  const dv = new DataView(dyn.buffer, dyn.byteOffset, dyn.byteLength);
  const entries: [number, number][] = [
    [E.DT_RELA, relaAddr], [E.DT_RELASZ, rela.length], [E.DT_RELAENT, E.RELA_SIZE],
    [E.DT_RELACOUNT, sorted.length], [E.DT_FLAGS_1, E.DF_1_PIE], [E.DT_NULL, 0],
  ];
  entries.forEach(([tag, val], i) => {
    dv.setBigUint64(i * E.DYN_SIZE, BigInt(tag), true);
    dv.setBigUint64(i * E.DYN_SIZE + 8, BigInt(val), true);
  });
}
