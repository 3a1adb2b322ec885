// Loading a static Linux ELF64 executable into a user-mode address space,
// the way Linux's binfmt_elf and qemu-user do: map each PT_LOAD segment with
// its permissions, zero the bss, and build the initial stack (argc, argv,
// envp, the auxiliary vector) that _start expects.
//
// Reference: System V ABI AMD64 3.4.1 "Initial Stack and Register State";
// the AArch64 Linux ABI uses the same stack layout.

import * as E from "../toolchain/elf/constants";
import { ElfError, readElf, type ElfFile } from "../toolchain/elf/read";
import { PAGE_SIZE } from "../machine/core/physmem";
import type { Arch } from "../machine/core/cpu";
import { PageMap, Prot } from "./pagemap";

/** Where things go in the user address space (below the 47-bit user limit on both arches). */
export const Layout = {
  /** Top of the initial stack (one page below Linux x86_64's TASK_SIZE). */
  stackTop: 0x7ffffffff000 - PAGE_SIZE,
  /** Pages mapped for the stack up front; it does not grow on demand. */
  stackPages: 2048,                      // 8 MiB, Linux's default RLIMIT_STACK
  /** Load address of a position-independent (ET_DYN) static executable. */
  pieBase: 0x555555554000,
  /** mmap hands out addresses downwards from here. */
  mmapTop: 0x7ff000000000,
} as const;

export interface LoadedProgram {
  elf: ElfFile;
  entry: number;
  sp: number;
  /** First address past the highest segment: the initial program break. */
  brk: number;
}

// Auxiliary vector keys (include/uapi/linux/auxvec.h)
const AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8,
  AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
  AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31;

const MACHINE_NAMES: Record<Arch, string> = { x86_64: "x86_64", arm64: "AArch64" };

/** Parse `bytes`, map its segments into `pm`, and build the stack. */
export function loadElf(pm: PageMap, bytes: Uint8Array, arch: Arch, argv: string[], env: string[], seedBytes: Uint8Array, name = "the program"): LoadedProgram {
  const elf = readElf(bytes, name);
  if (elf.machine !== arch) {
    throw new ElfError(`${name} is an ${MACHINE_NAMES[elf.machine]} program; run it with --arch ${elf.machine}`);
  }
  if (elf.type !== E.ET_EXEC && elf.type !== E.ET_DYN) {
    throw new ElfError(`${name} is not an executable (ELF type ${elf.type}${elf.type === E.ET_REL ? ", a relocatable object: link it first" : ""})`);
  }
  if (elf.programHeaders.some((p) => p.type === E.PT_INTERP)) {
    throw new ElfError(`${name} is dynamically linked; MinOS runs static executables only (link with -static)`);
  }
  const loads = elf.programHeaders.filter((p) => p.type === E.PT_LOAD);
  if (loads.length === 0) throw new ElfError(`${name} has no loadable segments`);
  const base = elf.type === E.ET_DYN ? Layout.pieBase : 0;

  let brk = 0;
  for (const ph of loads) {
    const start = base + Number(ph.vaddr), end = start + ph.memsz;
    if (start < PAGE_SIZE || end > Layout.mmapTop) {
      throw new ElfError(`${name}: a segment at 0x${start.toString(16)} lies outside the user address space`);
    }
    const first = Math.floor(start / PAGE_SIZE), last = Math.ceil(end / PAGE_SIZE);
    const prot = (ph.flags & E.PF_R ? Prot.R : 0) | (ph.flags & E.PF_W ? Prot.W : 0) | (ph.flags & E.PF_X ? Prot.X : 0);
    // Segments may share a page at their edges: the page gets both permissions.
    for (let v = first; v < last; v++) pm.map(v, 1, prot | pm.protOf(v));
    copyOut(pm, start, bytes.subarray(ph.offset, ph.offset + ph.filesz));
    brk = Math.max(brk, end);
  }

  const phdr = findPhdrAddress(elf, base);
  const entry = base + Number(elf.entry);
  const sp = buildStack(pm, arch, argv, env, seedBytes, [
    [AT_PHDR, phdr], [AT_PHENT, E.PHDR_SIZE], [AT_PHNUM, elf.programHeaders.length], [AT_PAGESZ, PAGE_SIZE],
    [AT_BASE, 0], [AT_FLAGS, 0], [AT_ENTRY, entry], [AT_UID, 0], [AT_EUID, 0], [AT_GID, 0], [AT_EGID, 0],
    [AT_HWCAP, 0], [AT_CLKTCK, 100], [AT_SECURE, 0],
  ]);
  return { elf, entry, sp, brk: Math.ceil(brk / PAGE_SIZE) * PAGE_SIZE };
}

/** AT_PHDR: where the program headers are in memory (inside the first segment that holds them). */
function findPhdrAddress(elf: ElfFile, base: number): number {
  const ph = elf.programHeaders.find((p) => p.type === E.PT_PHDR);
  if (ph) return base + Number(ph.vaddr);
  for (const p of elf.programHeaders) {
    if (p.type === E.PT_LOAD && elf.phoff >= p.offset && elf.phoff < p.offset + p.filesz) {
      return base + Number(p.vaddr) + (elf.phoff - p.offset);
    }
  }
  return 0;
}

/**
 * The initial stack, from the top down: the strings, 16 random bytes for
 * AT_RANDOM, then (16-byte aligned) argc, argv[], NULL, envp[], NULL, auxv
 * pairs ending in AT_NULL. Returns the stack pointer, pointing at argc.
 */
function buildStack(pm: PageMap, arch: Arch, argv: string[], env: string[], seed: Uint8Array, aux: [number, number][]): number {
  const top = Layout.stackTop;
  pm.map(top / PAGE_SIZE - Layout.stackPages, Layout.stackPages, Prot.R | Prot.W);
  let p = top;
  const enc = new TextEncoder();
  const pushString = (s: string): number => {
    const b = enc.encode(s + "\0");
    p -= b.length;
    copyOut(pm, p, b);
    return p;
  };
  const execfn = pushString(argv[0] ?? "program");
  const platform = pushString(arch === "x86_64" ? "x86_64" : "aarch64");
  const envPtrs = env.map(pushString);
  const argPtrs = argv.map(pushString);
  p -= 16;
  const random = p;
  copyOut(pm, random, seed.subarray(0, 16));
  aux.push([AT_RANDOM, random], [AT_PLATFORM, platform], [AT_EXECFN, execfn], [AT_NULL, 0]);

  const words: number[] = [argv.length, ...argPtrs, 0, ...envPtrs, 0];
  for (const [k, v] of aux) words.push(k, v);
  p = Math.floor((p - words.length * 8) / 16) * 16;
  const buf = new Uint8Array(words.length * 8);
  const dv = new DataView(buf.buffer);
  words.forEach((w, i) => dv.setBigUint64(i * 8, BigInt(w), true));
  copyOut(pm, p, buf);
  return p;
}

/** Copy bytes into mapped user memory, page by page, ignoring permissions (the caller checked them). */
export function copyOut(pm: PageMap, va: number, data: Uint8Array): void {
  let done = 0;
  while (done < data.length) {
    const pa = pm.physOf(va + done);
    if (pa < 0) throw new ElfError(`internal: address 0x${(va + done).toString(16)} is not mapped`);
    const n = Math.min(data.length - done, PAGE_SIZE - ((va + done) % PAGE_SIZE));
    pm.mem.load(pa, data.subarray(done, done + n));
    done += n;
  }
}
