// Bad input gives `file:line:col: error: message` lines (the format gcc and
// gas use, so editors can jump to them) — several per run, sorted by line,
// never a JavaScript stack trace. No oracle needed: these are our messages.

import { describe, expect, it } from "vitest";
import { assemble, formatError } from "../../toolchain/asm/assemble";
import { generate } from "./asm-x86_64-gen";

function errorsOf(src: string): string[] {
  const r = assemble(".intel_syntax noprefix\n" + src, { arch: "x86_64", file: "bad.s" });
  expect(r.object.length).toBe(0);
  return r.errors.map(formatError);
}

describe("assembler error messages", () => {
  it("report every bad line with line and column", () => {
    expect(errorsOf([
      "  movx eax, 1",
      "  mov eax, rbx",
      "  jmp 1f",
      "  movl $1, %eax",
      "  mov al, 300",
      "  mov [rax], 1",
      "  .foo 1",
      "x: nop",
      "x: nop",
      "  add eax, [rax+rbx*3]",
      "  lea rax, rbx",
      "  .byte 1 +",
      "  .att_syntax",
      "  mov eax, DWORD PTR [eax]",
      "  push eax",
      "  mov ah, sil",
    ].join("\n"))).toEqual([
      "bad.s:2:3: error: unknown instruction 'movx' (did you mean 'mov'?)",
      "bad.s:3:12: error: operand size mismatch for 'mov': DWORD and QWORD",
      "bad.s:4:7: error: undefined local label '1f'",
      "bad.s:5:3: error: AT&T syntax is not supported: write Intel syntax (`.intel_syntax noprefix`)",
      "bad.s:6:11: error: immediate 300 does not fit the 8-bit operand of 'mov'",
      "bad.s:7:7: error: ambiguous operand size for 'mov': say BYTE/WORD/DWORD/QWORD PTR",
      "bad.s:8:3: error: unknown directive '.foo'",
      "bad.s:10:1: error: symbol 'x' is already defined",
      "bad.s:11:16: error: scale factor of 3 is not 1, 2, 4 or 8",
      "bad.s:12:12: error: the second operand of 'lea' must be a memory operand",
      "bad.s:13:12: error: expression ends too early",
      "bad.s:14:3: error: AT&T syntax is not supported: use `.intel_syntax noprefix`",
      "bad.s:15:23: error: 'eax' is not a 64-bit register: addresses use rax..r15",
      "bad.s:16:8: error: operand size mismatch for 'push': only 64-bit or 16-bit",
      "bad.s:17:3: error: can't encode ah/bh/ch/dh in an instruction requiring a REX prefix",
    ]);
  });

  it("truncated data is a warning (as in gas), with the object still written", () => {
    const r = assemble(".data\n.byte 300, -1, 255, -129\n.short 0x12345\n.long -0x80000001\n", { arch: "x86_64", file: "w.s" });
    expect(r.errors).toEqual([]);
    expect(r.object.length).toBeGreaterThan(0);
    expect(r.warnings.map(formatError)).toEqual([
      "w.s:2:7: warning: value 0x12c truncated to 0x2c",
      "w.s:3:8: warning: value 0x12345 truncated to 0x2345",
    ]);
  });

  it("CFI mistakes", () => {
    expect(errorsOf(".cfi_def_cfa_offset 16\nf: .cfi_startproc\n.cfi_startproc\n.cfi_offset xyz, 8\n.cfi_personality 0, p\n")).toEqual([
      "bad.s:2:1: error: .cfi_def_cfa_offset outside .cfi_startproc/.cfi_endproc",
      "bad.s:4:1: error: .cfi_startproc inside another .cfi_startproc (missing .cfi_endproc?)",
      "bad.s:5:1: error: 'xyz' is not a register (a DWARF number or a name)",
      "bad.s:6:1: error: .cfi_personality is not supported (no C++ exceptions or signal frames here)",
      "bad.s:6:1: error: .cfi_startproc without .cfi_endproc",
    ]);
  });

  it("misspelt and AT&T mnemonics get a hint", () => {
    expect(errorsOf("  syscal\n  pushh rax\n  xyzzy\n  cltq\n  movzbl eax, al")).toEqual([
      "bad.s:2:3: error: unknown instruction 'syscal' (did you mean 'syscall'?)",
      "bad.s:3:3: error: unknown instruction 'pushh' (did you mean 'push'?)",
      "bad.s:4:3: error: unknown instruction 'xyzzy'",
      "bad.s:5:3: error: 'cltq' is an AT&T mnemonic; in Intel syntax write 'cdqe'",
      "bad.s:6:3: error: 'movzbl' is an AT&T mnemonic; in Intel syntax write 'movzx'",
    ]);
  });

  it("AT&T operands are refused even after an Intel mnemonic", () => {
    expect(errorsOf("  mov %eax, %ebx")).toEqual([
      "bad.s:2:7: error: AT&T syntax is not supported: write Intel syntax (`.intel_syntax noprefix`), e.g. `mov eax, 1`",
    ]);
  });

  it("an undefined .L label is an error, not an undefined symbol", () => {
    expect(errorsOf("  jmp .Lnowhere\n  .quad .Lgone")).toEqual([
      "bad.s:2:7: error: undefined local symbol '.Lnowhere'",
      "bad.s:3:9: error: undefined local symbol '.Lgone'",
    ]);
  });

  it("a backward reference to a numeric label that does not exist", () => {
    expect(errorsOf("  jne 3b")).toEqual(["bad.s:2:7: error: undefined local label '3b'"]);
  });

  it("data directive and section mistakes", () => {
    expect(errorsOf([
      '  .ascii "abc',
      "  .bss",
      "  .byte 1",
      '  .section .x,"q"',
      "  .p2align 3,,",
      "  .balign 3",
      "  .long a + b",
    ].join("\n"))).toEqual([
      "bad.s:2:10: error: expected a string in double quotes",
      "bad.s:4:3: error: section '.bss' holds no data (@nobits): only zeros may go there",
      "bad.s:5:15: error: unknown section flag 'q'",
      "bad.s:7:11: error: alignment 3 is not a power of 2",
      "bad.s:8:11: error: invalid operands for '+': only symbol+constant, symbol-constant and symbol-symbol are relocatable",
    ]);
  });

  it("macro mistakes", () => {
    expect(errorsOf([
      ".macro m a",
      "  push \\a",
      ".endm",
      "  m rax, rbx",
      ".rept x",
      "nop",
      ".endr",
      ".endr",
      ".macro loop",
      "  loop",
      ".endm",
      "  loop",
      ".rept 2",
      "  nop",
    ].join("\n"))).toEqual([
      "bad.s:5:1: error: too many arguments for macro 'm' (it takes 1)",
      "bad.s:6:1: error: .rept needs a count from 0 to 100000 (a plain number)",
      "bad.s:9:1: error: '.endr' without a block to close",
      "bad.s:13:1: error: macros nested more than 100 deep (a macro calling itself?)",
      "bad.s:14:1: error: block starting here has no .endr",
    ]);
  });

  it("mangled lines never crash the assembler (3000 seeded mutations)", () => {
    const lines = generate();
    let seed = 12345;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const chars = "[]+-*,:.#;$%\"'()0123456789abcxyzPTR rip ";
    const bits = [".byte", ".section", ".align", ".equ x,", ".globl", "1:", "jmp 1f", ".ascii \"", ".quad a-b", "x = ",
      ".p2align", ".comm", ".type", ".size", "mov", "OFFSET", "fs:", "QWORD PTR", ".rept 2\n", ".macro m a\n", ".endr\n", "\\a", ".irp r, a\n"];
    for (let k = 0; k < 3000; k++) {
      let l = rnd(3) ? lines[rnd(lines.length)] : bits[rnd(bits.length)] + " " + lines[rnd(lines.length)];
      for (let j = 1 + rnd(3); j > 0; j--) {
        const p = rnd(l.length + 1), op = rnd(3);
        l = op === 0 ? l.slice(0, p) + chars[rnd(chars.length)] + l.slice(p)
          : op === 1 ? l.slice(0, p) + l.slice(p + 1) : l.slice(0, p) + bits[rnd(bits.length)] + l.slice(p);
      }
      const r = assemble(".intel_syntax noprefix\n" + l + "\n", { arch: "x86_64", file: "f.s" });
      for (const e of r.errors) expect(formatError(e)).toMatch(/^f\.s:\d+:\d+: error: (?!internal)/);
    }
  }, 60_000);
});
