/* Loads and stores of every size and sign (Arm ARM C6.2 LDR/LDRB/LDRH/
 * LDRSB/LDRSH/LDRSW/STR*, LDUR/STUR, LDP/STP/LDPSW) with immediate,
 * pre-index, post-index, register (LSL and SXTW/UXTW extended) offsets,
 * literal loads, and writes of W registers zero-extending into X. */
	.file	"memory.S"
#include "common.inc"

	PROLOGUE
	adr	x9, buf
	MOVQ	x1, 0x8192a3b4c5d6e7f8
	MOVQ	x2, 0x7f017f0280038004
	str	x1, [x9]
	str	x2, [x9, #8]
	stp	x2, x1, [x9, #16]
	/* Every load size and sign. */
	.irp off, 0, 1, 3, 7, 8, 15, 23
	ldrb	w0, [x9, #\off]
	CHK
	ldrsb	w0, [x9, #\off]
	CHK
	ldrsb	x0, [x9, #\off]
	CHK
	ldurh	w0, [x9, #\off]
	CHK
	ldursh	w0, [x9, #\off]
	CHK
	ldursh	x0, [x9, #\off]
	CHK
	ldur	w0, [x9, #\off]
	CHK
	ldursw	x0, [x9, #\off]
	CHK
	ldur	x0, [x9, #\off]
	CHK
	.endr
	ldrh	w0, [x9, #6]
	CHK
	ldrsh	x0, [x9, #14]
	CHK
	ldrsw	x0, [x9, #4]
	CHK
	ldr	w0, [x9, #12]
	CHK
	/* Register offsets. */
	mov	x3, #2
	mov	w4, #-1
	ldr	x0, [x9, x3, lsl #3]
	CHK
	ldrh	w0, [x9, x3, lsl #1]
	CHK
	add	x10, x9, #16
	ldrb	w0, [x10, w4, sxtw]
	CHK
	ldr	w0, [x10, w4, sxtw #2]
	CHK
	mov	w5, #3
	ldrsb	x0, [x9, w5, uxtw]
	CHK
	/* Pre- and post-index write back the base. */
	mov	x10, x9
	ldr	x0, [x10, #8]!
	CHK
	sub	x0, x10, x9
	CHK
	ldrb	w0, [x10], #-3
	CHK
	sub	x0, x10, x9
	CHK
	str	w1, [x10, #-4]!
	sub	x0, x10, x9
	CHK
	ldp	w0, w6, [x9, #4]
	CHK
	mov	x0, x6
	CHK
	ldpsw	x0, x6, [x9]
	CHK
	mov	x0, x6
	CHK
	ldp	x0, x6, [x9], #16
	CHK
	sub	x9, x9, #16
	/* Stores of each size, then read back as a doubleword. */
	MOVQ	x1, 0xfedcba9876543210
	strb	w1, [x9, #32]
	strh	w1, [x9, #34]
	str	w1, [x9, #36]
	ldr	x0, [x9, #32]
	CHK
	sturh	w1, [x9, #33]
	stur	x1, [x9, #39]
	ldr	x0, [x9, #32]
	CHK
	ldr	x0, [x9, #40]
	CHK
	stp	w1, w2, [x9, #48]
	ldr	x0, [x9, #48]
	CHK
	/* A W-register write clears the top half. */
	MOVQ	x0, 0xffffffffffffffff
	mov	w0, w0
	CHK
	add	w0, w0, #1
	CHK
	/* Literal loads (PC-relative). */
	ldr	x0, lit64
	CHK
	ldr	w0, lit64
	CHK
	ldrsw	x0, lit64
	CHK
	adrp	x0, buf
	and	x0, x0, #0xfff
	CHK
	/* Sum the buffer with a post-indexed loop. */
	adr	x9, buf
	mov	x3, #8
	mov	x0, #0
2:	ldr	x4, [x9], #8
	eor	x0, x4, x0, ror #3
	subs	x3, x3, #1
	b.ne	2b
	CHK
	/* Call and return, indirect branch with link. */
	bl	sub1
	CHK
	adr	x5, sub1
	blr	x5
	CHK
	EPILOGUE
	.text
sub1:	adr	x0, _start
	sub	x0, x30, x0
	ret
	.balign	8
lit64:	.quad	0x80000000fffffffe
	.bss
	.balign	16
buf:	.space	128
