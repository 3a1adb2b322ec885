// A static linker: ELF64 relocatable objects (and ar archives of them) in,
// one ELF64 executable out. The three classic steps:
//
//  1. resolve: every global symbol gets exactly one definition (a second is
//     "multiple definition", none is "undefined reference"); archive members
//     are pulled in only when they define a symbol still undefined;
//  2. lay out: input sections are grouped into text, read-only data, data and
//     bss, each group placed in its own page-aligned segment with its
//     permissions (R+X, R, R+W): W^X from the first program on;
//  3. relocate: every relocation is computed from the final addresses.
//
// No shared libraries, no PLT or GOT: MinOS programs are static. With
// `pie`, the executable is a static PIE (ET_DYN linked at 0, RELATIVE
// relocations for the pointers in its data): see pie.ts.

import * as E from "../elf/constants";
import { ElfError, readElf, readRelocations, readSymbols, type ElfFile, type ElfRela, type ElfSymbol } from "../elf/read";
import { isArchive, readArchive } from "./archive";
import { countAbs64, DYN_ENTRIES, pieVerdict, writeDynamic } from "./pie";
import { applyReloc, RelocError } from "./relocate";
import { writeExecutable, type DebugSection, type OutSegment, type OutSymbol } from "./write";

export type LinkArch = "x86_64" | "arm64";
export type Kind = "text" | "rodata" | "data" | "bss" | "debug";

export interface LinkInput { name: string; bytes: Uint8Array }
export interface LinkOptions {
  arch: LinkArch; entry?: string; base?: number;
  /** A static position-independent executable (ET_DYN at base 0, RELATIVE relocations): -pie. */
  pie?: boolean;
}
export interface LinkResult { elf?: Uint8Array; errors: string[] }

interface InSection { file: InFile; index: number; name: string; kind: Kind; align: number; size: number; data: Uint8Array; relocs: ElfRela[]; addr: number }
interface InFile { name: string; elf: ElfFile; symbols: ElfSymbol[]; sections: Map<number, InSection> }
interface Definition { file: InFile; sym: ElfSymbol; addr: number; weak: boolean }

const PAGE = 0x1000;
const KINDS: Kind[] = ["text", "rodata", "data", "bss"];   // the loaded kinds, in address order
const MACHINE: Record<LinkArch, number> = { x86_64: E.EM_X86_64, arm64: E.EM_AARCH64 };

export function link(inputs: LinkInput[], opts: LinkOptions): LinkResult {
  const errors: string[] = [];
  const entryName = opts.entry ?? "_start";
  const files: InFile[] = [];
  const pending: { member: InFile; defines: Set<string> }[] = [];
  for (const input of inputs) {
    try {
      if (isArchive(input.bytes)) {
        for (const m of readArchive(input.bytes, input.name)) {
          const f = loadObject(`${input.name}(${m.name})`, m.data, opts.arch);
          pending.push({ member: f, defines: new Set(f.symbols.filter(definesGlobal).map((s) => s.name)) });
        }
      } else files.push(loadObject(input.name, input.bytes, opts.arch));
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  if (errors.length) return { errors };

  // Pull archive members in while they define something still undefined.
  for (let changed = true; changed;) {
    changed = false;
    const undef = undefinedGlobals(files, entryName);
    for (let i = 0; i < pending.length; i++) {
      if ([...pending[i].defines].some((n) => undef.has(n))) {
        files.push(pending[i].member);
        pending.splice(i--, 1);
        changed = true;
      }
    }
  }

  const commons = commonSection(files);
  const pie = opts.pie === true;
  const base = pie ? 0 : opts.base ?? 0x400000;
  // A PIE's .rela.dyn and .dynamic close its read-only segment.
  const dynSecs = pie ? pieSections(files, opts.arch) : [];
  const layout = place(files, commons, base, dynSecs);
  const globals = resolveGlobals(files, errors);
  defineLinkerSymbols(globals, files, base, dynSecs);
  if (errors.length) return { errors };
  const relatives: { offset: number; value: bigint }[] = [];

  const addrOf = (f: InFile, symIndex: number, where: string): number | undefined => {
    const s = f.symbols[symIndex];
    if (s.bind === E.STB_LOCAL) return localAddr(f, s);
    const d = globals.get(s.name);
    if (d) return d.addr;
    if (s.bind === E.STB_WEAK) return 0;
    errors.push(`${where}: undefined reference to \`${s.name}'`);
    return undefined;
  };

  for (const f of files) {
    for (const sec of f.sections.values()) {
      if (sec.kind === "bss") continue;
      const view = new DataView(sec.data.buffer, sec.data.byteOffset, sec.data.byteLength);
      for (const r of sec.relocs) {
        const s = addrOf(f, r.symbol, `${f.name}: in ${sec.name}+0x${r.offset.toString(16)}`);
        if (s === undefined) continue;
        if (pie && sec.kind !== "debug") {
          const sym = f.symbols[r.symbol];
          const v = pieVerdict(opts.arch, r.type, isAbsolute(f, sym), sec.kind === "data", sym.name || f.elf.sections[sym.shndx]?.name || "section", sec.name);
          if (v.kind === "error") { errors.push(`${f.name}: in ${sec.name}+0x${r.offset.toString(16)}: ${v.message}`); continue; }
          if (v.kind === "relative") relatives.push({ offset: sec.addr + r.offset, value: BigInt(s) + r.addend });
        }
        try {
          applyReloc(opts.arch, r.type, view, r.offset, BigInt(s) + r.addend, BigInt(sec.addr + r.offset));
        } catch (e) {
          if (!(e instanceof RelocError)) throw e;
          errors.push(`${f.name}: in ${sec.name}+0x${r.offset.toString(16)}: ${e.message} against \`${f.symbols[r.symbol].name || "section"}'`);
        }
      }
    }
  }
  const entry = globals.get(entryName);
  if (!entry) errors.push(`no entry point: nothing defines \`${entryName}'`);
  if (errors.length) return { errors: [...new Set(errors)] };

  const symbols: OutSymbol[] = [...globals.entries()].map(([name, d]) => ({
    name, value: d.addr, size: Number(d.sym.size), type: d.sym.type, local: false,
  }));
  for (const f of files) for (const s of f.symbols) {
    if (s.bind === E.STB_LOCAL && s.name && (s.type === E.STT_FUNC || s.type === E.STT_OBJECT || s.type === E.STT_NOTYPE) && f.sections.has(s.shndx) && f.sections.get(s.shndx)!.kind !== "debug") {
      const a = localAddr(f, s)!;
      symbols.push({ name: s.name, value: a, size: Number(s.size), type: s.type, local: true });
    }
  }
  let dynamic;
  if (pie) {
    const [rela, dyn] = dynSecs;
    writeDynamic(opts.arch, relatives, rela.data, rela.addr, dyn.data);
    dynamic = { relaAddr: rela.addr, relaSize: rela.size, dynAddr: dyn.addr, dynSize: dyn.size };
  }
  return { elf: writeExecutable({ machine: MACHINE[opts.arch], base, entry: entry!.addr, segments: layout.segments, debug: layout.debug, symbols, dynamic }), errors };

  /** Does this symbol's value stay put when the program moves? (absolute, or an undefined weak = 0) */
  function isAbsolute(f: InFile, s: ElfSymbol): boolean {
    if (s.bind === E.STB_LOCAL) return s.shndx === E.SHN_ABS;
    const d = globals.get(s.name);
    return d ? d.sym.shndx === E.SHN_ABS : true;
  }

  function localAddr(f: InFile, s: ElfSymbol): number | undefined {
    if (s.shndx === E.SHN_ABS) return Number(s.value);
    const sec = f.sections.get(s.shndx);
    return sec ? sec.addr + Number(s.value) : undefined;
  }

  function resolveGlobals(fs: InFile[], errs: string[]): Map<string, Definition> {
    const defs = new Map<string, Definition>();
    for (const f of fs) for (const s of f.symbols) {
      if (!definesGlobal(s)) continue;
      const addr = s.shndx === E.SHN_COMMON ? commons.addrOf.get(s.name)! : localAddr(f, s);
      if (addr === undefined) continue;                    // symbol in a discarded section
      const weak = s.bind === E.STB_WEAK || s.shndx === E.SHN_COMMON;
      const old = defs.get(s.name);
      if (old && !old.weak && !weak) { errs.push(`multiple definition of \`${s.name}': ${old.file.name} and ${f.name}`); continue; }
      if (!old || (old.weak && !weak)) defs.set(s.name, { file: f, sym: s, addr, weak });
    }
    return defs;
  }
}

function definesGlobal(s: ElfSymbol): boolean {
  return s.bind !== E.STB_LOCAL && s.shndx !== E.SHN_UNDEF && s.name !== "";
}

function undefinedGlobals(files: InFile[], entry: string): Set<string> {
  const defined = new Set<string>(), used = new Set<string>([entry]);
  for (const f of files) for (const s of f.symbols) {
    if (!s.name || s.bind === E.STB_LOCAL) continue;
    if (s.shndx === E.SHN_UNDEF) used.add(s.name); else defined.add(s.name);
  }
  return new Set([...used].filter((n) => !defined.has(n)));
}

function loadObject(name: string, bytes: Uint8Array, arch: LinkArch): InFile {
  const elf = readElf(bytes, name);
  if (elf.type !== E.ET_REL) throw new ElfError(`${name} is not a relocatable object (.o); link objects, not executables`);
  if (elf.machine !== arch) throw new ElfError(`${name} is for ${elf.machine}, but the link is for ${arch}`);
  const f: InFile = { name, elf, symbols: readSymbols(elf), sections: new Map() };
  elf.sections.forEach((s, index) => {
    // DWARF debug sections are kept (not loaded) so debuggers can read the output.
    const debug = !(s.flags & E.SHF_ALLOC) && s.type === E.SHT_PROGBITS && s.name.startsWith(".debug_");
    if ((!(s.flags & E.SHF_ALLOC) && !debug) || s.size === 0 && s.type !== E.SHT_NOBITS) return;
    if (s.name.startsWith(".note") || s.name === ".eh_frame") return;   // not needed at run time
    const kind: Kind = debug ? "debug" : s.flags & E.SHF_EXECINSTR ? "text" : s.type === E.SHT_NOBITS ? "bss" : s.flags & E.SHF_WRITE ? "data" : "rodata";
    const data = kind === "bss" ? new Uint8Array(0) : elf.bytes.slice(s.offset, s.offset + s.size);
    f.sections.set(index, { file: f, index, name: s.name, kind, align: Math.max(1, s.addralign), size: s.size, data, relocs: [], addr: 0 });
  });
  for (const s of elf.sections) {
    const target = s.type === E.SHT_RELA ? f.sections.get(s.info) : undefined;
    if (target) target.relocs = readRelocations(elf, s);
  }
  return f;
}

/** COMMON symbols (tentative definitions like `int x;` from -fcommon) become bss. */
function commonSection(files: InFile[]): { sec?: InSection; addrOf: Map<string, number>; offsets: Map<string, number> } {
  const offsets = new Map<string, number>();
  let size = 0, align = 1;
  for (const f of files) for (const s of f.symbols) {
    if (s.shndx !== E.SHN_COMMON || offsets.has(s.name)) continue;
    const a = Math.max(1, Number(s.value));
    size = Math.ceil(size / a) * a;
    offsets.set(s.name, size);
    size += s.size;
    align = Math.max(align, a);
  }
  if (size === 0) return { addrOf: new Map(), offsets };
  const dummy = files[0];
  const sec: InSection = { file: dummy, index: -1, name: "COMMON", kind: "bss", align, size, data: new Uint8Array(0), relocs: [], addr: 0 };
  return { sec, addrOf: new Map(), offsets };
}

interface Layout { segments: OutSegment[]; debug: DebugSection[] }

function place(files: InFile[], commons: ReturnType<typeof commonSection>, base: number, extra: InSection[]): Layout {
  const segments: OutSegment[] = [];
  // The first page holds the ELF and program headers (mapped read-only).
  let addr = base + PAGE;
  const all = files.flatMap((f) => [...f.sections.values()]);
  if (commons.sec) all.push(commons.sec);
  all.push(...extra);
  for (const kind of KINDS) {
    if (kind === "bss" && segments.length && segments[segments.length - 1].kind === "data") {
      // bss continues the data segment (same permissions), after its file bytes.
      const seg = segments[segments.length - 1];
      let end = seg.vaddr + seg.memsz;
      for (const s of all.filter((x) => x.kind === "bss")) {
        end = Math.ceil(end / s.align) * s.align;
        s.addr = end;
        end += s.size;
      }
      seg.memsz = end - seg.vaddr;
      continue;
    }
    const secs = all.filter((s) => s.kind === kind);
    if (secs.length === 0) continue;
    const start = addr;
    let end = start;
    for (const s of secs) {
      end = Math.ceil(end / s.align) * s.align;
      s.addr = end;
      end += s.size;
    }
    if (end === start) continue;                     // only empty sections: no segment for them
    const bytes = new Uint8Array(kind === "bss" ? 0 : end - start);
    if (kind !== "bss") for (const s of secs) bytes.set(s.data, s.addr - start);
    segments.push({ kind, vaddr: start, memsz: end - start, bytes });
    addr = Math.ceil(end / PAGE) * PAGE;             // the next segment starts on a fresh page
  }
  for (const [name, off] of commons.offsets) commons.addrOf.set(name, commons.sec!.addr + off);
  const debug = mergeDebug(all.filter((s) => s.kind === "debug"));
  // Section data was copied into segments before relocation; keep them linked:
  // relocations patch the section's own buffer, so re-point each at its slice.
  for (const seg of segments) for (const s of all) {
    if (s.kind === seg.kind && s.kind !== "bss") s.data = seg.bytes.subarray(s.addr - seg.vaddr, s.addr - seg.vaddr + s.size);
  }
  return { segments, debug };
}

/** A PIE's .rela.dyn (room for every 64-bit absolute relocation in data) and .dynamic, as read-only sections. */
function pieSections(files: InFile[], arch: LinkArch): InSection[] {
  const n = countAbs64(arch, files.flatMap((f) => [...f.sections.values()]));
  const mk = (name: string, size: number): InSection =>
    ({ file: files[0], index: -1, name, kind: "rodata", align: 8, size, data: new Uint8Array(size), relocs: [], addr: 0 });
  return [mk(".rela.dyn", n * E.RELA_SIZE), mk(".dynamic", DYN_ENTRIES * E.DYN_SIZE)];
}

/**
 * Symbols the linker defines when a program refers to them (as GNU ld does):
 * `__ehdr_start` (the ELF header, so the program's load address), `_DYNAMIC`,
 * and `__rela_dyn_start`/`__rela_dyn_end` around the RELATIVE relocations
 * (equal when there are none), which libc's start-up code applies under Linux.
 */
function defineLinkerSymbols(globals: Map<string, Definition>, files: InFile[], base: number, dynSecs: InSection[]): void {
  const file = files[0];
  const used = new Set(files.flatMap((f) => f.symbols.filter((s) => s.shndx === E.SHN_UNDEF && s.name).map((s) => s.name)));
  if (!file) return;
  const [rela, dyn] = dynSecs;
  const defs: [string, number][] = [
    ["__ehdr_start", base], ["__rela_dyn_start", rela ? rela.addr : base], ["__rela_dyn_end", rela ? rela.addr + rela.size : base],
  ];
  if (dyn) defs.push(["_DYNAMIC", dyn.addr]);
  for (const [name, addr] of defs) {
    if (globals.has(name) || !used.has(name)) continue;
    const sym: ElfSymbol = { name, value: BigInt(addr), size: 0, bind: E.STB_GLOBAL, type: E.STT_NOTYPE, shndx: 1 };
    globals.set(name, { file, sym, addr, weak: true });
  }
}

/**
 * Debug sections of the same name are concatenated in input order. Their
 * "address" is the offset in the merged section: what a DWARF section offset
 * (DW_AT_stmt_list, the abbrev offset) relocated against them must become.
 */
function mergeDebug(secs: InSection[]): DebugSection[] {
  const names = [...new Set(secs.map((s) => s.name))];
  return names.map((name) => {
    const parts = secs.filter((s) => s.name === name);
    const bytes = new Uint8Array(parts.reduce((n, s) => n + s.size, 0));
    let off = 0;
    for (const s of parts) {
      bytes.set(s.data, off);
      s.addr = off;
      s.data = bytes.subarray(off, off + s.size);
      off += s.size;
    }
    return { name, bytes };
  });
}
