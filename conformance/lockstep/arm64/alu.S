/* Flag-setting arithmetic at 32 and 64 bits on boundary values (Arm ARM
 * C6.2: ADDS, SUBS, ADCS, SBCS, CMN, CMP, NEGS, NGCS, ANDS, BICS, and
 * the C flag as NOT borrow for subtraction), ADC/SBC with C in both states,
 * then CCMP/CCMN with passing and failing conditions (the failing case
 * loads NZCV from the immediate). */
	.file	"alu.S"
#include "common.inc"

	.macro SETC c
	.if \c
	cmp	xzr, xzr		/* C=1, Z=1 */
	.else
	cmn	xzr, xzr		/* C=0, Z=1 */
	.endif
	.endm

	.macro BIN op, a, b, c
	MOVQ	x1, \a
	MOVQ	x2, \b
	SETC	\c
	\op	x0, x1, x2
	CHK
	SETC	\c
	\op	w0, w1, w2
	CHK
	.endm

	.macro CC op, a, b, cond
	MOVQ	x1, \a
	MOVQ	x2, \b
	cmp	x1, #1
	\op	x1, x2, #0b1010, \cond
	mov	x0, x1
	CHK
	\op	w1, w2, #0b0101, \cond
	CHK
	\op	x1, #31, #0b1111, \cond
	CHK
	.endm

	PROLOGUE
	.irp a, 0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff
	.irp b, 0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff
	BIN	adds, \a, \b, 0
	BIN	subs, \a, \b, 0
	BIN	adcs, \a, \b, 0
	BIN	adcs, \a, \b, 1
	BIN	sbcs, \a, \b, 0
	BIN	sbcs, \a, \b, 1
	BIN	ands, \a, \b, 0
	BIN	bics, \a, \b, 0
	BIN	adc, \a, \b, 1
	BIN	sbc, \a, \b, 0
	.endr
	MOVQ	x1, \a
	negs	x0, x1
	CHK
	negs	w0, w1
	CHK
	SETC	0
	ngcs	x0, x1
	CHK
	SETC	1
	ngcs	w0, w1
	CHK
	cmp	x1, #0xfff
	CHK
	cmn	w1, #1, lsl #12
	CHK
	adds	x0, x1, #4095
	CHK
	subs	w0, w1, #1
	CHK
	.endr
	.irp cond, eq, ne, hs, lo, mi, pl, vs, vc, hi, ls, ge, lt, gt, le, al, nv
	CC	ccmp, 1, 0x8000000000000000, \cond
	CC	ccmn, 0, 0x7fffffffffffffff, \cond
	CC	ccmp, 1, 1, \cond
	.endr
	EPILOGUE
