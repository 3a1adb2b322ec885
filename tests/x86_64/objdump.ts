// Test helpers: run GNU objdump on an ELF file and read back each
// instruction of the executable sections, normalised to the form our
// disassembler promises (no `<symbol>` annotations, bare hex targets).

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface RefInsn { addr: bigint; text: string; }

/** Normalise an objdump instruction text: drop `<sym>`, print targets/comments as bare hex. */
export function normalise(text: string): string {
  let t = text.replace(/ <[^>]*>/g, "").replace(/\s+$/, "");
  t = t.replace(/# 0x([0-9a-f]+)$/, "# $1");
  // A branch target with no symbol is printed as 0x...; with a symbol, bare hex.
  t = t.replace(/^((?:(?:bnd|notrack|rex(?:\.[WRXB]+)?|[a-z]s|data16|addr32) )*(?:j[a-z]+|callw?|jrcxz|loop[a-z]*|xbegin)\s+)0x([0-9a-f]+)$/, "$1$2");
  return t;
}

/** Every instruction objdump finds in the executable sections of `file`. */
export function objdumpInsns(file: string, extra: string[] = []): RefInsn[] {
  const out = execFileSync("objdump", ["-d", "-z", "-M", "intel", "--no-show-raw-insn", ...extra, file], {
    encoding: "utf8", maxBuffer: 256 << 20,
  });
  const res: RefInsn[] = [];
  for (const line of out.split("\n")) {
    const m = /^\s*([0-9a-f]+):\t(.*)$/.exec(line);
    if (!m) continue;
    res.push({ addr: BigInt("0x" + m[1]), text: normalise(m[2]) });
  }
  return res;
}

export interface Section { name: string; addr: bigint; bytes: Uint8Array; exec: boolean; }

/** The SHF_ALLOC|SHF_EXECINSTR sections of an ELF64 little-endian file (for relocatable .o: addr 0). */
export function execSections(file: string): Section[] {
  const buf = readFileSync(file);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 2) throw new Error(`${file}: not an ELF64 file`);
  const shoff = Number(dv.getBigUint64(0x28, true));
  const shentsize = dv.getUint16(0x3a, true), shnum = dv.getUint16(0x3c, true), shstrndx = dv.getUint16(0x3e, true);
  const sh = (i: number) => shoff + i * shentsize;
  const strOff = Number(dv.getBigUint64(sh(shstrndx) + 0x18, true));
  const res: Section[] = [];
  for (let i = 0; i < shnum; i++) {
    const b = sh(i);
    const type = dv.getUint32(b + 4, true), flags = Number(dv.getBigUint64(b + 8, true));
    if (type !== 1 || (flags & 4) === 0) continue;   // PROGBITS + EXECINSTR
    let nameEnd = strOff + dv.getUint32(b, true);
    const nameStart = nameEnd;
    while (buf[nameEnd] !== 0) nameEnd++;
    const off = Number(dv.getBigUint64(b + 0x18, true)), size = Number(dv.getBigUint64(b + 0x20, true));
    res.push({
      name: buf.subarray(nameStart, nameEnd).toString(), addr: dv.getBigUint64(b + 0x10, true),
      bytes: new Uint8Array(buf.subarray(off, off + size)), exec: true,
    });
  }
  return res;
}
