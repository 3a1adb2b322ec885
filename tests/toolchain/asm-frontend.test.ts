// The arch-neutral assembler front-end (directives, expressions, labels,
// sections, symbols, relaxation) and the ELF object writer, checked against
// GNU as 2.40: for each program, both objects must have the same sections
// (type, flags, size, alignment, contents), the same symbols and the same
// relocations (gas manual, "Assembler Directives"; System V gABI, "Object
// Files"; x86-64 psABI 4.4 for relocation types). readelf must read ours
// without a warning.

import { describe } from "vitest";
import { oracleIt } from "../oracles";
import { compareWithGas } from "./asm-x86_64-gas";

const it = oracleIt(["as", "objcopy", "nm", "readelf"]);

function sameAsGas(body: string) {
  compareWithGas(".intel_syntax noprefix\n" + body + "\n");
}

const PROGRAMS: Record<string, string> = {
  "data directives and escapes": `
    .data
    .byte 1, 2, 0xff, -1, 'a', '\\n', 0b101, 017
    .short 0x1234, -2
    .word 0xbeef
    .hword 7
    .2byte 8
    .long 0x12345678, -1
    .int 5
    .4byte 6
    .quad 0x123456789abcdef0, -1
    .8byte 9
    .ascii "ab\\tc\\"d\\\\e", "\\x41\\101\\0"
    .asciz "hi\\n"
    .string "str", "two"
    .zero 3
    .skip 2, 0x55
    .space 4
    .fill 3, 2, 0x1234
    .byte 1
    .align 8
    .byte 2
    .balign 4, 0xaa
    .byte 3
    .p2align 4, 0xbb, 3
    .byte 4
    .p2align 3, 0xcc, 7
  `,
  "expressions, .equ/.set/=": `
    .equ A, 10
    .set B, A*3 + (7 % 4) - (1 << 4)
    C = ~0 & 0xff
    D = (A | 5) ^ 3
    .data
    .long A, B, C, D, A / 3, -A >> 1, 100 >> 2
    s: .long e - s, . - s
    e: .quad s + 8
    .equ SIZE, e - s
    .long SIZE
    # gas precedence, not C's: * / % << >> above | & ^ above + - above comparisons above && ||
    .long 1 + 2 << 3, 4 | 1 + 2, 6 & 3 + 8, 8 - 2 * 3, 2 * 3 << 1, 1 << 2 * 3, 5 ^ 1 | 2, 12 / 2 % 4
    .long 1 == 1, 2 < 3, 3 <= 2, 4 != 4, 5 <> 6, 1 && 2, 0 || 0, !0, !5, 1 + 2 == 3, 7 > 1 + 8, (1 < 2) + 5
  `,
  "sections, flags, .bss, .comm, push/pop": `
    .section .rodata
    ro: .long 1
    .section .rodata.str1.1,"aMS",@progbits,1
    msg: .string "hello"
    .section .mydata,"aw",@progbits
    md: .quad ro
    .section .note.GNU-stack,"",@progbits
    .bss
    buf: .zero 64
    .align 16
    buf2: .skip 10
    .comm common_var, 8, 8
    .lcomm lbuf, 32
    .text
    .pushsection .data
    pd: .long 2
    .popsection
    ret
    .section .data
    .long 3
    .previous
    nop
  `,
  "symbols: globl, weak, local, type, size, hidden, file": `
    .file "t.c"
    .text
    .globl main
    .type main, @function
    main:
      call helper
      call ext
      ret
    .size main, .-main
    .weak wk
    wk: ret
    .hidden hid
    .globl hid
    hid: ret
    helper: ret
    .data
    .globl gv
    .type gv, @object
    .size gv, 8
    gv: .quad main, wk, ext2
    lv: .long hid - .
  `,
  "relaxation: forward/backward branches at the rel8 edge": `
    .text
    top:
      jmp fwd
      je fwd2
      .fill 120, 1, 0x90
    fwd: jne top
      .fill 127, 1, 0x90
    fwd2: jmp top
      jmp 1f
      .fill 125, 1, 0x90
    1: jl 1b
      jg 2f
      .fill 200, 1, 0x90
    2: ret
      loop 2b
  `,
  "relocations: rip-relative, absolute, cross-section": `
    .text
    .globl f
    f:
      mov eax, DWORD PTR [rip+counter]
      lea rdi, [rip+msg]
      mov rsi, OFFSET msg
      mov esi, OFFSET msg+4
      movabs rax, OFFSET msg
      mov QWORD PTR [rip+counter], 5
      add DWORD PTR counter[rip], 100000
      cmp BYTE PTR [rip+ext], 1
      mov eax, DWORD PTR [rbx*4+table]
      lea rax, [rip+f]
      jmp other
      jmp ext
      call loc
      je farl
    loc: ret
    .section .text.other,"ax",@progbits
    other: jmp f
    farl: ret
    .data
    counter: .long 0
    table: .quad f, loc, other, ext+16
      .long ext - ., counter - table
    .section .rodata
    msg: .asciz "x"
  `,
  "global, weak and local branch targets (which get relocations)": `
    .text
    .globl foo
    .weak w
    w: nop
    foo: nop
      call foo
      jmp foo
      je foo
      jmp w
      call w
      call loc
      lea rax, [rip+loc]
      lea rax, [rip+foo]
      jmp far1
      .fill 200, 1, 0x90
    far1: jmp foo
      .long foo - ., loc - .
      .long foo
      .quad w
    loc: ret
      .p2align 4
    .section .rodata
    r: .long loc - r
      .p2align 3
      .byte 1
      .align 16
      .byte 2
  `,
  "numeric local labels, statement separators, comments": `
    .text
    1: jmp 1f   # to the next 1
    1: jmp 1b ; jmp 2f /* c comment ; not a separator */
    2: nop; nop # ; also a comment
    /* a comment
       over lines */ 1: jne 1b
    .data
    .byte ';', '#', 0
    .ascii "a;b#c"
  `,
  "special sections: init/fini arrays, TLS, notes": `
    .text
    f: ret
    .section .init_array,"aw"
    .align 8
    .quad f
    .section .fini_array
    .quad f
    .section .tbss,"awT",@nobits
    t: .zero 8
    .section .tdata,"awT",@progbits
    .long 5
    .section .note.test,"a",@note
    .long 1
  `,
  "LEB128 and .value (DWARF-style data)": `
    .data
    .uleb128 0, 1, 127, 128, 624485, 0xffffffffffff
    .sleb128 0, -1, 63, 64, -64, -65, -123456, 0x7fffffffffff
    .value 0x1234, -1
    x: .uleb128 y - x
    .fill 200
    y:
  `,
  ".org: move forward within a section, with a fill byte": `
    .text
    start: nop
    .org 0x10
    ret
    .org start+0x20, 0xcc
    ret
    .data
    .byte 1
    .org 8, 0xee
    .byte 2
  `,
  "no symbols at all: no .symtab, like gas": `
    .text
    nop
    ret
  `,
  "macros: .macro (defaults, vararg, \\@, \\()), .rept, .irp, .irpc, nesting": `
.text
.macro isr num, code=0
  .globl isr\\num
isr\\num:
  push \\code
  push \\num
  jmp common\\@
common\\@: nop
.endm
.macro pushall regs:vararg
  .irp r, \\regs
    push \\r
  .endr
.endm
  isr 0
  isr 8, 1
  isr 13 1
start: .rept 3
  nop
.endr
  pushall rax, rbx, r12
  .irpc c, 123
    .byte \\c
  .endr
.data
.rept 2
.rept 2
.byte 7
.endr
.endr
.macro mkstr name, text
\\name\\()_str: .asciz "\\text"
.endm
mkstr hello, hi
  `,
  "call-frame information: .cfi_* directives become .eh_frame": `
.text
.globl f
f:
  .cfi_startproc
  push rbp
  .cfi_def_cfa_offset 16
  .cfi_offset rbp, -16
  mov rbp, rsp
  .cfi_def_cfa_register rbp
  push rbx
  .cfi_rel_offset rbx, 0
  .cfi_remember_state
  .fill 100, 1, 0x90
  .cfi_adjust_cfa_offset 8
  .cfi_offset 17, 8
  .fill 300, 1, 0x90
  .cfi_restore rbx
  .cfi_undefined r12
  .cfi_same_value r13
  .cfi_register r14, r15
  .cfi_escape 0x2e, 0x10
  .cfi_restore_state
  .fill 70000, 1, 0x90
  .cfi_def_cfa rsp, 8
  .cfi_restore 70
  ret
  .cfi_endproc
.section .text.other,"ax",@progbits
g:
  .cfi_startproc
  ret
  .cfi_endproc
  `,
};

describe("assembler front-end and ELF writer vs GNU as", () => {
  for (const [name, body] of Object.entries(PROGRAMS)) it(name, () => sameAsGas(body));
});
