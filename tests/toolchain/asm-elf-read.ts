// A minimal ELF64 relocatable-object reader for tests: enough to compare our
// objects with GNU as's field by field (sections, symbols, relocations),
// ignoring only what legitimately differs (order of sections and symbols,
// file offsets).

export interface RSection { name: string; type: number; flags: number; size: number; align: number; entsize: number; bytes: number[] }
export interface RSymbol { name: string; value: bigint; size: bigint; type: number; bind: number; vis: number; section: string }
export interface RReloc { section: string; offset: bigint; type: number; symbol: string; addend: bigint }

export function readObject(obj: Uint8Array) {
  const v = new DataView(obj.buffer, obj.byteOffset, obj.byteLength);
  const shoff = Number(v.getBigUint64(40, true));
  const shnum = v.getUint16(60, true);
  const shstrndx = v.getUint16(62, true);
  const hdr = (i: number) => {
    const o = shoff + i * 64;
    return {
      name: v.getUint32(o, true), type: v.getUint32(o + 4, true), flags: Number(v.getBigUint64(o + 8, true)),
      offset: Number(v.getBigUint64(o + 24, true)), size: Number(v.getBigUint64(o + 32, true)),
      link: v.getUint32(o + 40, true), info: v.getUint32(o + 44, true), align: Number(v.getBigUint64(o + 48, true)),
      entsize: Number(v.getBigUint64(o + 56, true)),
    };
  };
  const hs = Array.from({ length: shnum }, (_, i) => hdr(i));
  const str = (sec: number, off: number) => {
    let e = hs[sec].offset + off;
    let s = "";
    while (obj[e] !== 0) s += String.fromCharCode(obj[e++]);
    return s;
  };
  const secName = (i: number) => str(shstrndx, hs[i].name);
  const sections: RSection[] = [];
  const symbols: RSymbol[] = [];
  const relocs: RReloc[] = [];
  const symtabIdx = hs.findIndex((h) => h.type === 2);
  const symAt = (k: number) => {
    const h = hs[symtabIdx];
    const o = h.offset + k * 24;
    const shndx = v.getUint16(o + 6, true);
    const info = v.getUint8(o + 4);
    const section = shndx === 0 ? "UND" : shndx === 0xfff1 ? "ABS" : shndx === 0xfff2 ? "COM" : secName(shndx);
    const name = (info & 15) === 3 ? section : str(h.link, v.getUint32(o, true));
    return { name, value: v.getBigUint64(o + 8, true), size: v.getBigUint64(o + 16, true), type: info & 15, bind: info >> 4,
      vis: v.getUint8(o + 5), section };
  };
  hs.forEach((h, i) => {
    if (i === 0) return;
    const name = secName(i);
    if (h.type === 4) {
      for (let o = h.offset; o < h.offset + h.size; o += 24) {
        const info = v.getBigUint64(o + 8, true);
        relocs.push({ section: secName(h.info), offset: v.getBigUint64(o, true), type: Number(info & 0xffffffffn),
          symbol: symAt(Number(info >> 32n)).name, addend: v.getBigInt64(o + 16, true) });
      }
      return;
    }
    if (h.type === 2) {
      for (let k = 1; k < h.size / 24; k++) symbols.push(symAt(k));
      if (h.info !== 1 + Array.from({ length: h.size / 24 - 1 }, (_, k) => symAt(k + 1)).filter((s) => s.bind === 0).length)
        throw new Error("symtab sh_info is not the first global index");
      return;
    }
    if (h.type === 3) return;
    sections.push({ name, type: h.type, flags: h.flags, size: h.size, align: h.align, entsize: h.entsize,
      bytes: h.type === 8 ? [] : Array.from(obj.subarray(h.offset, h.offset + h.size)) });
  });
  const key = (x: object) => JSON.stringify(x, (_, val) => typeof val === "bigint" ? val.toString() : val);
  return {
    sections: sections.sort((a, b) => a.name.localeCompare(b.name)),
    symbols: symbols.map(key).sort(),
    relocs: relocs.map(key).sort(),
  };
}
