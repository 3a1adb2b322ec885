// The program loader of chapter 02: an ELF executable from a boot module
// into a fresh address space of its own, at addresses chosen by ASLR.
//
//   1. read and check the file (elf.ts): a bad one is refused, never run;
//   2. choose the layout (aslr.ts): where a static PIE's address 0 goes,
//      where the heap starts, where the stack ends;
//   3. one region per PT_LOAD segment with the segment's rights (never
//      W+X), the file's bytes copied in now (eagerly: simpler than reading
//      the file on each fault, and a boot module stays in RAM anyway), the
//      bss left to demand paging (a fresh page is zeroed);
//   4. the RELATIVE relocations applied: each pointer in the program's data
//      was linked for base 0, so the loader adds the base;
//   5. a stack with a guard page below it, argc and argv on it (user-stack.ts);
//   6. a thread that starts at the entry point.
//
// The heap is not a region yet: brk (brk.ts) creates and moves it.

import type { Kernel, Thread } from "../../01-boot/kernel/kernel";
import { pidOf, processAlive } from "../../01-boot/kernel/kernel";
import type { KernelBuilder } from "../../01-boot/kernel/builder";
import { logEvent } from "../../01-boot/kernel/events";
import { addRegion, addStack, AddressSpaceError, createSpace, destroySpace, writeSpace } from "./address-space";
import { OutOfMemory } from "./frames";
import { chooseLayout, type Layout } from "./aslr";
import { readProgram, ProgramError, type ProgramImage } from "./elf";
import { buildUserStack } from "./user-stack";
import { BRK_MAX, forgetHeap, initBrkState, startHeap, sysBrk } from "./brk";

/** Every program's stack: demand paged, so only the pages it touches cost a frame. */
export const STACK_SIZE = 128 << 10;
export const SYS_BRK = 7;                                    // MINOS_SYS_brk (<minos/syscall.h>)

export interface LoadedProgram { entry: number; sp: number; layout: Layout; image: ProgramImage }

/** Where a process's program went, for the debugger (a PIE's symbols are link-time: add `base`) and tests. */
export interface ProgramPlacement extends Layout { pie: boolean; entry: number; relocations: number }

declare module "../../01-boot/kernel/kernel" {
  interface KernelState {
    /** Each process's program placement, by pid (kept after exit, like the thread). */
    programs: Record<number, ProgramPlacement>;
  }
}

// @snippet relocate
/**
 * The bytes of segment `i` as they must be in memory at `base`: the file's
 * bytes with every RELATIVE relocation that falls inside them applied
 * (x86-64 psABI R_X86_64_RELATIVE and AAELF64 R_AARCH64_RELATIVE: B + A,
 * the load base plus the addend, as a 64-bit little-endian word).
 */
export function segmentBytes(img: ProgramImage, file: Uint8Array, i: number, base: number): Uint8Array {
  const s = img.segments[i];
  const bytes = file.slice(s.offset, s.offset + s.filesz);
  const dv = new DataView(bytes.buffer);
  for (const r of img.relatives) {
    if (r.offset < s.vaddr || r.offset + 8 > s.vaddr + s.filesz) continue;
    // @exercise apply-relocation 2 "Write base + r.addend as a 64-bit little-endian word at the relocation's place in `bytes` (r.offset is a link-time address; `bytes` starts at s.vaddr)."
    dv.setBigUint64(r.offset - s.vaddr, BigInt(base + r.addend), true);
    // @end apply-relocation
  }
  return bytes;
}
// @end relocate

// @snippet load-elf
/** Load `file` into the (new, empty) address space of `pid`. Throws ProgramError for a bad program. */
export function loadProgram(kn: Kernel, pid: number, file: Uint8Array, argv: string[]): LoadedProgram {
  const img = readProgram(file, kn.arch);
  const layout = chooseLayout(kn, img.high - img.low, img.pie ? undefined : { low: img.low, high: img.high });
  const base = layout.base;
  img.segments.forEach((s, i) => {
    if (s.memsz === 0) return;
    addRegion(kn, pid, { start: base + s.vaddr, size: s.memsz, r: s.perms.r || s.perms.x, w: s.perms.w, x: s.perms.x,
      kind: s.perms.x ? "code" : "data", name: s.perms.x ? "code" : s.perms.w ? "data" : "rodata" });
    writeSpace(kn, pid, base + s.vaddr, segmentBytes(img, file, i, base));
  });
  // A relocation in the bss part (past a segment's file bytes) is legal, if odd.
  for (const r of img.relatives) {
    if (img.segments.some((s) => r.offset >= s.vaddr && r.offset + 8 <= s.vaddr + s.filesz)) continue;
    const word = new Uint8Array(8);
    new DataView(word.buffer).setBigUint64(0, BigInt(base + r.addend), true);
    writeSpace(kn, pid, base + r.offset, word);
  }
  addStack(kn, pid, layout.stackTop, STACK_SIZE);
  const stack = buildUserStack(argv, layout.stackTop);
  writeSpace(kn, pid, stack.sp, stack.bytes);
  return { entry: base + img.entry, sp: stack.sp, layout, image: img };
}
// @end load-elf

// @snippet spawn-paged
/** The `spawn` hook of chapter 02: a program in its own address space. argv is [module] or [module, arg]. */
export function spawnProgram(kn: Kernel, module: string, arg: string): number {
  const mod = kn.state.boot.modules.find((m) => m.name === module);
  if (mod === undefined) throw new ProgramError(`no boot module named '${module}'`);
  const file = kn.k.readBytes(mod.pa, mod.size);
  const argv = arg === "" ? [module] : [module, arg];
  const tid = kn.state.nextTid;
  createSpace(kn, tid);
  let p: LoadedProgram;
  try {
    p = loadProgram(kn, tid, file, argv);
    startHeap(kn, tid, p.layout.heapStart, Math.min(p.layout.heapStart + BRK_MAX, p.layout.stackTop - STACK_SIZE - 4096));
  } catch (err) {
    destroySpace(kn, tid);                                   // every frame it took goes back
    if (err instanceof AddressSpaceError || err instanceof OutOfMemory) throw new ProgramError(err.message);
    throw err;                                               // ProgramError, or a kernel bug
  }
  kn.state.nextTid++;
  // argc and argv are also in the first two argument registers (crt0 reads the stack).
  const t: Thread = { tid, name: module, status: "runnable", exitStatus: null,
    context: kn.hal.newContext(BigInt(p.entry), BigInt(p.sp), [BigInt(argv.length), BigInt(p.sp + 8)]) };
  kn.state.threads.push(t);
  kn.state.images[tid] = [];
  kn.state.programs[tid] = { ...p.layout, pie: p.image.pie, entry: p.entry, relocations: p.image.relatives.length };
  const hex = (v: number) => "0x" + v.toString(16);
  logEvent(kn, "info", `spawn ${module}: pid ${tid}, ${p.image.pie ? `PIE at ${hex(p.layout.base)}` : "fixed addresses"}, entry ${hex(p.entry)}, ` +
    `${p.image.relatives.length} relocations, heap ${hex(p.layout.heapStart)}, stack top ${hex(p.layout.stackTop)}`, tid);
  return tid;
}
// @end spawn-paged

/** Chapter 02's loader in the kernel: called at the end of chapter 02's install (index.ts). */
export function installProgram(b: KernelBuilder): void {
  b.initState((s) => { s.aslr = null; s.programs = {}; initBrkState(s); });
  b.wrap("spawn", () => spawnProgram);
  b.wrap("threadExit", (earlier) => (kn, tid, status) => {
    earlier(kn, tid, status);
    const pid = pidOf(kn, tid);
    if (!processAlive(kn, pid)) forgetHeap(kn, pid);
  });
  b.syscall(SYS_BRK, "brk", sysBrk);
  b.inspect("programs", (kn) => ({ placement: kn.state.programs, heaps: kn.state.heaps }));
}
