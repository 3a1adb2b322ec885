// Reading the Multiboot2 boot information (Multiboot2 Specification 2.0,
// section 3.6 "Boot information format"): how a PC boot loader tells the
// kernel what it found. The structure is a u32 total_size, a u32 reserved,
// then tags, each starting on an 8-byte boundary:
//
//   u32 type | u32 size (header + payload, not the padding) | payload ...
//
// and a tag of type 0, size 8, ends the list. We read it straight from
// physical memory (paging is off: the address in EBX is the address), check
// every size against total_size, and turn the tags we know into BootInfo.

import type { KernelMode } from "../../../../machine/kernel-mode";
import type { BootInfo, DeviceInfo, MemoryRegion } from "./bootinfo";
import { carve } from "./memmap";

/** Tag types we read (multiboot2.h MULTIBOOT_TAG_TYPE_*). */
const TAG = { end: 0, cmdline: 1, loaderName: 2, module: 3, mmap: 6, loadBase: 21 } as const;
/** Memory map entry type 1 is available RAM (3.6.8); every other type is not ours to use. */
const MB2_AVAILABLE = 1;

/** A C string of at most `max` bytes at `pa`. */
function cString(k: KernelMode, pa: number, max: number): string {
  let s = "";
  for (let i = 0; i < max; i++) {
    const c = Number(k.read(pa + i, 1));
    if (c === 0) return s;
    s += String.fromCharCode(c);
  }
  throw new Error(`multiboot2: string at 0x${pa.toString(16)} has no terminating NUL`);
}

// @snippet mb2-mmap-tag
/**
 * Tag 6, the memory map (3.6.8): u32 entry_size, u32 entry_version, then
 * entries of entry_size bytes: u64 base_addr, u64 length, u32 type, u32
 * reserved. Step by entry_size, not by 24: a later version may grow entries.
 */
export function readMmapTag(k: KernelMode, tag: number, size: number): MemoryRegion[] {
  const out: MemoryRegion[] = [];
  const entrySize = Number(k.read(tag + 8, 4));
  if (entrySize < 24) throw new Error(`multiboot2: memory map entry_size ${entrySize} is smaller than an entry (24)`);
  for (let e = tag + 16; e + entrySize <= tag + size; e += entrySize) {
    const base = Number(k.read(e, 8)), length = Number(k.read(e + 8, 8)), type = Number(k.read(e + 16, 4));
    if (length === 0) continue;
    out.push({ base, size: length, type: type === MB2_AVAILABLE ? "usable" : "reserved" });
  }
  return out.sort((a, b) => a.base - b.base);
}
// @end mb2-mmap-tag

/**
 * A PC's fixed devices. A real kernel finds most of them in the ACPI tables
 * (the MADT names the APICs); this board has none, so the HAL's
 * well-known PC addresses are the description (machine/firmware/boards.ts).
 */
const PC_DEVICES: DeviceInfo[] = [
  { kind: "uart", model: "ns16550a", base: 0, size: 8, port: 0x3f8, irq: 4 },
  { kind: "intc", model: "intel,ioapic", base: 0xfec00000, size: 0x1000, irq: -1 },
  { kind: "intc", model: "intel,lapic", base: 0xfee00000, size: 0x1000, irq: -1 },
  { kind: "timer", model: "intel,lapic-timer", base: 0xfee00000, size: 0x1000, irq: 32 },
  { kind: "power", model: "isa-debug-exit", base: 0, size: 1, port: 0x501, irq: -1 },
];

// @snippet mb2-parse
/** Parse the Multiboot2 information at `pa` into BootInfo (memory map with the image, modules and the structure itself marked). */
export function parseMultiboot2(k: KernelMode, pa: number): BootInfo {
  if (pa % 8 !== 0) throw new Error(`multiboot2: the information at 0x${pa.toString(16)} is not 8-byte aligned (3.3)`);
  const total = Number(k.read(pa, 4));
  if (total < 16 || total > 1 << 20) throw new Error(`multiboot2: total_size ${total} is not plausible`);
  const info: BootInfo = { format: "multiboot2", memory: [], devices: PC_DEVICES.map((d) => ({ ...d })), modules: [], cmdline: "",
    image: { pa: 0, size: 0 }, info: { pa, size: total } };
  let loadBase = -1;
  for (let at = pa + 8; ;) {
    if (at + 8 > pa + total) throw new Error("multiboot2: no end tag before total_size");
    const type = Number(k.read(at, 4)), size = Number(k.read(at + 4, 4));
    if (size < 8 || at + size > pa + total) throw new Error(`multiboot2: tag ${type} at 0x${at.toString(16)} has size ${size}, past the end`);
    if (type === TAG.end) break;
    if (type === TAG.cmdline) info.cmdline = cString(k, at + 8, size - 8);
    else if (type === TAG.module) {
      const start = Number(k.read(at + 8, 4)), end = Number(k.read(at + 12, 4));
      info.modules.push({ name: cString(k, at + 16, size - 16), pa: start, size: end - start });
    } else if (type === TAG.mmap) info.memory = readMmapTag(k, at, size);
    else if (type === TAG.loadBase) loadBase = Number(k.read(at + 8, 4));
    at = (at + size + 7) & ~7;                               // the next tag starts 8-aligned
  }
  if (info.memory.length === 0) throw new Error("multiboot2: no memory map tag (6): the kernel cannot know its RAM");
  if (loadBase >= 0) info.image = { pa: loadBase, size: imageSize(k, loadBase) };
  info.memory = markTaken(info);
  return info;
}
// @end mb2-parse

/** The signed image's length from its header (machine/firmware/README.md): 64 + manifest + payload + signature. */
function imageSize(k: KernelMode, pa: number): number {
  const magic = String.fromCharCode(...k.readBytes(pa, 8));
  if (magic !== "MINOSIMG") throw new Error(`multiboot2: no kernel image header at the load base 0x${pa.toString(16)}`);
  return 64 + Number(k.read(pa + 0x10, 4)) + Number(k.read(pa + 0x14, 4)) + Number(k.read(pa + 0x18, 4));
}

/** Mark the image, the modules and the boot information inside the usable RAM. */
export function markTaken(b: BootInfo): MemoryRegion[] {
  let m = b.memory;
  if (b.image.size > 0) m = carve(m, b.image.pa, b.image.size, "kernel");
  for (const mod of b.modules) m = carve(m, mod.pa, mod.size, "module");
  return carve(m, b.info.pa, b.info.size, "bootinfo");
}
