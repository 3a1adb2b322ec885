// Loading a program in chapter 01, where there is no paging yet: an address
// the program uses *is* a physical address. So the loader copies each
// PT_LOAD segment of the ELF file (ELF-64 Object File Format, "Program
// Header") into free physical memory, keeping the segments' distances
// from each other, and starts the program at its entry point's copy.
// That only works for position-independent code (every address computed
// relative to the instruction pointer), and nothing stops a program from
// writing over the kernel or another program: chapter 02's page tables fix
// both. Bad input never crashes the kernel: it is a ProgramError that says
// what is wrong, and the program is skipped.

import type { Kernel } from "./kernel";
import type { ImageRegion } from "./state";
import { allocFrames, PAGE } from "./frames";
import { ProgramError } from "./program-error";
import { initialStack, relocate } from "./startup";

export { ProgramError };

/** ELF e_machine for each arch (ELF psABIs): EM_X86_64 62, EM_AARCH64 183. */
const MACHINE = { x86_64: 62, arm64: 183 } as const;
const PT_LOAD = 1, PT_DYNAMIC = 2, PF_X = 1;
/** Chapter 01 programs are small: refuse anything that would take more than this. */
const MAX_SPAN = 4 << 20;
export const USER_STACK_PAGES = 4;

export interface Loaded { entry: bigint; stackTop: bigint; regions: ImageRegion[]; relocations: number }

interface Segment { offset: number; vaddr: number; filesz: number; memsz: number; flags: number }

// @snippet elf-check
/** Check the ELF header and collect the PT_LOAD segments, every field checked against the file's length. */
export function readSegments(kn: Kernel, f: Uint8Array): { entry: number; segs: Segment[]; dynamic: { offset: number; size: number } | null } {
  const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
  if (f.length < 64 || v.getUint32(0) !== 0x7f454c46) throw new ProgramError("not an ELF file (no \\x7fELF magic)");
  if (f[4] !== 2 || f[5] !== 1) throw new ProgramError("not a 64-bit little-endian ELF file");
  const type = v.getUint16(16, true), machine = v.getUint16(18, true);
  if (type !== 2 && type !== 3) throw new ProgramError(`ELF type ${type} is not an executable (ET_EXEC 2 or ET_DYN 3)`);
  if (machine !== MACHINE[kn.arch]) throw new ProgramError(`built for ELF machine ${machine}, not ${kn.arch} (${MACHINE[kn.arch]})`);
  const entry = Number(v.getBigUint64(24, true)), phoff = Number(v.getBigUint64(32, true));
  const phentsize = v.getUint16(54, true), phnum = v.getUint16(56, true);
  if (phentsize < 56 || phoff + phnum * phentsize > f.length) throw new ProgramError("program headers lie outside the file");
  const segs: Segment[] = [];
  // @exercise elf-segments 3 "Each program header (phentsize bytes from phoff): p_type u32 at +0 (PT_LOAD = 1), p_flags +4, p_offset +8, p_vaddr +16, p_filesz +32, p_memsz +40 (u64 LE). Refuse (ProgramError) a segment whose bytes lie outside the file or whose filesz > memsz."
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (v.getUint32(p, true) !== PT_LOAD) continue;
    const s = { flags: v.getUint32(p + 4, true), offset: Number(v.getBigUint64(p + 8, true)), vaddr: Number(v.getBigUint64(p + 16, true)),
      filesz: Number(v.getBigUint64(p + 32, true)), memsz: Number(v.getBigUint64(p + 40, true)) };
    if (s.offset + s.filesz > f.length || s.filesz > s.memsz) throw new ProgramError(`segment ${i} does not fit the file`);
    segs.push(s);
  }
  // @end elf-segments
  if (segs.length === 0) throw new ProgramError("no PT_LOAD segment: nothing to load");
  let dynamic: { offset: number; size: number } | null = null;   // a PIE's relocations are found through it (startup.ts)
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (v.getUint32(p, true) !== PT_DYNAMIC) continue;
    dynamic = { offset: Number(v.getBigUint64(p + 8, true)), size: Number(v.getBigUint64(p + 32, true)) };
    if (dynamic.offset + dynamic.size > f.length) throw new ProgramError("the PT_DYNAMIC segment does not fit the file");
  }
  return { entry, segs, dynamic };
}
// @end elf-check

// @snippet load-program
/** Copy the program into contiguous free frames and give it a stack; returns where it starts. */
export function loadProgram(kn: Kernel, name: string, f: Uint8Array, argv: string[] = [name]): Loaded {
  const { entry, segs, dynamic } = readSegments(kn, f);
  const low = Math.min(...segs.map((s) => s.vaddr)) & ~(PAGE - 1);
  const high = Math.max(...segs.map((s) => s.vaddr + s.memsz));
  if (high - low > MAX_SPAN) throw new ProgramError(`its segments span ${high - low} bytes; chapter 01 loads at most ${MAX_SPAN}`);
  if (!segs.some((s) => (s.flags & PF_X) !== 0 && entry >= s.vaddr && entry < s.vaddr + s.memsz)) {
    throw new ProgramError(`entry point 0x${entry.toString(16)} is not in an executable segment`);
  }
  const pages = Math.ceil((high - low) / PAGE);
  const base = framesFor(kn, pages, `program ${name}`);             // zeroed: .bss needs nothing more
  for (const s of segs) kn.k.writeBytes(base + (s.vaddr - low), f.subarray(s.offset, s.offset + s.filesz));
  const relocations = dynamic === null ? 0 : relocate(kn, f, segs, dynamic, base, low);   // pointers in a PIE's data
  const stack = framesFor(kn, USER_STACK_PAGES, `stack of ${name}`);
  const stackSize = USER_STACK_PAGES * PAGE;
  return {
    entry: BigInt(base + (entry - low)),
    stackTop: initialStack(kn, stack, stackSize, argv),             // argc, argv, envp, auxv (System V ABI)
    regions: [{ base, size: pages * PAGE, what: "program" }, { base: stack, size: stackSize, what: "stack" }],
    relocations,
  };
}
// @end load-program

/** Frames for a program: running out of memory is the program's problem (too big), not a kernel bug. */
function framesFor(kn: Kernel, pages: number, purpose: string): number {
  try { return allocFrames(kn, pages, purpose); } catch (err) {
    throw new ProgramError(`not enough memory: ${err instanceof Error ? err.message : String(err)}`);
  }
}
