// The system instructions decode and disassemble exactly as GNU objdump
// prints them (assembled by GNU as: both are oracles nobody here wrote).

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { oracleIt } from "../oracles";
import { disassemble } from "../../machine/x86_64";
import { execSections, objdumpInsns } from "./objdump";

const SRC = `
iretq
iretw
sysretq
swapgs
lidt [rax]
lgdt [rbx+8]
invlpg [rax]
invlpg [r12+rcx*8-0x40]
ltr ax
ltr word ptr [rax]
mov cr3, rax
mov rax, cr2
mov cr4, r9
mov r10, cr0
wrmsr
rdmsr
cli
sti
hlt
in al, dx
out dx, eax
in eax, 0x60
out 0x80, al
clts
wbinvd
invpcid rax, [rbx]
invpcid r9, [rip+0x40]
clac
stac
`;

describe("x86_64 system instructions: disassembly", () => {
  oracleIt(["as", "objdump"])("matches objdump -M intel for every system instruction", () => {
    const dir = mkdtempSync(join(tmpdir(), "minos-sysdis-"));
    writeFileSync(join(dir, "s.s"), ".intel_syntax noprefix\n" + SRC);
    execFileSync("as", [join(dir, "s.s"), "-o", join(dir, "s.o")]);
    const ref = objdumpInsns(join(dir, "s.o"));
    const text = execSections(join(dir, "s.o"))[0].bytes;
    let o = 0;
    for (const r of ref) {
      const d = disassemble(text, o, BigInt(o));
      expect({ at: o, text: d.text }).toEqual({ at: Number(r.addr), text: r.text });
      o += d.length;
    }
    expect(o).toBe(text.length);
  });
});
