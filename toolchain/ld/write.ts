// Writing the linked executable (ET_EXEC). The file mirrors memory: each
// segment's bytes sit at file offset (vaddr - base), so offsets and addresses
// agree modulo the page size as the gABI requires of PT_LOAD, and the first
// page holds the ELF header and the program headers (its own R segment).
// A static PIE (link.ts `pie`) is ET_DYN with its .rela.dyn and .dynamic at
// the end of the read-only segment and a PT_DYNAMIC program header.
// Section headers (.text, .rodata, .data, .bss, .symtab, .strtab, .shstrtab)
// are for tools: objdump, gdb and the MinOS debugger read symbols from them.

import * as E from "../elf/constants";
import { StrTab } from "../elf/strtab";
import type { Kind } from "./link";

export interface OutSegment { kind: Kind; vaddr: number; memsz: number; bytes: Uint8Array }
export interface OutSymbol { name: string; value: number; size: number; type: number; local: boolean }

/** A non-loaded section kept for debuggers (.debug_line, .debug_info, ...). */
export interface DebugSection { name: string; bytes: Uint8Array }

/** Where a static PIE's relocation table and dynamic section are (both inside the read-only segment). */
export interface DynamicInfo { relaAddr: number; relaSize: number; dynAddr: number; dynSize: number }

export interface ExecImage { machine: number; base: number; entry: number; segments: OutSegment[]; debug: DebugSection[]; symbols: OutSymbol[]; dynamic?: DynamicInfo }

const FLAGS: Record<Kind, number> = { text: E.PF_R | E.PF_X, rodata: E.PF_R, data: E.PF_R | E.PF_W, bss: E.PF_R | E.PF_W, debug: 0 };
const SEC_FLAGS: Record<Kind, number> = {
  text: E.SHF_ALLOC | E.SHF_EXECINSTR, rodata: E.SHF_ALLOC, data: E.SHF_ALLOC | E.SHF_WRITE, bss: E.SHF_ALLOC | E.SHF_WRITE, debug: 0,
};

interface OutSection { name: string; type: number; flags: number; addr: number; offset: number; size: number; link?: number; info?: number; align: number; entsize?: number }

export function writeExecutable(img: ExecImage): Uint8Array {
  const dyn = img.dynamic;
  const phnum = img.segments.length + 2 + (dyn ? 1 : 0);    // + headers segment + PT_GNU_STACK (+ PT_DYNAMIC)
  const headerSize = E.EHDR_SIZE + phnum * E.PHDR_SIZE;
  if (headerSize > 0x1000) throw new Error("too many segments for the header page");

  // Output sections, in address order; bss is the tail of a data segment past its file bytes.
  const sections: OutSection[] = [];
  for (const seg of img.segments) {
    const off = seg.vaddr - img.base;
    const holdsDyn = dyn !== undefined && dyn.relaAddr >= seg.vaddr && dyn.relaAddr <= seg.vaddr + seg.bytes.length;
    const plain = holdsDyn ? dyn.relaAddr - seg.vaddr : seg.bytes.length;
    if (seg.kind !== "bss" && plain > 0) sections.push({ name: "." + seg.kind, type: E.SHT_PROGBITS, flags: SEC_FLAGS[seg.kind], addr: seg.vaddr, offset: off, size: plain, align: 16 });
    if (holdsDyn) {
      // .dynamic's sh_link names the string table its entries use; a static PIE's hold no strings, so it is .strtab's (set below).
      sections.push({ name: ".rela.dyn", type: E.SHT_RELA, flags: E.SHF_ALLOC, addr: dyn.relaAddr, offset: dyn.relaAddr - img.base, size: dyn.relaSize, align: 8, entsize: E.RELA_SIZE });
      sections.push({ name: ".dynamic", type: E.SHT_DYNAMIC, flags: E.SHF_ALLOC, addr: dyn.dynAddr, offset: dyn.dynAddr - img.base, size: dyn.dynSize, align: 8, entsize: E.DYN_SIZE });
    }
    if (seg.memsz > seg.bytes.length) {
      const a = seg.vaddr + seg.bytes.length;
      sections.push({ name: ".bss", type: E.SHT_NOBITS, flags: SEC_FLAGS.bss, addr: a, offset: a - img.base, size: seg.memsz - seg.bytes.length, align: 16 });
    }
  }
  const last = img.segments[img.segments.length - 1];
  let fileEnd = last ? last.vaddr - img.base + last.bytes.length : headerSize;
  // Debug sections follow the loaded bytes in the file; they have no address.
  const debugAt: number[] = [];
  for (const d of img.debug) {
    debugAt.push(fileEnd);
    sections.push({ name: d.name, type: E.SHT_PROGBITS, flags: 0, addr: 0, offset: fileEnd, size: d.bytes.length, align: 1 });
    fileEnd += d.bytes.length;
  }

  // Symbol table: null symbol, locals, then globals (gABI: sh_info = first global).
  const strtab = new StrTab();
  const syms = [...img.symbols].sort((a, b) => Number(b.local) - Number(a.local));
  const symtab = new Uint8Array((syms.length + 1) * E.SYM_SIZE);
  const sv = new DataView(symtab.buffer);
  syms.forEach((s, i) => {
    const o = (i + 1) * E.SYM_SIZE;
    const idx = sections.findIndex((x) => x.flags !== 0 && s.value >= x.addr && s.value < x.addr + Math.max(1, x.size));
    sv.setUint32(o, strtab.add(s.name), true);
    symtab[o + 4] = ((s.local ? E.STB_LOCAL : E.STB_GLOBAL) << 4) | (s.type & 15);
    sv.setUint16(o + 6, idx < 0 ? E.SHN_ABS : idx + 1, true);
    sv.setBigUint64(o + 8, BigInt(s.value), true);
    sv.setBigUint64(o + 16, BigInt(s.size), true);
  });
  const firstGlobal = syms.findIndex((s) => !s.local);
  const strBytes = strtab.bytes();
  fileEnd = align(fileEnd, 8);
  const symOff = fileEnd, strOff = symOff + symtab.length;
  const before = sections.length;            // .symtab, .strtab and .shstrtab come last
  for (const s of sections) if (s.type === E.SHT_DYNAMIC) s.link = before + 2;
  sections.push({ name: ".symtab", type: E.SHT_SYMTAB, flags: 0, addr: 0, offset: symOff, size: symtab.length, link: before + 2, info: firstGlobal < 0 ? syms.length + 1 : firstGlobal + 1, align: 8, entsize: E.SYM_SIZE });
  sections.push({ name: ".strtab", type: E.SHT_STRTAB, flags: 0, addr: 0, offset: strOff, size: strBytes.length, align: 1 });
  const shstr = new StrTab();
  const shNames = sections.map((s) => shstr.add(s.name));
  const shstrName = shstr.add(".shstrtab");
  const shstrBytes = shstr.bytes();
  const shstrOff = strOff + strBytes.length;
  sections.push({ name: ".shstrtab", type: E.SHT_STRTAB, flags: 0, addr: 0, offset: shstrOff, size: shstrBytes.length, align: 1 });
  shNames.push(shstrName);
  const shoff = align(shstrOff + shstrBytes.length, 8);
  const total = shoff + (sections.length + 1) * E.SHDR_SIZE;

  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, E.ELFCLASS64, E.ELFDATA2LSB, E.EV_CURRENT, E.ELFOSABI_SYSV]);
  dv.setUint16(16, dyn ? E.ET_DYN : E.ET_EXEC, true);
  dv.setUint16(18, img.machine, true);
  dv.setUint32(20, E.EV_CURRENT, true);
  dv.setBigUint64(24, BigInt(img.entry), true);
  dv.setBigUint64(32, BigInt(E.EHDR_SIZE), true);
  dv.setBigUint64(40, BigInt(shoff), true);
  dv.setUint16(52, E.EHDR_SIZE, true);
  dv.setUint16(54, E.PHDR_SIZE, true);
  dv.setUint16(56, phnum, true);
  dv.setUint16(58, E.SHDR_SIZE, true);
  dv.setUint16(60, sections.length + 1, true);
  dv.setUint16(62, sections.length, true);               // .shstrtab is the last section

  let ph = E.EHDR_SIZE;
  const phdr = (type: number, flags: number, offset: number, vaddr: number, filesz: number, memsz: number, alignment: number) => {
    dv.setUint32(ph, type, true); dv.setUint32(ph + 4, flags, true);
    dv.setBigUint64(ph + 8, BigInt(offset), true); dv.setBigUint64(ph + 16, BigInt(vaddr), true);
    dv.setBigUint64(ph + 24, BigInt(vaddr), true); dv.setBigUint64(ph + 32, BigInt(filesz), true);
    dv.setBigUint64(ph + 40, BigInt(memsz), true); dv.setBigUint64(ph + 48, BigInt(alignment), true);
    ph += E.PHDR_SIZE;
  };
  phdr(E.PT_LOAD, E.PF_R, 0, img.base, headerSize, headerSize, 0x1000);
  for (const seg of img.segments) {
    phdr(E.PT_LOAD, FLAGS[seg.kind], seg.vaddr - img.base, seg.vaddr, seg.bytes.length, seg.memsz, 0x1000);
    out.set(seg.bytes, seg.vaddr - img.base);
  }
  if (dyn) phdr(E.PT_DYNAMIC, E.PF_R, dyn.dynAddr - img.base, dyn.dynAddr, dyn.dynSize, dyn.dynSize, 8);
  phdr(E.PT_GNU_STACK, E.PF_R | E.PF_W, 0, 0, 0, 0, 16);   // the stack is not executable

  img.debug.forEach((d, i) => out.set(d.bytes, debugAt[i]));
  out.set(symtab, symOff);
  out.set(strBytes, strOff);
  out.set(shstrBytes, shstrOff);
  sections.forEach((s, i) => {
    const o = shoff + (i + 1) * E.SHDR_SIZE;
    dv.setUint32(o, shNames[i], true); dv.setUint32(o + 4, s.type, true);
    dv.setBigUint64(o + 8, BigInt(s.flags), true); dv.setBigUint64(o + 16, BigInt(s.addr), true);
    dv.setBigUint64(o + 24, BigInt(s.offset), true); dv.setBigUint64(o + 32, BigInt(s.size), true);
    dv.setUint32(o + 40, s.link ?? 0, true); dv.setUint32(o + 44, s.info ?? 0, true);
    dv.setBigUint64(o + 48, BigInt(s.align), true); dv.setBigUint64(o + 56, BigInt(s.entsize ?? 0), true);
  });
  return out;
}

function align(v: number, a: number): number {
  return Math.ceil(v / a) * a;
}
