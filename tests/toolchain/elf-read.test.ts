// The ELF reader against readelf (binutils), and its errors on bad files.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { ElfError, readElf, readSymbols } from "../../toolchain/elf/read";
import { oracleIt } from "../oracles";

const FILES = { x86_64: "bench/workloads/integer-x86_64.elf", arm64: "bench/workloads/integer-arm64.elf" } as const;

describe("readElf", () => {
  for (const [arch, file] of Object.entries(FILES)) {
    oracleIt(["readelf"])(`${arch}: header, segments, sections and symbols agree with readelf -W`, () => {
      const elf = readElf(new Uint8Array(readFileSync(file)));
      expect(elf.machine).toBe(arch);
      const h = execFileSync("readelf", ["-hW", file], { encoding: "utf8" });
      expect(`0x${elf.entry.toString(16)}`).toBe(h.match(/Entry point address:\s+(\S+)/)![1]);
      // Program headers: "  LOAD 0x000000 0x0000000000400000 0x... 0x0001c8 0x0001c8 R   0x1000"
      const ph = execFileSync("readelf", ["-lW", file], { encoding: "utf8" });
      const rows = [...ph.matchAll(/^\s+(LOAD|GNU_STACK|NOTE|TLS|GNU_PROPERTY)\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x[0-9a-f]+ 0x([0-9a-f]+) 0x([0-9a-f]+)/gm)];
      expect(rows.length).toBe(elf.programHeaders.length);
      rows.forEach((r, i) => {
        const p = elf.programHeaders[i];
        expect([p.offset, p.vaddr, p.filesz, p.memsz]).toEqual([parseInt(r[2], 16), BigInt(`0x${r[3]}`), parseInt(r[4], 16), parseInt(r[5], 16)]);
      });
      const sh = execFileSync("readelf", ["-SW", file], { encoding: "utf8" });
      // "  [ 1] .text  PROGBITS  0000000000401000 001000 0002f1 ..." (row [0] has no name)
      const secs = [...sh.matchAll(/^\s+\[\s*([1-9]\d*)\]\s+(\S+)\s+\S+\s+([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)/gm)];
      expect(secs.map((s) => [s[2], BigInt(`0x${s[3]}`), parseInt(s[4], 16), parseInt(s[5], 16)]))
        .toEqual(elf.sections.slice(1).map((s) => [s.name, s.addr, s.offset, s.size]));
      const syms = readSymbols(elf);
      const main = syms.find((s) => s.name === "main")!;
      const nm = execFileSync("readelf", ["-sW", file], { encoding: "utf8" });
      expect(`${main.value.toString(16).padStart(16, "0")}`).toBe(nm.match(/:\s+([0-9a-f]{16})\s+\d+\s+FUNC\s+GLOBAL\s+DEFAULT\s+\d+\s+main$/m)![1]);
    });
  }

  it("explains what is wrong with a bad file", () => {
    const good = new Uint8Array(readFileSync(FILES.x86_64));
    const bad = (patch: (b: Uint8Array) => Uint8Array) => () => readElf(patch(good.slice()), "prog");
    expect(bad(() => new TextEncoder().encode("#!/bin/sh\necho hi\n"))).toThrow(/prog is not an ELF file/);
    expect(bad((b) => { b[4] = 1; return b; })).toThrow(/32-bit ELF/);
    expect(bad((b) => { b[5] = 2; return b; })).toThrow(/big-endian/);
    expect(bad((b) => { b[18] = 3; b[19] = 0; return b; })).toThrow(/machine type 3, not x86_64/);
    expect(bad((b) => b.subarray(0, 200))).toThrow(ElfError);
    expect(bad((b) => b.subarray(0, 200))).toThrow(/truncated or corrupt/);
  });
});
