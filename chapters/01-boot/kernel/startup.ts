// Two things a program expects before its first instruction, besides its
// bytes in memory:
//
//   - its pointers fixed up. A position-independent executable (ET_DYN,
//     what `minos cc` builds by default) is linked at address 0; its code
//     is PC-relative and runs anywhere, but a pointer *stored in its data*
//     (a table of strings, of functions) holds a link-time address. The
//     linker lists each one as a RELATIVE relocation, "write load base +
//     addend here" (ELF gABI "Relocation"; R_X86_64_RELATIVE = 8 in the
//     AMD64 psABI, R_AARCH64_RELATIVE = 1027 in the Arm ELF ABI), found
//     through the PT_DYNAMIC segment's DT_RELA / DT_RELASZ / DT_RELAENT.
//   - its arguments, where the System V ABI puts them (AMD64 psABI 3.4.1;
//     AArch64 uses the same layout): at the stack pointer, argc, then the
//     argv pointers and a NULL, the environment pointers and a NULL, then
//     the auxiliary vector ending with AT_NULL, and the strings above.

import type { Kernel } from "./kernel";
import { ProgramError } from "./program-error";

const DT_NULL = 0n, DT_RELA = 7n, DT_RELASZ = 8n, DT_RELAENT = 9n;
const RELATIVE = { x86_64: 8, arm64: 1027 } as const;

interface Seg { offset: number; vaddr: number; filesz: number }

/** The file offset of virtual address `va`, from the PT_LOAD segment that holds it. */
function fileOffset(segs: Seg[], va: number, len: number): number {
  const s = segs.find((x) => va >= x.vaddr && va + len <= x.vaddr + x.filesz);
  if (s === undefined) throw new ProgramError(`the relocation table at 0x${va.toString(16)} is not in the file`);
  return s.offset + (va - s.vaddr);
}

// @snippet relocate
/** Apply the RELATIVE relocations of a program loaded with `bias` = where it is minus where it was linked. */
export function relocate(kn: Kernel, f: Uint8Array, segs: Seg[], dynamic: { offset: number; size: number }, base: number, low: number): number {
  const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
  let rela = -1, relasz = 0, relaent = 24;
  for (let at = dynamic.offset; at + 16 <= dynamic.offset + dynamic.size; at += 16) {
    const tag = v.getBigUint64(at, true), val = Number(v.getBigUint64(at + 8, true));
    if (tag === DT_NULL) break;
    if (tag === DT_RELA) rela = val;
    else if (tag === DT_RELASZ) relasz = val;
    else if (tag === DT_RELAENT) relaent = val;
  }
  if (rela < 0 || relasz === 0) return 0;
  if (relaent < 24) throw new ProgramError(`DT_RELAENT ${relaent} is smaller than an Elf64_Rela (24)`);
  const table = fileOffset(segs, rela, relasz), bias = BigInt(base - low);
  for (let r = table; r < table + relasz; r += relaent) {
    const offset = Number(v.getBigUint64(r, true)), type = Number(v.getBigUint64(r + 8, true) & 0xffffffffn);
    const addend = v.getBigInt64(r + 16, true);
    if (type !== RELATIVE[kn.arch]) throw new ProgramError(`relocation type ${type} at 0x${offset.toString(16)}: only RELATIVE is supported`);
    kn.k.write(base + (offset - low), 8, BigInt.asUintN(64, bias + addend));
  }
  return relasz / relaent;
}
// @end relocate

// @snippet initial-stack
/** Write argc, argv, envp and auxv at the top of the stack [base, base+size); returns the stack pointer. */
export function initialStack(kn: Kernel, base: number, size: number, argv: string[]): bigint {
  let top = base + size;
  const ptrs: number[] = [];
  for (const a of argv) {                                  // the strings, highest first
    const bytes = new TextEncoder().encode(a + "\0");
    top -= bytes.length;
    kn.k.writeBytes(top, bytes);
    ptrs.push(top);
  }
  const words = [argv.length, ...ptrs, 0, /* envp: */ 0, /* auxv: AT_NULL */ 0, 0];
  const sp = (top - words.length * 8) & ~15;              // 16-byte aligned at entry (psABI 3.4.1)
  words.forEach((w, i) => kn.k.write(sp + i * 8, 8, BigInt(w)));
  return BigInt(sp);
}
// @end initial-stack
