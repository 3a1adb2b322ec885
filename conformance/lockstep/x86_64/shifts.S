/* Shifts and rotates at 8/16/32/64 bits by 0, 1, width-1, width, width+1
 * and counts past the mask (SDM Vol. 2B "SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR":
 * the count is masked to 5 bits, or 6 with REX.W; a masked count of 0
 * changes no flags; OF is defined only for a count of 1), the 1-bit and
 * immediate encodings, and SHLD/SHRD (count <= operand width).
 * The checksum folds only CF/ZF/SF/PF (OF and AF vary where undefined). */
	.file	"shifts.S"
#include "common.inc"

	.macro SH op, reg, val, count
	mov	rax, \val
	mov	ecx, \count
	stc
	\op	\reg, cl
	CHK	F_SZPC
	.endm

	.macro SHIMM op, reg, val
	mov	rax, \val
	clc
	\op	\reg, 1
	CHK	F_SZPC | 0x800
	mov	rax, \val
	\op	\reg, 3
	CHK	F_SZPC
	.endm

	.macro DBL op, dst, src, val, count
	mov	rax, \val
	mov	rbx, 0x0f1e2d3c4b5a6978
	mov	ecx, \count
	\op	\dst, \src, cl
	CHK	F_SZPC
	.endm

	PROLOGUE
	.irp op, shl, shr, sar, rol, ror, rcl, rcr
	.irp val, 0x8000000000000081, 0x7ffffffe7ffe7e01, 0xc000000080008001
	.irp count, 0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255
	SH	\op, al, \val, \count
	SH	\op, ax, \val, \count
	SH	\op, eax, \val, \count
	SH	\op, rax, \val, \count
	.endr
	.endr
	.irp reg, al, ax, eax, rax
	SHIMM	\op, \reg, 0x8000000000000081
	SHIMM	\op, \reg, 0x4000000040004041
	.endr
	.endr
	.irp count, 0, 1, 4, 15, 16
	DBL	shld, ax, bx, 0x1234567887654321, \count
	DBL	shrd, ax, bx, 0x1234567887654321, \count
	.endr
	.irp count, 0, 1, 4, 31, 32, 33, 63, 64
	DBL	shld, eax, ebx, 0x8234567887654321, \count
	DBL	shrd, eax, ebx, 0x8234567887654321, \count
	DBL	shld, rax, rbx, 0x8234567887654321, \count
	DBL	shrd, rax, rbx, 0x8234567887654321, \count
	.endr
	/* BMI2-free variable shifts of memory operands. */
	lea	rbx, [rip + cell]
	mov	qword ptr [rbx], -2
	mov	ecx, 13
	sar	qword ptr [rbx], cl
	mov	rax, [rbx]
	CHK	F_SZPC
	rol	dword ptr [rbx + 4], 9
	mov	rax, [rbx]
	CHK	F_C
	EPILOGUE
	.bss
cell:	.space	8
