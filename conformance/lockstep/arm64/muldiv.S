/* Multiply and divide (Arm ARM C6.2): MADD/MSUB, MNEG, SMADDL/UMADDL/
 * SMSUBL, SMULL/UMULL, SMULH/UMULH, UDIV/SDIV including division by zero
 * (the result is 0, no exception) and INT_MIN / -1 (the result is INT_MIN). */
	.file	"muldiv.S"
#include "common.inc"

	.macro MD a, b
	MOVQ	x1, \a
	MOVQ	x2, \b
	MOVQ	x3, 0x0102030405060708
	madd	x0, x1, x2, x3
	CHK
	msub	w0, w1, w2, w3
	CHK
	mneg	x0, x1, x2
	CHK
	smaddl	x0, w1, w2, x3
	CHK
	umaddl	x0, w1, w2, x3
	CHK
	smsubl	x0, w1, w2, x3
	CHK
	umull	x0, w1, w2
	CHK
	smulh	x0, x1, x2
	CHK
	umulh	x0, x1, x2
	CHK
	udiv	x0, x1, x2
	CHK
	sdiv	x0, x1, x2
	CHK
	udiv	w0, w1, w2
	CHK
	sdiv	w0, w1, w2
	CHK
	.endm

	PROLOGUE
	.irp a, 0, 1, 7, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x123456789abcdef1
	.irp b, 0, 1, 3, 0xfffffffd, 0x80000000, 0xffffffff, 0x8000000000000000, 0xffffffffffffffff, 0xfedcba9876543211
	MD	\a, \b
	.endr
	.endr
	EPILOGUE
