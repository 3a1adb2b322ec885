/* Every condition (Arm ARM C1.2.4, "Condition code"): after CMP on boundary
 * pairs, CSEL/CSINC/CSINV/CSNEG/CSET/CSETM and B.cond for all 16 encodings
 * (AL and NV both mean always), plus CBZ/CBNZ/TBZ/TBNZ. */
	.file	"cond.S"
#include "common.inc"

	.macro CONDS a, b
	MOVQ	x1, \a
	MOVQ	x2, \b
	.irp cc, eq, ne, hs, lo, mi, pl, vs, vc, hi, ls, ge, lt, gt, le, al, nv
	cmp	x1, x2
	csel	x0, x1, x2, \cc
	CHK
	csinc	w0, w1, w2, \cc
	CHK
	csinv	x0, x1, x2, \cc
	CHK
	csneg	w0, w1, w2, \cc
	CHK
	mov	x0, #0
	b.\cc	1f
	mov	x0, #0x55
1:	CHK
	.endr
	/* CSET/CSETM are CSINC/CSINV with the inverted condition: AL/NV are not encodable. */
	.irp cc, eq, ne, hs, lo, mi, pl, vs, vc, hi, ls, ge, lt, gt, le
	cmp	w1, w2
	cset	x0, \cc
	CHK
	csetm	w0, \cc
	CHK
	.endr
	.endm

	.macro TB a
	MOVQ	x1, \a
	mov	x0, #1
	cbz	x1, 1f
	add	x0, x0, #2
1:	cbnz	w1, 2f
	add	x0, x0, #4
2:	tbz	x1, #63, 3f
	add	x0, x0, #8
3:	tbnz	w1, #0, 4f
	add	x0, x0, #16
4:	tbz	x1, #32, 5f
	add	x0, x0, #32
5:	CHK
	.endm

	PROLOGUE
	.irp a, 0, 1, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x80000000
	.irp b, 0, 1, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff
	CONDS	\a, \b
	.endr
	TB	\a
	.endr
	TB	0x100000000
	EPILOGUE
