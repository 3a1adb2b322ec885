// Our ar writer against GNU ar (binutils): `ar t` lists the members in
// order, long names included, and `ar p` gives back each member's bytes;
// our own reader agrees. libc is linked from such an archive, so only the
// members a program needs end up in it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it as vit } from "vitest";
import { readArchive, writeArchive } from "../../toolchain/ld/archive";
import { build } from "../../toolchain/cc/driver";
import { readElf, readSymbols } from "../../toolchain/elf/read";
import { oracleIt } from "../oracles";

const it = oracleIt(["ar"]);
const members = [
  { name: "a.o", data: new Uint8Array([1, 2, 3]) },
  { name: "a-rather-long-member-name.o", data: new Uint8Array([4, 5, 6, 7]) },
  { name: "b.o", data: new Uint8Array(0) },
];

describe("ar archives we write", () => {
  it("GNU ar lists and extracts them", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "minos-ar-"));
    const file = path.join(dir, "t.a");
    writeFileSync(file, writeArchive(members));
    expect(execFileSync("ar", ["t", file], { encoding: "utf8" }).trim().split("\n")).toEqual(members.map((m) => m.name));
    for (const m of members) expect(new Uint8Array(execFileSync("ar", ["p", file, m.name]))).toEqual(m.data);
  });

  vit("our reader reads them back", () => {
    expect(readArchive(writeArchive(members), "t.a")).toEqual(members);
  });

  vit("a program links only the libc members it uses", () => {
    const r = build([{ name: "p.c", text: "int yield(void) { return 7; }\nint main(void) { return yield(); }\n" }], { arch: "x86_64", linux: false });
    expect(r.messages).toEqual([]);                           // its own yield: libc's (minos.o) is not pulled in
    const syms = readSymbols(readElf(r.exe!)).map((s) => s.name);
    expect(syms.filter((n) => n === "yield")).toHaveLength(1);
    expect(syms).not.toContain("spawn");                       // the rest of minos.o stayed out
    expect(syms).not.toContain("thread_create");
  });
});
