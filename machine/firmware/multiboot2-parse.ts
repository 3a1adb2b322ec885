// A reader for the Multiboot2 boot information structure: the test oracle's
// twin of buildMultiboot2 (the kernel chapter writes its own reader as a
// lesson). Multiboot2 Specification section 3.6. It checks every length
// against the buffer, so a corrupt structure gives a FormatError that says
// which tag is wrong instead of reading garbage.

import { FormatError, readCString } from "./bytes";
import { MB2_MMAP_ENTRY_SIZE, Mb2Tag, type Mb2Info, type MemRegion, type MemType } from "./multiboot2";

/** The parsed tags, plus the types of tags this reader does not decode (in order). */
export interface Mb2Parsed extends Mb2Info { otherTags: number[] }

export function parseMultiboot2(b: Uint8Array): Mb2Parsed {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 16) throw new FormatError(`multiboot2: ${b.length} bytes is too short for a boot information structure`);
  const total = v.getUint32(0, true);
  if (total > b.length || total < 16) throw new FormatError(`multiboot2: total_size ${total} does not fit the ${b.length} bytes given`);
  const info: Mb2Parsed = { otherTags: [] };
  let at = 8;
  for (;;) {
    if (at + 8 > total) throw new FormatError(`multiboot2: no end tag before total_size ${total}`);
    const type = v.getUint32(at, true), size = v.getUint32(at + 4, true);
    const end = at + size;
    if (size < 8 || end > total) throw new FormatError(`multiboot2: tag type ${type} at offset ${at} has size ${size}, past total_size ${total}`);
    if (type === Mb2Tag.End) {
      if (size !== 8) throw new FormatError(`multiboot2: end tag has size ${size}, must be 8`);
      return info;
    }
    readTag(info, b, v, type, at, end);
    at = (end + 7) & ~7;
  }
}

function readTag(info: Mb2Parsed, b: Uint8Array, v: DataView, type: number, at: number, end: number): void {
  const need = (n: number) => {
    if (end - at < n) throw new FormatError(`multiboot2: tag type ${type} at offset ${at} is ${end - at} bytes, needs ${n}`);
  };
  switch (type) {
    case Mb2Tag.Cmdline: info.cmdline = readCString(b, at + 8, end, "multiboot2 command line"); break;
    case Mb2Tag.BootLoaderName: info.bootLoaderName = readCString(b, at + 8, end, "multiboot2 boot loader name"); break;
    case Mb2Tag.Module:
      need(17);
      (info.modules ??= []).push({
        start: v.getUint32(at + 8, true), end: v.getUint32(at + 12, true),
        string: readCString(b, at + 16, end, "multiboot2 module string"),
      });
      break;
    case Mb2Tag.BasicMeminfo:
      need(16);
      info.basicMeminfo = { memLower: v.getUint32(at + 8, true), memUpper: v.getUint32(at + 12, true) };
      break;
    case Mb2Tag.Mmap: info.memoryMap = readMmap(v, at, end); break;
    case Mb2Tag.LoadBaseAddr: need(12); info.loadBaseAddr = v.getUint32(at + 8, true); break;
    default: info.otherTags.push(type);
  }
}

// entry_size lets later versions grow an entry: step by it, read our 24 bytes.
function readMmap(v: DataView, at: number, end: number): MemRegion[] {
  const entrySize = v.getUint32(at + 8, true);
  if (entrySize < MB2_MMAP_ENTRY_SIZE || entrySize % 8 !== 0) throw new FormatError(`multiboot2: memory map entry_size ${entrySize} is invalid`);
  const map: MemRegion[] = [];
  for (let e = at + 16; e + entrySize <= end; e += entrySize) {
    map.push({
      base: Number(v.getBigUint64(e, true)),
      length: Number(v.getBigUint64(e + 8, true)),
      type: v.getUint32(e + 16, true) as MemType,
    });
  }
  return map;
}
