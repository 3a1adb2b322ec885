// Reading ELF64 files: the header, the program headers a loader needs, and
// the section headers and symbols a debugger or linker needs.
//
// Every check that can fail on a user's file throws ElfError with a message
// that says what is wrong and what to do, never an index-out-of-range.
// Reference: System V gABI, "Object Files" (ELF header, program header,
// sections, symbol table).

import * as E from "./constants";

export class ElfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ElfError";
  }
}

export type ElfMachine = "x86_64" | "arm64";

export interface ProgramHeader {
  type: number; flags: number;
  offset: number; vaddr: bigint; paddr: bigint;
  filesz: number; memsz: number; align: number;
}

export interface SectionHeader {
  name: string; type: number; flags: number;
  addr: bigint; offset: number; size: number;
  link: number; info: number; addralign: number; entsize: number;
}

export interface ElfSymbol {
  name: string; value: bigint; size: number;
  bind: number; type: number; shndx: number;
}

export interface ElfFile {
  bytes: Uint8Array;
  type: number;
  machine: ElfMachine;
  entry: bigint;
  phoff: number;
  phentsize: number;
  programHeaders: ProgramHeader[];
  sections: SectionHeader[];
}

const MACHINES: Record<number, ElfMachine> = { [E.EM_X86_64]: "x86_64", [E.EM_AARCH64]: "arm64" };

/** Parse and validate an ELF64 little-endian file. */
export function readElf(bytes: Uint8Array, what = "the file"): ElfFile {
  if (bytes.length < E.EHDR_SIZE || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError(`${what} is not an ELF file (no \\x7fELF magic); give a program built for x86_64 or arm64`);
  }
  if (bytes[4] !== E.ELFCLASS64) throw new ElfError(`${what} is a 32-bit ELF file; MinOS runs 64-bit programs only (build with -m64 / for aarch64)`);
  if (bytes[5] !== E.ELFDATA2LSB) throw new ElfError(`${what} is big-endian; both MinOS machines are little-endian`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const em = dv.getUint16(18, true);
  const machine = MACHINES[em];
  if (!machine) throw new ElfError(`${what} is for machine type ${em}, not x86_64 (62) or AArch64 (183)`);
  const elf: ElfFile = {
    bytes,
    type: dv.getUint16(16, true),
    machine,
    entry: dv.getBigUint64(24, true),
    phoff: num(dv.getBigUint64(32, true)),
    phentsize: dv.getUint16(54, true),
    programHeaders: [],
    sections: [],
  };
  const shoff = num(dv.getBigUint64(40, true));
  const phnum = dv.getUint16(56, true);
  const shentsize = dv.getUint16(58, true), shnum = dv.getUint16(60, true), shstrndx = dv.getUint16(62, true);

  if (phnum > 0) {
    if (elf.phentsize !== E.PHDR_SIZE) throw new ElfError(`${what}: program header size is ${elf.phentsize}, expected ${E.PHDR_SIZE}; the file is corrupt`);
    inFile(bytes, elf.phoff, phnum * E.PHDR_SIZE, "program header table", what);
    for (let i = 0; i < phnum; i++) {
      const o = elf.phoff + i * E.PHDR_SIZE;
      const ph: ProgramHeader = {
        type: dv.getUint32(o, true), flags: dv.getUint32(o + 4, true),
        offset: num(dv.getBigUint64(o + 8, true)), vaddr: dv.getBigUint64(o + 16, true),
        paddr: dv.getBigUint64(o + 24, true), filesz: num(dv.getBigUint64(o + 32, true)),
        memsz: num(dv.getBigUint64(o + 40, true)), align: num(dv.getBigUint64(o + 48, true)),
      };
      if (ph.type === E.PT_LOAD) {
        // A segment with no file bytes (only .bss) may name any offset; ld puts it past the end.
        if (ph.filesz > 0) inFile(bytes, ph.offset, ph.filesz, `segment ${i}`, what);
        if (ph.filesz > ph.memsz) throw new ElfError(`${what}: segment ${i} has more file bytes (${ph.filesz}) than memory bytes (${ph.memsz}); the file is corrupt`);
      }
      elf.programHeaders.push(ph);
    }
  }

  if (shnum > 0 && shoff !== 0) {
    if (shentsize !== E.SHDR_SIZE) throw new ElfError(`${what}: section header size is ${shentsize}, expected ${E.SHDR_SIZE}; the file is corrupt`);
    inFile(bytes, shoff, shnum * E.SHDR_SIZE, "section header table", what);
    const raw = [];
    for (let i = 0; i < shnum; i++) {
      const o = shoff + i * E.SHDR_SIZE;
      raw.push({
        nameOff: dv.getUint32(o, true), type: dv.getUint32(o + 4, true), flags: num(dv.getBigUint64(o + 8, true)),
        addr: dv.getBigUint64(o + 16, true), offset: num(dv.getBigUint64(o + 24, true)), size: num(dv.getBigUint64(o + 32, true)),
        link: dv.getUint32(o + 40, true), info: dv.getUint32(o + 44, true),
        addralign: num(dv.getBigUint64(o + 48, true)), entsize: num(dv.getBigUint64(o + 56, true)),
      });
    }
    const strtab = shstrndx < raw.length ? raw[shstrndx] : undefined;
    for (const r of raw) {
      if (r.type !== E.SHT_NOBITS && r.type !== E.SHT_NULL) inFile(bytes, r.offset, r.size, `section data`, what);
      const name = strtab ? cstring(bytes, strtab.offset + r.nameOff, strtab.offset + strtab.size) : "";
      elf.sections.push({ name, type: r.type, flags: r.flags, addr: r.addr, offset: r.offset, size: r.size,
        link: r.link, info: r.info, addralign: r.addralign, entsize: r.entsize });
    }
  }
  return elf;
}

/** The symbols of .symtab (or an empty list if the file was stripped). */
export function readSymbols(elf: ElfFile): ElfSymbol[] {
  const symtab = elf.sections.find((s) => s.type === E.SHT_SYMTAB);
  if (!symtab) return [];
  const strtab = elf.sections[symtab.link];
  if (!strtab) throw new ElfError(`.symtab names string table ${symtab.link}, which does not exist; the file is corrupt`);
  const dv = new DataView(elf.bytes.buffer, elf.bytes.byteOffset, elf.bytes.byteLength);
  const out: ElfSymbol[] = [];
  for (let o = symtab.offset; o + E.SYM_SIZE <= symtab.offset + symtab.size; o += E.SYM_SIZE) {
    const info = elf.bytes[o + 4];
    out.push({
      name: cstring(elf.bytes, strtab.offset + dv.getUint32(o, true), strtab.offset + strtab.size),
      bind: info >> 4, type: info & 15, shndx: dv.getUint16(o + 6, true),
      value: dv.getBigUint64(o + 8, true), size: num(dv.getBigUint64(o + 16, true)),
    });
  }
  return out;
}

export function sectionBytes(elf: ElfFile, s: SectionHeader): Uint8Array {
  return elf.bytes.subarray(s.offset, s.offset + s.size);
}

function num(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError(`a size or offset (0x${v.toString(16)}) is too large; the file is corrupt`);
  return Number(v);
}

function inFile(bytes: Uint8Array, off: number, len: number, part: string, what: string): void {
  if (off < 0 || len < 0 || off + len > bytes.length) {
    throw new ElfError(`${what}: the ${part} (offset ${off}, ${len} bytes) runs past the end of the file (${bytes.length} bytes); the file is truncated or corrupt`);
  }
}

function cstring(bytes: Uint8Array, start: number, limit: number): string {
  let end = start;
  while (end < limit && end < bytes.length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(start, end));
}

export interface ElfRela { offset: number; type: number; symbol: number; addend: bigint }

/** The entries of a SHT_RELA section (gABI "Relocation": r_offset, r_info, r_addend). */
export function readRelocations(elf: ElfFile, rela: SectionHeader): ElfRela[] {
  if (rela.type !== E.SHT_RELA) throw new ElfError(`section ${rela.name} is not a RELA section`);
  const dv = new DataView(elf.bytes.buffer, elf.bytes.byteOffset, elf.bytes.byteLength);
  const out: ElfRela[] = [];
  for (let o = rela.offset; o + E.RELA_SIZE <= rela.offset + rela.size; o += E.RELA_SIZE) {
    const info = dv.getBigUint64(o + 8, true);
    out.push({ offset: num(dv.getBigUint64(o, true)), type: Number(info & 0xffffffffn), symbol: Number(info >> 32n), addend: dv.getBigInt64(o + 16, true) });
  }
  return out;
}
