// ELF64 relocatable object writer (ET_REL): the file an assembler hands to a
// linker. Layout (System V gABI, "Object Files"):
//
//   ELF header | section contents ... | .symtab | .strtab | .rela.* | .shstrtab | section headers
//
// The rules a linker checks, and that this writer enforces:
//  - section header 0 is the null section; symbol 0 is the null symbol;
//  - in .symtab every LOCAL symbol comes before every GLOBAL/WEAK one, and
//    .symtab's sh_info is the index of the first non-local symbol;
//  - a .rela.X section has sh_link = .symtab and sh_info = X (SHF_INFO_LINK);
//  - every section's file offset is a multiple of its sh_addralign.
// Both assemblers and, later, the C compiler build objects through this API.

import {
  ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV, ET_REL, EHDR_SIZE, SHDR_SIZE, SYM_SIZE, RELA_SIZE,
  SHT_SYMTAB, SHT_STRTAB, SHT_RELA, SHT_NOBITS, SHF_INFO_LINK, SHN_UNDEF, SHN_ABS, SHN_COMMON,
  STB_LOCAL, STT_FILE, STT_SECTION, STV_DEFAULT,
} from "./constants";
import { StrTab } from "./strtab";

export interface ObjSection {
  name: string;
  type: number;        // SHT_PROGBITS, SHT_NOBITS, ...
  flags: number;       // SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR ...
  align: number;       // power of two, >= 1
  entsize?: number;
  data: Uint8Array;    // contents (empty for SHT_NOBITS)
  size?: number;       // SHT_NOBITS only: the size it occupies in memory
  relocs: ObjReloc[];
}

export interface ObjReloc {
  offset: number;      // in the section
  type: number;        // R_X86_64_* / R_AARCH64_*
  symbol: number;      // index returned by addSymbol (0 = none)
  addend: bigint;
}

/** Where a symbol lives: a section index (from addSection), or one of these. */
export type SymbolSection = number | "undef" | "abs" | "common";

export interface ObjSymbol {
  name: string;
  value: bigint;       // offset in its section (alignment for "common")
  size: bigint;
  bind: number;        // STB_LOCAL / STB_GLOBAL / STB_WEAK
  type: number;        // STT_NOTYPE / STT_FUNC / STT_OBJECT / STT_SECTION / STT_FILE
  section: SymbolSection;
  visibility?: number; // STV_DEFAULT unless set
}

export class ObjectWriter {
  readonly sections: ObjSection[] = [];
  readonly symbols: ObjSymbol[] = [];
  private sectionSym = new Map<number, number>();

  constructor(readonly machine: number) {}

  /** Add a section; returns its index for symbols (1-based, as in the file). */
  addSection(s: Omit<ObjSection, "relocs"> & { relocs?: ObjReloc[] }): number {
    this.sections.push({ ...s, relocs: s.relocs ?? [] });
    return this.sections.length;
  }

  /** Add a symbol; returns a handle for relocations (not its final index: the
   *  writer moves locals first when it builds the table). Handles start at 1. */
  addSymbol(sym: ObjSymbol): number {
    this.symbols.push(sym);
    return this.symbols.length;
  }

  /** The STT_SECTION symbol of a section (created on first use): relocations
   *  against local labels point here, with the label's offset in the addend. */
  sectionSymbol(section: number): number {
    let h = this.sectionSym.get(section);
    if (h === undefined) {
      h = this.addSymbol({ name: "", value: 0n, size: 0n, bind: STB_LOCAL, type: STT_SECTION, section });
      this.sectionSym.set(section, h);
    }
    return h;
  }

  addReloc(section: number, r: ObjReloc): void {
    this.sections[section - 1].relocs.push(r);
  }

  /** Serialise the whole object file. */
  build(): Uint8Array {
    // Symbol order: null, section symbols (by section), other locals, then globals.
    const handles = this.symbols.map((_, i) => i + 1);
    const rank = (h: number) => {
      const s = this.symbols[h - 1];
      if (s.bind !== STB_LOCAL) return 2;
      return s.type === STT_FILE ? -1 : s.type === STT_SECTION ? 0 : 1;   // FILE first, as gas and readelf expect
    };
    handles.sort((a, b) => rank(a) - rank(b) ||
      (rank(a) === 0 ? (this.symbols[a - 1].section as number) - (this.symbols[b - 1].section as number) : a - b));
    const finalIndex = new Map<number, number>();
    handles.forEach((h, i) => finalIndex.set(h, i + 1));
    const firstGlobal = 1 + handles.filter((h) => rank(h) < 2).length;

    const strtab = new StrTab();
    const shstrtab = new StrTab();
    // Section header order, as gas writes it: each section followed by its
    // .rela section, then .symtab, .strtab, .shstrtab.
    const relaSecs = this.sections.map((s, i) => ({ s, i: i + 1 })).filter((x) => x.s.relocs.length > 0);
    const headerIdx = new Map<number, number>();   // section handle -> header index
    let next = 1;
    for (let i = 1; i <= this.sections.length; i++) {
      headerIdx.set(i, next++);
      if (this.sections[i - 1].relocs.length) next++;
    }
    // An object with no symbols at all has no .symtab/.strtab (gas omits them too).
    const noSymtab = this.symbols.length === 0 && relaSecs.length === 0;
    const symtabIdx = next;
    const strtabIdx = symtabIdx + 1;
    const shstrIdx = noSymtab ? symtabIdx : symtabIdx + 2;
    const shnum = shstrIdx + 1;

    const symtab = new Uint8Array((handles.length + 1) * SYM_SIZE);
    const sv = new DataView(symtab.buffer);
    handles.forEach((h, i) => {
      const s = this.symbols[h - 1];
      const o = (i + 1) * SYM_SIZE;
      const shndx = s.section === "undef" ? SHN_UNDEF : s.section === "abs" ? SHN_ABS
        : s.section === "common" ? SHN_COMMON : headerIdx.get(s.section)!;
      sv.setUint32(o, s.type === STT_SECTION ? 0 : strtab.add(s.name), true);
      sv.setUint8(o + 4, (s.bind << 4) | (s.type & 15));
      sv.setUint8(o + 5, s.visibility ?? STV_DEFAULT);
      sv.setUint16(o + 6, shndx, true);
      sv.setBigUint64(o + 8, BigInt.asUintN(64, s.value), true);
      sv.setBigUint64(o + 16, BigInt.asUintN(64, s.size), true);
    });

    const relaData = relaSecs.map(({ s }) => {
      const b = new Uint8Array(s.relocs.length * RELA_SIZE);
      const v = new DataView(b.buffer);
      s.relocs.forEach((r, k) => {
        const sym = r.symbol === 0 ? 0 : finalIndex.get(r.symbol);
        if (sym === undefined) throw new Error(`ObjectWriter: relocation against unknown symbol handle ${r.symbol}`);
        v.setBigUint64(k * RELA_SIZE, BigInt(r.offset), true);
        v.setBigUint64(k * RELA_SIZE + 8, (BigInt(sym) << 32n) | BigInt(r.type >>> 0), true);
        v.setBigInt64(k * RELA_SIZE + 16, BigInt.asIntN(64, r.addend), true);
      });
      return b;
    });

    // Section headers, described before layout: name, type, flags, data, align, link, info, entsize.
    interface Hdr { name: number; type: number; flags: number; data: Uint8Array; size: number;
      align: number; link: number; info: number; entsize: number; offset: number }
    const hdrs: Hdr[] = [];
    this.sections.forEach((s, i) => {
      hdrs.push({ name: shstrtab.add(s.name), type: s.type, flags: s.flags, data: s.data,
        size: s.type === SHT_NOBITS ? (s.size ?? 0) : s.data.length, align: s.align, link: 0, info: 0,
        entsize: s.entsize ?? 0, offset: 0 });
      const k = relaSecs.findIndex((r) => r.i === i + 1);
      if (k >= 0) {
        hdrs.push({ name: shstrtab.add(".rela" + s.name), type: SHT_RELA, flags: SHF_INFO_LINK, data: relaData[k],
          size: relaData[k].length, align: 8, link: symtabIdx, info: headerIdx.get(i + 1)!, entsize: RELA_SIZE, offset: 0 });
      }
    });
    if (!noSymtab) {
      hdrs.push({ name: shstrtab.add(".symtab"), type: SHT_SYMTAB, flags: 0, data: symtab, size: symtab.length,
        align: 8, link: strtabIdx, info: firstGlobal, entsize: SYM_SIZE, offset: 0 });
      const strBytes = strtab.bytes();
      hdrs.push({ name: shstrtab.add(".strtab"), type: SHT_STRTAB, flags: 0, data: strBytes, size: strBytes.length,
        align: 1, link: 0, info: 0, entsize: 0, offset: 0 });
    }
    const shName = shstrtab.add(".shstrtab");
    const shBytes = shstrtab.bytes();
    hdrs.push({ name: shName, type: SHT_STRTAB, flags: 0, data: shBytes, size: shBytes.length,
      align: 1, link: 0, info: 0, entsize: 0, offset: 0 });

    // Layout: contents in header order, each at its alignment.
    let off = EHDR_SIZE;
    for (const h of hdrs) {
      const a = Math.max(1, h.align);
      off = Math.ceil(off / a) * a;
      h.offset = off;
      if (h.type !== SHT_NOBITS) off += h.data.length;
    }
    const shoff = Math.ceil(off / 8) * 8;
    const out = new Uint8Array(shoff + shnum * SHDR_SIZE);
    const v = new DataView(out.buffer);
    // ELF header (gABI "ELF Header").
    out.set([0x7f, 0x45, 0x4c, 0x46, ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV]);
    v.setUint16(16, ET_REL, true);
    v.setUint16(18, this.machine, true);
    v.setUint32(20, EV_CURRENT, true);
    v.setBigUint64(40, BigInt(shoff), true);
    v.setUint16(52, EHDR_SIZE, true);
    v.setUint16(58, SHDR_SIZE, true);
    v.setUint16(60, shnum, true);
    v.setUint16(62, shstrIdx, true);
    hdrs.forEach((h, k) => {
      if (h.type !== SHT_NOBITS) out.set(h.data, h.offset);
      const o = shoff + (k + 1) * SHDR_SIZE;
      v.setUint32(o, h.name, true);
      v.setUint32(o + 4, h.type, true);
      v.setBigUint64(o + 8, BigInt(h.flags), true);
      v.setBigUint64(o + 24, BigInt(h.offset), true);
      v.setBigUint64(o + 32, BigInt(h.size), true);
      v.setUint32(o + 40, h.link, true);
      v.setUint32(o + 44, h.info, true);
      v.setBigUint64(o + 48, BigInt(h.align), true);
      v.setBigUint64(o + 56, BigInt(h.entsize), true);
    });
    return out;
  }
}
