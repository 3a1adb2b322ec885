// The ELF object writer on its own, as the C compiler will use it: sections,
// symbols added in any order (it must still put locals first and set
// .symtab's sh_info), relocations against globals and section symbols.
// readelf must accept the file; GNU ld must link it; qemu must run it.

import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect } from "vitest";
import {
  EM_X86_64, R_X86_64_PC32, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS, STB_GLOBAL, STB_LOCAL,
  STT_FUNC, STT_NOTYPE, STT_OBJECT,
} from "../../toolchain/elf/constants";
import { ObjectWriter } from "../../toolchain/elf/object";
import { oracleIt } from "../oracles";
import { readObject } from "./asm-elf-read";
import { withTmp } from "./asm-x86_64-gas";

const it = oracleIt(["readelf", "ld", "qemu-x86_64"]);

describe("ELF object writer", () => {
  it("a hand-built object links with GNU ld and runs", () => withTmp((dir) => {
    const w = new ObjectWriter(EM_X86_64);
    // _start: mov edi, DWORD PTR [rip+answer]; mov eax, 60; syscall   (Intel SDM: 8B /r, B8+r, 0F 05)
    const code = Uint8Array.from([0x8b, 0x3d, 0, 0, 0, 0, 0xb8, 60, 0, 0, 0, 0x0f, 0x05]);
    const text = w.addSection({ name: ".text", type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, align: 16, data: code });
    const data = w.addSection({ name: ".data", type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE, align: 4,
      data: Uint8Array.from([0, 0, 0, 0, 42, 0, 0, 0]) });
    w.addSection({ name: ".bss", type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE, align: 8, data: new Uint8Array(0), size: 64 });
    // Globals before locals on purpose: the writer must reorder.
    w.addSymbol({ name: "_start", value: 0n, size: BigInt(code.length), bind: STB_GLOBAL, type: STT_FUNC, section: text });
    const answer = w.addSymbol({ name: "answer", value: 4n, size: 4n, bind: STB_LOCAL, type: STT_OBJECT, section: data });
    w.addSymbol({ name: "unused_local", value: 0n, size: 0n, bind: STB_LOCAL, type: STT_NOTYPE, section: data });
    w.addReloc(text, { offset: 2, type: R_X86_64_PC32, symbol: answer, addend: -4n });
    w.addReloc(text, { offset: 2, type: 0, symbol: w.sectionSymbol(data), addend: 0n }); // R_X86_64_NONE
    const obj = w.build();

    const parsed = readObject(obj);   // throws if sh_info is not the first global
    expect(parsed.symbols.some((s) => s.includes('"_start"'))).toBe(true);
    writeFileSync(join(dir, "o.o"), obj);
    const re = execFileSync("readelf", ["-a", "-W", join(dir, "o.o")], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(re).not.toMatch(/warning|error/i);
    execFileSync("ld", ["-static", "-o", join(dir, "exe"), join(dir, "o.o")]);
    expect(spawnSync("qemu-x86_64", [join(dir, "exe")]).status).toBe(42);
  }));
});
