/* Shifts, extends and bit-field instructions (Arm ARM C6.2): LSLV/LSRV/
 * ASRV/RORV by counts past the width (the count is taken modulo the width),
 * shifted- and extended-register operands, bitmask immediates (logical
 * immediates: element sizes 2..64, rotations, inverted), UBFM/SBFM/BFM in
 * their alias forms, EXTR, CLZ/CLS/RBIT/REV/REV16/REV32. */
	.file	"bits.S"
#include "common.inc"

	.macro SHV a, n
	MOVQ	x1, \a
	mov	x2, #\n
	.irp op, lslv, lsrv, asrv, rorv
	\op	x0, x1, x2
	CHK
	\op	w0, w1, w2
	CHK
	.endr
	.endm

	.macro UN a
	MOVQ	x1, \a
	.irp op, clz, cls, rbit, rev
	\op	x0, x1
	CHK
	\op	w0, w1
	CHK
	.endr
	rev16	x0, x1
	CHK
	rev32	x0, x1
	CHK
	rev16	w0, w1
	CHK
	ubfx	x0, x1, #3, #17
	CHK
	sbfx	x0, x1, #60, #4
	CHK
	sbfx	w0, w1, #7, #9
	CHK
	ubfiz	x0, x1, #40, #20
	CHK
	sbfiz	w0, w1, #30, #2
	CHK
	mov	x0, #-1
	bfi	x0, x1, #8, #16
	CHK
	bfxil	w0, w1, #28, #4
	CHK
	extr	x0, x1, x0, #13
	CHK
	extr	w0, w1, w0, #31
	CHK
	sxtb	x0, w1
	CHK
	sxth	w0, w1
	CHK
	sxtw	x0, w1
	CHK
	uxtb	w0, w1
	CHK
	uxth	w0, w1
	CHK
	lsl	x0, x1, #63
	CHK
	lsr	w0, w1, #31
	CHK
	asr	x0, x1, #1
	CHK
	ror	w0, w1, #5
	CHK
	.endm

	PROLOGUE
	.irp a, 0, 1, 0x80, 0x8000, 0x80000000, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x0123456789abcdef, 0xfedcba9876543210, 0x00000000ffff0000
	.irp n, 0, 1, 31, 32, 33, 63, 64, 65, 255
	SHV	\a, \n
	.endr
	UN	\a
	/* Shifted and extended register operands. */
	MOVQ	x2, 0x00000000fedc8081
	add	x0, x1, x2, lsl #4
	CHK
	sub	x0, x1, x2, lsr #63
	CHK
	adds	w0, w1, w2, asr #31
	CHK
	orr	x0, x1, x2, ror #17
	CHK
	eon	w0, w1, w2, lsl #3
	CHK
	add	x0, x1, w2, sxtb #2
	CHK
	add	x0, x1, w2, uxth #4
	CHK
	subs	x0, x1, w2, sxtw
	CHK
	adds	w0, w1, w2, uxtb #1
	CHK
	add	x0, x1, x2, sxtx #3
	CHK
	/* Logical immediates (bitmask encodings). */
	and	x0, x1, #0x5555555555555555
	CHK
	orr	x0, x1, #0x0f0f0f0f0f0f0f0f
	CHK
	eor	x0, x1, #0xffff0000ffff0000
	CHK
	ands	x0, x1, #0x8000000000000000
	CHK
	and	x0, x1, #0x7ffffffffffffffe
	CHK
	orr	w0, w1, #0x00ff00ff
	CHK
	eor	w0, w1, #0x80000001
	CHK
	ands	w0, w1, #0xfffffffe
	CHK
	tst	x1, #0x3c
	CHK
	orr	x0, xzr, #0xaaaaaaaaaaaaaaaa
	CHK
	.endr
	EPILOGUE
