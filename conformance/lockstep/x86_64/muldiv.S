/* MUL/IMUL (one, two and three operands) with and without overflow (CF=OF
 * are the only defined flags, SDM Vol. 2A "IMUL"/"MUL"); DIV/IDIV at every
 * width on values that do not trap (SDM "DIV": #DE when the quotient does
 * not fit); BT/BTS/BTR/BTC; BSF/BSR/TZCNT/LZCNT/POPCNT including on 0
 * (BSF/BSR leave the destination unchanged on 0 on every real CPU and qemu;
 * TZCNT/LZCNT return the width and set CF); BSWAP. */
	.file	"muldiv.S"
#include "common.inc"

	.macro MUL1 op, reg, src, a, b
	mov	rax, \a
	mov	\src, \b
	mov	rdx, 0x5555555555555555
	\op	\reg
	CHK	F_CO
	add	r15, rdx
	.endm

	.macro DIV1 op, reg, src, hi, lo, d
	mov	rdx, \hi
	mov	rax, \lo
	mov	\src, \d
	\op	\reg
	add	r15, rdx
	rol	r15, 3
	add	r15, rax
	.endm

	.macro BITSCAN op, dst, src, val
	mov	rbx, \val
	mov	eax, 0x11111111		/* upper half 0: a 32-bit BSF/BSR of 0 may zero-extend or not */
	\op	\dst, \src
	CHK	F_Z
	.endm

	PROLOGUE
	.irp a, 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff
	.irp b, 1, 2, 0x80, 0xff, 0x8001, 0xffffffff, 0x8000000000000000, 0xfffffffffffffffe
	MUL1	mul, bl, rbx, \a, \b
	MUL1	mul, bx, rbx, \a, \b
	MUL1	mul, ebx, rbx, \a, \b
	MUL1	mul, rbx, rbx, \a, \b
	MUL1	imul, bl, rbx, \a, \b
	MUL1	imul, bx, rbx, \a, \b
	MUL1	imul, ebx, rbx, \a, \b
	MUL1	imul, rbx, rbx, \a, \b
	mov	rax, \a
	mov	rbx, \b
	imul	ax, bx
	CHK	F_CO
	mov	rax, \a
	imul	eax, ebx
	CHK	F_CO
	mov	rax, \a
	imul	rax, rbx
	CHK	F_CO
	.endr
	imul	rax, rbx, -3
	CHK	F_CO
	imul	eax, ebx, 0x40000000
	CHK	F_CO
	imul	ax, bx, 0x7f
	CHK	F_CO
	.endr

	/* DIV: unsigned, quotient fits. */
	DIV1	div, bl, rbx, 0, 0x00ff, 0x10
	DIV1	div, bl, rbx, 0, 0x7f01, 0xff
	DIV1	div, bx, rbx, 0x7ffe, 0xffff, 0x7fff
	DIV1	div, ebx, rbx, 0x12345678, 0x9abcdef0, 0x80000000
	DIV1	div, ebx, rbx, 0, 0xffffffff, 1
	DIV1	div, rbx, rbx, 0, 0, 7
	DIV1	div, rbx, rbx, 0x7fffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff
	DIV1	div, rbx, rbx, 1, 0, 2
	/* IDIV: signed, truncates toward zero, remainder has the dividend's sign. */
	DIV1	idiv, bl, rbx, 0, 0xff80, 0x7f
	DIV1	idiv, bl, rbx, 0, 0x0080, 0xff
	DIV1	idiv, bx, rbx, 0xffff, 0x8001, 3
	DIV1	idiv, ebx, rbx, 0xffffffff, 0x80000000, 0xffffff00
	DIV1	idiv, ebx, rbx, 0, 0x7fffffff, 0xfffffffe
	DIV1	idiv, rbx, rbx, 0xffffffffffffffff, 0x8000000000000000, 2
	DIV1	idiv, rbx, rbx, 0xffffffffffffffff, 0xfffffffffffffff9, 2
	DIV1	idiv, rbx, rbx, 0, 7, 0xfffffffffffffffe
	DIV1	idiv, rbx, rbx, 0x3ffffffffffffffe, 0xffffffffffffffff, 0x7fffffffffffffff

	.irp val, 0, 1, 0x80, 0x8000000000000000, 0x0000f00000000000, 0xffffffffffffffff, 0x100
	BITSCAN	bsf, rax, rbx, \val
	BITSCAN	bsr, rax, rbx, \val
	BITSCAN	bsf, eax, ebx, \val
	BITSCAN	bsr, ax, bx, \val
	BITSCAN	tzcnt, rax, rbx, \val
	BITSCAN	lzcnt, rax, rbx, \val
	BITSCAN	tzcnt, eax, ebx, \val
	BITSCAN	lzcnt, ax, bx, \val
	BITSCAN	popcnt, rax, rbx, \val
	BITSCAN	popcnt, eax, ebx, \val
	BITSCAN	popcnt, ax, bx, \val
	mov	rax, \val
	bswap	rax
	CHK	0
	mov	rax, \val
	bswap	eax
	CHK	0
	.endr

	.irp bit, 0, 1, 31, 32, 63, 64, 65, 127
	mov	rax, 0xa5a5a5a5a5a5a5a5
	mov	ecx, \bit
	bt	rax, rcx
	CHK	F_C
	bts	rax, rcx
	CHK	F_C
	btr	eax, ecx
	CHK	F_C
	btc	ax, cx
	CHK	F_C
	btc	rax, \bit & 63
	CHK	F_C
	.endr
	/* BT with a register offset into memory addresses bits outside the operand (SDM "BT": bit string). */
	lea	rbx, [rip + bits]
	mov	qword ptr [rbx], 0
	mov	qword ptr [rbx + 8], -1
	mov	rcx, 70
	bts	[rbx], rcx
	mov	rax, [rbx]
	CHK	F_C
	mov	rcx, 64
	btr	[rbx], rcx
	mov	rax, [rbx + 8]
	CHK	F_C
	mov	rcx, -1
	lea	rbx, [rbx + 8]
	bt	qword ptr [rbx], rcx
	CHK	F_C
	EPILOGUE
	.bss
bits:	.space	16
