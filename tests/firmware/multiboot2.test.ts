// The Multiboot2 boot information (Multiboot2 Specification, section 3.6)
// against the specification's own example: its tag walk (chapter "Example
// OS code", kernel.c) over its multiboot2.h structures, compiled by gcc.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildMultiboot2, MB2_BOOTLOADER_MAGIC, Mb2Tag, MemType, writeMultiboot2, type Mb2Info } from "../../machine/firmware/multiboot2";
import { parseMultiboot2 } from "../../machine/firmware/multiboot2-parse";
import { PhysMem } from "../../machine/core/physmem";
import { oracleIt } from "../oracles";
import { run, scratch } from "./tools";

const info: Mb2Info = {
  cmdline: "console=ttyS0 init=/bin/init",
  bootLoaderName: "MinOS firmware",
  modules: [{ start: 0x200000, end: 0x2012a4, string: "initrd" }, { start: 0x202000, end: 0x202001, string: "x" }],
  basicMeminfo: { memLower: 639, memUpper: 31744 },
  memoryMap: [
    { base: 0, length: 0x9fc00, type: MemType.Available },
    { base: 0x9fc00, length: 0x60400, type: MemType.Reserved },
    { base: 0x100000, length: 0x1f00000, type: MemType.Available },
    { base: 0xfec00000, length: 0x1000, type: MemType.Reserved },
  ],
  loadBaseAddr: 0x100000,
};

describe("Multiboot2 boot information (spec 3.6)", () => {
  const b = buildMultiboot2(info);
  const v = new DataView(b.buffer);
  it("uses GRUB's constants", () => {
    expect(MB2_BOOTLOADER_MAGIC).toBe(0x36d76289);   // 3.3: EAX at entry
    expect([Mb2Tag.End, Mb2Tag.Cmdline, Mb2Tag.BootLoaderName, Mb2Tag.Module, Mb2Tag.BasicMeminfo, Mb2Tag.Mmap, Mb2Tag.AcpiOld, Mb2Tag.AcpiNew, Mb2Tag.LoadBaseAddr])
      .toEqual([0, 1, 2, 3, 4, 6, 14, 15, 21]);
    expect(Object.values(MemType)).toEqual([1, 2, 3, 4, 5]);
  });
  it("starts with total_size and a zero reserved field, and ends with the 8-byte end tag", () => {
    expect(v.getUint32(0, true)).toBe(b.length);
    expect(v.getUint32(4, true)).toBe(0);
    expect(v.getUint32(b.length - 8, true)).toBe(0);
    expect(v.getUint32(b.length - 4, true)).toBe(8);
  });
  it("puts each tag on an 8-byte boundary with size excluding padding", () => {
    // 3.6.3 command line: type 1, size 8 + strlen + 1 = 8 + 29
    expect([v.getUint32(8, true), v.getUint32(12, true)]).toEqual([1, 8 + info.cmdline!.length + 1]);
    let at = 8;
    const types: number[] = [];
    for (;;) {
      expect(at % 8).toBe(0);
      const type = v.getUint32(at, true), size = v.getUint32(at + 4, true);
      types.push(type);
      if (type === 0) break;
      at += (size + 7) & ~7;
    }
    expect(types).toEqual([1, 2, 3, 3, 4, 6, 21, 0]);
  });
  it("writes the memory map with entry_size 24 and entry_version 0 (3.6.8)", () => {
    const mm = parseMultiboot2(b);
    expect(mm.memoryMap).toEqual(info.memoryMap);
    expect(mm).toMatchObject({ ...info, otherTags: [] });
  });
  it("writes into RAM at an 8-byte aligned address", () => {
    const mem = new PhysMem(1 << 20);
    const n = writeMultiboot2(mem, 0x9008, info);
    expect(parseMultiboot2(mem.bytes.subarray(0x9008, 0x9008 + n))).toMatchObject(info);
  });
  it("refuses an unaligned address and values that do not fit 32 bits", () => {
    expect(() => writeMultiboot2({ load() {} }, 0x1004, info)).toThrow(/8-byte aligned/);
    expect(() => buildMultiboot2({ loadBaseAddr: 2 ** 32 })).toThrow(/32 bits/);
  });
  it("rejects damaged structures with a message", () => {
    expect(() => parseMultiboot2(b.subarray(0, 12))).toThrow(/too short/);
    const cut = b.slice(0, b.length - 8);
    new DataView(cut.buffer).setUint32(0, cut.length, true);
    expect(() => parseMultiboot2(cut)).toThrow(/no end tag/);
    const big = b.slice();
    new DataView(big.buffer).setUint32(12, 4000, true);
    expect(() => parseMultiboot2(big)).toThrow(/tag type 1 at offset 8 has size 4000/);
  });
});

describe("Multiboot2 against the specification's example kernel (gcc)", () => {
  const tmp = scratch("mb2");
  const gccIt = oracleIt(["gcc"]);
  gccIt("the spec's tag walk reads every field we wrote", () => {
    const exe = tmp.file("walk");
    const c = run("gcc", ["-std=gnu11", "-O1", "-Wall", "-Werror", "-o", exe, path.resolve("tests/firmware/multiboot2-walk.c")]);
    expect(c.status, c.stderr).toBe(0);
    const b = buildMultiboot2(info);
    const r = run(exe, [tmp.file("mbi.bin", b)]);
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout.split("\n")).toEqual([
      `total_size ${b.length} (read ${b.length})`,
      "cmdline console=ttyS0 init=/bin/init",
      "boot_loader_name MinOS firmware",
      "module 0x200000-0x2012a4 initrd",
      "module 0x202000-0x202001 x",
      "mem_lower 639KB mem_upper 31744KB",
      "mmap entry_size 24 entry_version 0",
      " base_addr 0x0 length 0x9fc00 type 0x1",
      " base_addr 0x9fc00 length 0x60400 type 0x2",
      " base_addr 0x100000 length 0x1f00000 type 0x1",
      " base_addr 0xfec00000 length 0x1000 type 0x2",
      "load_base_addr 0x100000",
      `end; walked ${b.length} bytes`,
      "",
    ]);
  });
});
