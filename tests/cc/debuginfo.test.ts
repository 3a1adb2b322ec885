// Debug information: a program built entirely by MinOS's toolchain (our
// compiler's .loc lines, our assembler's DWARF, our linker keeping it) shows
// its C source lines in binutils' objdump -l, on both arches.
import { describe, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "../../toolchain/cc/driver";
import { oracleIt } from "../oracles";

const SRC = `int square(int x) {
  int y = x * x;
  return y;
}

int main(void) {
  int total = 0;
  for (int i = 0; i < 3; i++)
    total += square(i);
  return total;
}
`;

describe("DWARF line information", () => {
  for (const [arch, objdump, readelf] of [["x86_64", "objdump", "readelf"], ["arm64", "aarch64-linux-gnu-objdump", "aarch64-linux-gnu-readelf"]] as const) {
    oracleIt([objdump, readelf])(`${arch}: objdump -l maps the code back to the C lines`, () => {
      const b = build([{ name: "lines.c", text: SRC }], { arch, linux: true });
      expect(b.ok).toBe(true);
      const file = path.join(mkdtempSync(path.join(tmpdir(), "minos-dbg-")), "lines");
      writeFileSync(file, b.exe!);
      const listing = execFileSync(objdump, ["-dl", file], { encoding: "utf8" });
      const lines = (fn: string) => {
        const body = listing.slice(listing.indexOf(`<${fn}>:`));
        return [...body.slice(0, body.indexOf("\n\n")).matchAll(/^lines\.c:(\d+)/gm)].map((m) => Number(m[1]));
      };
      expect(lines("square")).toEqual([1, 2, 3]);
      expect(lines("main")).toEqual([6, 7, 8, 9, 8, 10]);
      const dump = execFileSync(readelf, ["--debug-dump=info,decodedline", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      expect(dump).toContain("DW_TAG_compile_unit");
      expect(dump).toContain("DW_AT_name        : lines.c");
    });
  }
});
