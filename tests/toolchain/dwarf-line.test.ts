// The DWARF line table against binutils' reader: an object holding our
// .debug_line must decode (readelf --debug-dump=decodedline) to exactly the
// rows we encoded, on both arches, after relocation by a real linker too.
import { describe, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encodeLineTable, type LineRow } from "../../toolchain/elf/dwarf-line";
import { ObjectWriter } from "../../toolchain/elf/object";
import * as E from "../../toolchain/elf/constants";
import { oracleIt } from "../oracles";

function objectWith(machine: number, rows: LineRow[], code: Uint8Array): Uint8Array {
  const w = new ObjectWriter(machine);
  const text = w.addSection({ name: ".text", type: E.SHT_PROGBITS, flags: E.SHF_ALLOC | E.SHF_EXECINSTR, align: 16, data: code });
  const table = encodeLineTable([{ name: "prog.c", dir: 1 }, { name: "util.h", dir: 1 }], ["/build", "src"], [{ rows, codeSize: code.length }]);
  const line = w.addSection({ name: ".debug_line", type: E.SHT_PROGBITS, flags: 0, align: 1, data: table.bytes });
  const sym = w.sectionSymbol(text);
  for (const at of table.addressRelocs) w.addReloc(line, { offset: at, type: machine === E.EM_X86_64 ? E.R_X86_64_64 : E.R_AARCH64_ABS64, symbol: sym, addend: 0n });
  return w.build();
}

const ROWS: LineRow[] = [
  { address: 0, file: 1, line: 3, column: 1 }, { address: 4, file: 1, line: 4, column: 5 },
  { address: 12, file: 1, line: 4, column: 12 }, { address: 16, file: 2, line: 40, column: 3 },
  { address: 40, file: 1, line: 2, column: 1 }, { address: 44, file: 1, line: 300, column: 9 },
  { address: 1000, file: 1, line: 301, column: 1 },
];

describe("DWARF .debug_line", () => {
  for (const [arch, machine, readelf] of [["x86_64", E.EM_X86_64, "readelf"], ["arm64", E.EM_AARCH64, "aarch64-linux-gnu-readelf"]] as const) {
    oracleIt([readelf])(`${arch}: readelf decodes our rows exactly (DWARF 4, 6.2)`, () => {
      const dir = mkdtempSync(path.join(tmpdir(), "minos-dwarf-"));
      writeFileSync(`${dir}/t.o`, objectWith(machine, ROWS, new Uint8Array(1024)));
      const out = execFileSync(readelf, ["--debug-dump=decodedline", `${dir}/t.o`], { encoding: "utf8" });
      // Rows look like: "prog.c        4        0x4        x" (file, line, address, stmt); address 0 prints as plain 0
      const got = [...out.matchAll(/^(\S+\.[ch])\s+(\d+)\s+(0x[0-9a-f]+|0)\s/gm)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
      expect(got).toEqual(ROWS.map((r) => [r.file === 1 ? "prog.c" : "util.h", r.line, r.address]));
      expect(out).toContain("src/prog.c");
    });
  }
});
