/* ADD/ADC/SUB/SBB/CMP/AND/OR/XOR at 8, 16, 32 and 64 bits on every pair of
 * boundary values (0, 1, max positive, min negative, all ones), with the
 * carry in both states for ADC/SBB; then NEG/NOT/INC/DEC on each value.
 * Intel SDM Vol. 2A/2B: ADD, ADC, SUB, SBB, CMP, AND, OR, XOR, NEG, INC, DEC
 * ("Flags Affected"). INC/DEC leave CF alone, which the sequence checks by
 * setting CF first. */
	.file	"alu.S"
#include "common.inc"

	.macro BIN8 op, a, b, c, m
	mov	rax, \a
	mov	rbx, \b
	.if \c
	stc
	.else
	clc
	.endif
	\op	al, bl
	CHK	\m
	.endm
	.macro BIN16 op, a, b, c, m
	mov	rax, \a
	mov	rbx, \b
	.if \c
	stc
	.else
	clc
	.endif
	\op	ax, bx
	CHK	\m
	.endm
	.macro BIN32 op, a, b, c, m
	mov	rax, \a
	mov	rbx, \b
	.if \c
	stc
	.else
	clc
	.endif
	\op	eax, ebx
	CHK	\m
	.endm
	.macro BIN64 op, a, b, c, m
	mov	rax, \a
	mov	rbx, \b
	.if \c
	stc
	.else
	clc
	.endif
	\op	rax, rbx
	CHK	\m
	.endm

/* All pairs for one op at one width. RAX's upper bits start non-zero so a
 * 32-bit op visibly zero-extends and 8/16-bit ops visibly preserve them. */
	.macro PAIRS w, op, c, m
	.irp a, 0x1234567800000000, 1, 0x7f, 0x80, 0x7fff, 0x8000, 0x7fffffff, 0x80000000, 0x8000000000000000, 0xffffffffffffffff
	.irp b, 0, 1, 0x7f, 0x80, 0xffff, 0x8000, 0x7fffffff, 0x8000000000000000, 0xffffffffffffffff
	BIN\w	\op, \a, \b, \c, \m
	.endr
	.endr
	.endm

	.macro ALLOPS w
	PAIRS	\w, add, 0, F_ALL
	PAIRS	\w, adc, 0, F_ALL
	PAIRS	\w, adc, 1, F_ALL
	PAIRS	\w, sub, 0, F_ALL
	PAIRS	\w, sbb, 0, F_ALL
	PAIRS	\w, sbb, 1, F_ALL
	PAIRS	\w, cmp, 0, F_ALL
	PAIRS	\w, and, 0, F_LOGIC
	PAIRS	\w, or, 0, F_LOGIC
	PAIRS	\w, xor, 0, F_LOGIC
	PAIRS	\w, test, 0, F_LOGIC
	.endm

	.macro UN op, reg, a, c
	mov	rax, \a
	.if \c
	stc
	.else
	clc
	.endif
	\op	\reg
	CHK	F_ALL
	.endm

	PROLOGUE
	ALLOPS	8
	ALLOPS	16
	ALLOPS	32
	ALLOPS	64
	.irp a, 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0x7fffffff, 0x80000000, 0xffffffff, 0x8000000000000000, 0xffffffffffffffff
	.irp op, neg, not, inc, dec
	.irp reg, al, ax, eax, rax
	UN	\op, \reg, \a, 0
	UN	\op, \reg, \a, 1
	.endr
	.endr
	.endr
	/* Immediate and memory forms (sign-extended imm8/imm32, r/m destination). */
	lea	rbx, [rip + scratch]
	mov	qword ptr [rbx], -1
	add	qword ptr [rbx], 1
	mov	rax, [rbx]
	CHK	F_ALL
	add	dword ptr [rbx], -128
	mov	rax, [rbx]
	CHK	F_ALL
	sub	byte ptr [rbx + 3], 0x7f
	mov	rax, [rbx]
	CHK	F_ALL
	mov	rax, 0x7fffffffffffffff
	add	rax, 0x7fffffff
	CHK	F_ALL
	sub	rax, -0x80000000
	CHK	F_ALL
	cmp	word ptr [rbx], 0x8000
	CHK	F_ALL
	xadd	[rbx], rax
	CHK	F_ALL
	mov	rcx, 5
	mov	rax, [rbx]
	cmpxchg	[rbx], rcx
	mov	rax, [rbx]
	CHK	F_ALL
	cmpxchg	[rbx], rcx
	CHK	F_ALL
	EPILOGUE
	.bss
scratch: .space 16
