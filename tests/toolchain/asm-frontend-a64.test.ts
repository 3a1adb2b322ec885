// The front-end's per-architecture rules, checked on AArch64 against
// aarch64-linux-gnu-as 2.40: `.align n` means 2^n bytes there (gas manual,
// "AArch64 Dependent Features"), `.word` is 4 bytes, `//` starts a comment,
// code is padded with NOP words, data relocations are R_AARCH64_ABS*/PREL*.
// Sections (contents, flags, alignment) and relocations must match gas's; the
// symbol table is not compared here (gas adds $x/$d mapping symbols and every
// section symbol; that is the A64 backend's choice).

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { assemble, formatError } from "../../toolchain/asm/assemble";
import type { AsmBackend } from "../../toolchain/asm/backend";
import { backendFor } from "../../toolchain/asm/backends";
import { oracleIt } from "../oracles";
import { readObject } from "./asm-elf-read";
import { withTmp } from "./asm-x86_64-gas";

const it = oracleIt(["aarch64-linux-gnu-as"]);

function compareA64(src: string, backend?: AsmBackend) {
  const ref = withTmp((dir) => {
    writeFileSync(join(dir, "a.s"), src);
    execFileSync("aarch64-linux-gnu-as", ["-o", join(dir, "a.o"), join(dir, "a.s")], { stdio: ["ignore", "ignore", "pipe"] });
    return readObject(new Uint8Array(readFileSync(join(dir, "a.o"))));
  });
  const r = assemble(src, { arch: "arm64", file: "a.s", backend });
  expect(r.errors.map(formatError)).toEqual([]);
  const ours = readObject(r.object);
  expect(ours.sections).toEqual(ref.sections);
  expect(ours.relocs).toEqual(ref.relocs);
}

describe("front-end directives on AArch64 vs GNU as", () => {
  it("alignment is a power of two, code padded with NOPs, .word is 4 bytes", () => compareA64(`
    .text                      // a comment
    start: ret
    .align 4                   // 16 bytes
    b start
    .p2align 3
    nop
    .balign 32
    ret
    .data
    .byte 1
    .align 3
    .word 0x11223344, -1
    .hword 7
    .short 8
    .2byte 9
    .quad 0x1122334455667788
    .xword 5
    .asciz "x"                 /* C comment */
    .balign 4, 0xee
    .long 3
  `));
  it(".cfi_* to .eh_frame with A64 parameters (advances count 4-byte units)", () => {
    // AAELF64/DWARF for A64: code alignment 4, data alignment -8, return address x30,
    // CFA = sp+0 at entry; FDE pc_begin is R_AARCH64_PREL32 (261).
    const a64 = backendFor("arm64");
    const backend: AsmBackend = { ...a64, cfi: a64.cfi ?? {
      codeAlign: 4, dataAlign: -8, raReg: 30, initial: [0x0c, 31, 0], initialCfaOffset: 0,
      reg: (n) => n === "sp" ? 31 : /^x\d+$/.test(n) ? Number(n.slice(1)) : undefined, pcrelReloc: 261, sectionType: 1,
    } };
    compareA64(`
    .text
    f:
      .cfi_startproc
      stp x29, x30, [sp, -32]!
      .cfi_def_cfa_offset 32
      .cfi_offset 29, -32
      .cfi_offset 30, -24
      mov x29, sp
      str x19, [sp, 16]
      .cfi_offset 19, -16
      nop
      ldr x19, [sp, 16]
      ldp x29, x30, [sp], 32
      .cfi_restore 30
      .cfi_restore 29
      .cfi_restore 19
      .cfi_def_cfa_offset 0
      ret
      .cfi_endproc
    .section .text.startup,"ax",@progbits
    g:
      .cfi_startproc
      ret
      .cfi_endproc
    `, backend);
  });
  it("data relocations: ABS64, ABS32, PREL32, PREL64, cross-section", () => compareA64(`
    .text
    .globl f
    f: ret
    g: ret
    .data
    d: .quad f, g + 4, ext, d
    .word f, ext + 8
    .word ext - ., g - .
    .quad ext - .
    .section .rodata
    .word d - .
  `));
});
