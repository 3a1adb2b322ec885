/* Self-modifying code the Arm way (Arm ARM B2.4.4, "Concurrent modification
 * and execution of instructions"; D7.5 cache maintenance): store the new
 * instruction, clean the data cache line to the point of unification
 * (DC CVAU), invalidate the instruction cache line (IC IVAU), DSB, ISB.
 * Linux lets EL0 use DC CVAU and IC IVAU (SCTLR_EL1.UCI=1). An emulator that
 * caches decoded blocks must drop the stale decode. */
	.file	"smc.S"
#include "common.inc"

	.macro SYNC reg
	dc	cvau, \reg
	dsb	ish
	ic	ivau, \reg
	dsb	ish
	isb
	.endm

	PROLOGUE
	adr	x9, patchme
	blr	x9			/* returns 1 */
	CHK
	mov	w10, #5
1:	movz	w11, #0x5280, lsl #16	/* MOVZ W0, #imm16: 0x52800000 | imm16 << 5 */
	orr	w11, w11, w10, lsl #5
	str	w11, [x9]
	SYNC	x9
	blr	x9			/* returns 5, 4, 3, 2, 1 */
	add	x15, x15, x0
	ror	x15, x15, #61
	subs	w10, w10, #1
	b.ne	1b
	ldr	w11, ret_insn		/* the first instruction becomes RET */
	str	w11, [x9]
	SYNC	x9
	mov	x0, #77
	blr	x9
	CHK
	EPILOGUE

	.text
ret_insn:
	ret
	.section .wtext, "awx", %progbits
	.balign	4
patchme:
	mov	w0, #1
	ret
