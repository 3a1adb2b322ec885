// The Multiboot2 boot information structure: how a PC boot loader (GRUB, or
// our firmware) tells the kernel what it found. Multiboot2 Specification
// version 2.0 (document "1.0" of the 2.x series), section 3.6 "Boot
// information format".
//
// At the kernel's entry, EAX holds MB2_BOOTLOADER_MAGIC and EBX the physical
// address of this structure (section 3.3, "Machine state"). The structure is
// 8-byte aligned and is a u32 total_size, a u32 reserved (0), then a list of
// tags. Each tag is a u32 type and a u32 size (the size counts the 8-byte
// tag header and the payload, not the padding after it) and starts at an
// 8-byte boundary. A tag of type 0 and size 8 ends the list. Every field is
// little-endian, as on the x86 that reads it.

import { ByteSink, hex } from "./bytes";

/** EAX at kernel entry: proof that a Multiboot2 loader started us (section 3.3). */
export const MB2_BOOTLOADER_MAGIC = 0x36d76289;
/** The magic of the header a kernel image carries (section 3.1.1); we do not use ELF kernels, but name it. */
export const MB2_HEADER_MAGIC = 0xe85250d6;
/** Every tag, and the structure itself, starts on this boundary (MULTIBOOT_TAG_ALIGN). */
export const MB2_TAG_ALIGN = 8;

/** Tag types, as GRUB's multiboot2.h numbers them (MULTIBOOT_TAG_TYPE_*). */
export const Mb2Tag = {
  End: 0,
  Cmdline: 1,
  BootLoaderName: 2,
  Module: 3,
  BasicMeminfo: 4,
  Bootdev: 5,
  Mmap: 6,
  Vbe: 7,
  Framebuffer: 8,
  ElfSections: 9,
  Apm: 10,
  Efi32: 11,
  Efi64: 12,
  Smbios: 13,
  AcpiOld: 14,
  AcpiNew: 15,
  Network: 16,
  EfiMmap: 17,
  EfiBs: 18,
  Efi32Ih: 19,
  Efi64Ih: 20,
  LoadBaseAddr: 21,
} as const;

/** Memory map entry types (section 3.6.8; MULTIBOOT_MEMORY_*). Anything else is treated as reserved. */
export const MemType = {
  Available: 1,
  Reserved: 2,
  AcpiReclaimable: 3,
  Nvs: 4,
  BadRam: 5,
} as const;
export type MemType = (typeof MemType)[keyof typeof MemType];

/** One memory map entry: [base, base+length) of physical addresses. */
export interface MemRegion { base: number; length: number; type: MemType }

/** A boot module: [start, end) in physical memory (GRUB sets mod_end = start + size) and its string. */
export interface Mb2Module { start: number; end: number; string: string }

/** What the firmware tells the kernel. Absent fields produce no tag. */
export interface Mb2Info {
  cmdline?: string;
  bootLoaderName?: string;
  modules?: Mb2Module[];
  /** KiB of memory from 0 (at most 640) and from 1 MiB up to the first hole (section 3.6.4). */
  basicMeminfo?: { memLower: number; memUpper: number };
  memoryMap?: MemRegion[];
  /** Physical address the kernel image was loaded at (tag 21, section 3.6.15). */
  loadBaseAddr?: number;
}

/** Size of one memory map entry: u64 base_addr, u64 length, u32 type, u32 reserved. */
export const MB2_MMAP_ENTRY_SIZE = 24;

function u32ok(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`multiboot2: ${what} ${v} does not fit in 32 bits`);
  return v;
}

// A tag = header + body, padded to 8. `body` appends the payload; the size
// field is patched afterwards so each tag's writer only writes its fields.
function tag(out: ByteSink, type: number, body: () => void): void {
  out.align(MB2_TAG_ALIGN);
  const start = out.length;
  out.u32le(type);
  out.u32le(0);
  body();
  out.patchU32le(start + 4, out.length - start);
}

/** Encode the boot information structure. The result is placed at an 8-byte aligned physical address. */
export function buildMultiboot2(info: Mb2Info): Uint8Array {
  const out = new ByteSink();
  out.u32le(0);   // total_size, patched below
  out.u32le(0);   // reserved
  if (info.cmdline !== undefined) tag(out, Mb2Tag.Cmdline, () => out.cstring(info.cmdline!));
  if (info.bootLoaderName !== undefined) tag(out, Mb2Tag.BootLoaderName, () => out.cstring(info.bootLoaderName!));
  for (const m of info.modules ?? []) {
    if (m.end < m.start) throw new RangeError(`multiboot2: module "${m.string}" ends (${hex(m.end)}) before it starts (${hex(m.start)})`);
    tag(out, Mb2Tag.Module, () => {
      out.u32le(u32ok(m.start, "mod_start"));
      out.u32le(u32ok(m.end, "mod_end"));
      out.cstring(m.string);
    });
  }
  if (info.basicMeminfo) {
    const { memLower, memUpper } = info.basicMeminfo;
    tag(out, Mb2Tag.BasicMeminfo, () => { out.u32le(u32ok(memLower, "mem_lower")); out.u32le(u32ok(memUpper, "mem_upper")); });
  }
  if (info.memoryMap) {
    const map = info.memoryMap;
    tag(out, Mb2Tag.Mmap, () => {
      out.u32le(MB2_MMAP_ENTRY_SIZE);
      out.u32le(0);   // entry_version
      for (const e of map) {
        out.u64le(BigInt(e.base));
        out.u64le(BigInt(e.length));
        out.u32le(e.type);
        out.u32le(0);
      }
    });
  }
  if (info.loadBaseAddr !== undefined) tag(out, Mb2Tag.LoadBaseAddr, () => out.u32le(u32ok(info.loadBaseAddr!, "load_base_addr")));
  tag(out, Mb2Tag.End, () => {});
  out.patchU32le(0, out.length);
  return out.finish();
}

/** Anything with PhysMem's `load` (a board's RAM, or a test's stand-in). */
export interface RamSink { load(pa: number, data: Uint8Array): void }

/** Build the structure and copy it to `pa` (8-byte aligned); returns its size in bytes. */
export function writeMultiboot2(ram: RamSink, pa: number, info: Mb2Info): number {
  if (pa % MB2_TAG_ALIGN !== 0) throw new RangeError(`multiboot2: boot information at ${hex(pa)} must be 8-byte aligned`);
  const bytes = buildMultiboot2(info);
  ram.load(pa, bytes);
  return bytes.length;
}
