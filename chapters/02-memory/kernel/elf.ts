// Reading a program the kernel is asked to run: an ELF64 executable
// (System V gABI, "ELF Header", "Program Header", "Dynamic Section"). The
// kernel trusts nothing in it: every field is checked before anything is
// mapped, and a bad file is refused with a message that names the problem,
// never a kernel exception. The kernel keeps its own small reader (a kernel
// does not link the toolchain); it needs only the program headers and, for a
// static PIE, the RELATIVE relocations found through PT_DYNAMIC.

import type { Arch } from "../../../machine/core/cpu";
import { ProgramError } from "../../01-boot/kernel/program-error";

// Chapter 01's: the program cannot be loaded, and the message says why (it is reported, the program skipped).
export { ProgramError };

export interface Perms { r: boolean; w: boolean; x: boolean }

/** One PT_LOAD: `filesz` bytes from `offset` in the file, then zeros (bss) up to `memsz`. */
export interface LoadSegment { vaddr: number; memsz: number; offset: number; filesz: number; perms: Perms }

export interface ProgramImage {
  /** ET_EXEC (fixed addresses) or ET_DYN (a static PIE: linked at 0, moved by the loader). */
  pie: boolean;
  entry: number;
  segments: LoadSegment[];
  /** Link-time addresses to patch with base + addend (R_*_RELATIVE), in file order. */
  relatives: { offset: number; addend: number }[];
  /** Lowest and end (exclusive, page rounded) link-time address of the segments. */
  low: number;
  high: number;
}

const PAGE = 4096;
const EM: Record<Arch, number> = { x86_64: 62, arm64: 183 };          // e_machine: EM_X86_64, EM_AARCH64
const RELATIVE: Record<Arch, number> = { x86_64: 8, arm64: 1027 };    // R_X86_64_RELATIVE, R_AARCH64_RELATIVE
const ET_EXEC = 2, ET_DYN = 3, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3;
const PF_X = 1, PF_W = 2, PF_R = 4;
const DT_NULL = 0, DT_RELA = 7, DT_RELASZ = 8, DT_RELAENT = 9;
/** A linker makes 2 to 5; the limit keeps the checks below (pairs of segments) cheap for any file. */
const MAX_SEGMENTS = 64;
/** The highest user address any program may use (the user half is 2^47 on both arches here). */
export const USER_TOP = 2 ** 47;

/**
 * Check and describe an executable. The rules, each a refusal:
 * ident (magic, 64-bit, little-endian), this arch's machine, type EXEC or
 * DYN, program headers inside the file, no interpreter (static only),
 * segments inside the file and inside the user half, no segment both
 * writable and executable (W^X), a PIE's relocations all RELATIVE and
 * inside a writable segment.
 */
export function readProgram(b: Uint8Array, arch: Arch): ProgramImage {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 64 || b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46) throw new ProgramError("not an ELF file (no \\x7fELF magic)");
  if (b[4] !== 2 || b[5] !== 1) throw new ProgramError("not a 64-bit little-endian ELF file");
  if (b[6] !== 1) throw new ProgramError(`ELF version ${b[6]} (EI_VERSION must be 1, EV_CURRENT)`);
  const machine = dv.getUint16(18, true);
  if (machine !== EM[arch]) throw new ProgramError(`built for machine ${machine}, not ${arch} (${EM[arch]})`);
  const type = dv.getUint16(16, true);
  if (type !== ET_EXEC && type !== ET_DYN) throw new ProgramError(`not an executable (ELF type ${type}; a .o must be linked first)`);
  const phoff = num(dv, 32), phentsize = dv.getUint16(54, true), phnum = dv.getUint16(56, true);
  if (phentsize !== 56 || phnum === 0 || phoff + phnum * 56 > b.length) throw new ProgramError("program headers lie outside the file");

  const segments: LoadSegment[] = [];
  let dynamic: { offset: number; size: number } | null = null;
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * 56;
    const ptype = dv.getUint32(o, true), flags = dv.getUint32(o + 4, true);
    const offset = num(dv, o + 8), vaddr = num(dv, o + 16), filesz = num(dv, o + 32), memsz = num(dv, o + 40);
    if (ptype === PT_INTERP) throw new ProgramError("dynamically linked (has an interpreter); MinOS runs static programs");
    if (ptype === PT_DYNAMIC) dynamic = { offset, size: filesz };
    if (ptype !== PT_LOAD) continue;
    const perms = { r: (flags & PF_R) !== 0, w: (flags & PF_W) !== 0, x: (flags & PF_X) !== 0 };
    const where = `segment ${i} at 0x${vaddr.toString(16)}`;
    if (perms.w && perms.x) throw new ProgramError(`${where} is both writable and executable (W^X: refused)`);
    if (filesz > memsz || offset + filesz > b.length) throw new ProgramError(`${where} lies outside the file`);
    if (vaddr % PAGE !== offset % PAGE) throw new ProgramError(`${where}: address and file offset differ modulo the page size`);
    if (vaddr + memsz > USER_TOP) throw new ProgramError(`${where} reaches past the user half (0x${USER_TOP.toString(16)})`);
    segments.push({ vaddr, memsz, offset, filesz, perms });
  }
  if (segments.length === 0) throw new ProgramError("no loadable segments");
  if (segments.length > MAX_SEGMENTS) throw new ProgramError(`${segments.length} loadable segments (at most ${MAX_SEGMENTS})`);
  const low = Math.min(...segments.map((s) => s.vaddr)) & ~(PAGE - 1);
  const high = Math.ceil(Math.max(...segments.map((s) => s.vaddr + s.memsz)) / PAGE) * PAGE;
  if (type === ET_EXEC && low < PAGE) throw new ProgramError("a segment maps page 0 (null pointers must fault)");
  const entry = num(dv, 24);
  if (!segments.some((s) => s.perms.x && entry >= s.vaddr && entry < s.vaddr + s.memsz)) throw new ProgramError(`entry point 0x${entry.toString(16)} is not in an executable segment`);
  for (let i = 0; i < segments.length; i++) for (let j = i + 1; j < segments.length; j++) {
    const a = segments[i], c = segments[j];
    if (pageOf(a.vaddr) < pageEnd(c.vaddr + c.memsz) && pageOf(c.vaddr) < pageEnd(a.vaddr + a.memsz)) throw new ProgramError(`segments ${i} and ${j} share a page (their permissions would mix)`);
  }
  const relatives = type === ET_DYN && dynamic ? readRelatives(b, dv, dynamic, segments, arch) : [];
  return { pie: type === ET_DYN, entry, segments, relatives, low, high };
}

/** The RELATIVE relocations a static PIE lists in its DT_RELA table. */
function readRelatives(b: Uint8Array, dv: DataView, dyn: { offset: number; size: number }, segs: LoadSegment[], arch: Arch): { offset: number; addend: number }[] {
  if (dyn.offset + dyn.size > b.length) throw new ProgramError("the dynamic section lies outside the file");
  let rela = -1, relasz = 0, relaent = 24;
  for (let o = dyn.offset; o + 16 <= dyn.offset + dyn.size; o += 16) {
    const tag = num(dv, o), val = num(dv, o + 8);
    if (tag === DT_NULL) break;
    if (tag === DT_RELA) rela = val; else if (tag === DT_RELASZ) relasz = val; else if (tag === DT_RELAENT) relaent = val;
  }
  if (rela < 0 || relasz === 0) return [];
  if (relaent !== 24) throw new ProgramError(`DT_RELAENT is ${relaent}, not 24`);
  // DT_RELA is an address: find it in the file through the segment that holds it.
  const seg = segs.find((s) => rela >= s.vaddr && rela + relasz <= s.vaddr + s.filesz);
  if (!seg) throw new ProgramError("the relocation table is not inside a loaded segment");
  const at = seg.offset + (rela - seg.vaddr);
  const out: { offset: number; addend: number }[] = [];
  for (let o = at; o < at + relasz; o += 24) {
    const offset = num(dv, o), type = dv.getUint32(o + 8, true), addend = num(dv, o + 16);
    if (type === 0) continue;                                 // R_*_NONE: nothing to do
    if (type !== RELATIVE[arch]) throw new ProgramError(`relocation type ${type} at 0x${offset.toString(16)}: a static PIE has only RELATIVE ones`);
    if (!segs.some((s) => s.perms.w && offset >= s.vaddr && offset + 8 <= s.vaddr + s.memsz)) throw new ProgramError(`relocation at 0x${offset.toString(16)} is not in writable data`);
    out.push({ offset, addend });
  }
  return out;
}

/** A 64-bit field as a number; anything past 2^53 is nonsense in a user program and refused. */
function num(dv: DataView, o: number): number {
  const v = dv.getBigUint64(o, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProgramError(`field at file offset ${o} is out of range (0x${v.toString(16)})`);
  return Number(v);
}

const pageOf = (a: number) => Math.floor(a / PAGE);
const pageEnd = (a: number) => Math.ceil(a / PAGE);
