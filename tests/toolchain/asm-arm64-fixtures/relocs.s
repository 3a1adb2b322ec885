// Every relocation the A64 backend emits, each checked at run time.
// The program exits with 0 if all checks pass, else with the failing
// check's number (kept in x20).
	.text
	.globl	_start
	.type	_start, %function
_start:
	mov	x20, #1				// adrp + add :lo12: (ADR_PREL_PG_HI21, ADD_ABS_LO12_NC)
	adrp	x0, words
	add	x0, x0, :lo12:words
	movz	x2, #0x7788
	movk	x2, #0x5566, lsl #16
	movk	x2, #0x3344, lsl #32
	movk	x2, #0x1122, lsl #48
	ldr	x1, [x0]
	cmp	x1, x2
	b.ne	fail
	mov	x20, #2				// LDST64/32/16/8_ABS_LO12_NC
	adrp	x3, words
	ldr	x4, [x3, :lo12:words]
	cmp	x4, x2
	b.ne	fail
	adrp	x3, word32
	ldr	w5, [x3, #:lo12:word32]
	movz	w6, #0xbeef
	movk	w6, #0xdead, lsl #16
	cmp	w5, w6
	bne	fail
	adrp	x3, half16
	ldrh	w7, [x3, :lo12:half16]
	cmp	w7, #0x123
	b.ne	fail
	adrp	x3, byte8
	ldrsb	x8, [x3, :lo12:byte8]
	cmn	x8, #2
	b.ne	fail
	mov	x20, #3				// MOVW_UABS_G0..G3
	movz	x9, #:abs_g3:words
	movk	x9, #:abs_g2_nc:words
	movk	x9, #:abs_g1_nc:words
	movk	x9, #:abs_g0_nc:words
	cmp	x9, x0
	b.ne	fail
	mov	x20, #4				// CALL26 to a global, JUMP26 back via a global label
	bl	gfunc
	cmp	x0, #42
	b.ne	fail
	b	gnext
	.globl	gnext
gnext:
	mov	x20, #5				// CONDBR19, TSTBR14 to globals
	mov	x0, #0
	cbz	x0, gcbz
	b	fail
	.globl	gcbz
gcbz:
	mov	x0, #4
	tbnz	x0, #2, gtbz
	b	fail
	.globl	gtbz
gtbz:
	cmp	x0, #4
	b.eq	gbeq
	b	fail
	.globl	gbeq
gbeq:
	mov	x20, #6				// LD_PREL_LO19 and ADR_PREL_LO21 to globals
	ldr	x10, glit
	ldr	x11, llit
	cmp	x10, x11
	b.ne	fail
	ldrsw	x12, glit
	cmn	x12, #1
	b.ne	fail
	adr	x13, gfunc
	adrp	x14, gfunc
	add	x14, x14, :lo12:gfunc
	cmp	x13, x14
	b.ne	fail
	mov	x20, #7				// data: ABS64, ABS32, PREL32, PREL64
	adrp	x15, ptrs
	add	x15, x15, :lo12:ptrs
	ldr	x16, [x15]			// .quad gfunc
	cmp	x16, x14
	b.ne	fail
	ldr	w16, [x15, #8]			// .word words (ABS32)
	cmp	x16, x9
	b.ne	fail
	ldrsw	x16, [x15, #12]			// .word gfunc - . (PREL32)
	add	x16, x16, x15
	add	x16, x16, #12
	cmp	x16, x14
	b.ne	fail
	ldr	x16, [x15, #16]			// .quad gfunc - . (PREL64)
	add	x16, x16, x15
	add	x16, x16, #16
	cmp	x16, x14
	b.ne	fail
	mov	x20, #8				// the GOT: ADR_GOT_PAGE, LD64_GOT_LO12_NC
	adrp	x17, :got:words
	ldr	x17, [x17, #:got_lo12:words]
	cmp	x17, x9
	b.ne	fail
	mov	x20, #9				// local branches resolved by the assembler
	mov	x1, #3
1:	subs	x1, x1, #1
	b.ne	1b
	tbz	x1, #0, 2f
	b	fail
2:	mov	x0, #1				// write(1, msg, 3); exit(0)
	adrp	x1, msg
	add	x1, x1, :lo12:msg
	mov	x2, #3
	mov	x8, #64
	svc	#0
	mov	x0, #0
	mov	x8, #93
	svc	#0
fail:
	mov	x0, x20
	mov	x8, #93
	svc	#0
	.size	_start, . - _start

	.globl	gfunc
	.type	gfunc, %function
gfunc:
	mov	x0, #42
	ret
	.align	3
	.globl	glit
glit:	.quad	-1
llit:	.quad	-1

	.data
	.align	3
	.globl	words
words:	.quad	0x1122334455667788
word32:	.word	0xdeadbeef
half16:	.hword	0x123
byte8:	.byte	-2
	.align	3
ptrs:	.quad	gfunc
	.word	words
	.word	gfunc - .
	.quad	gfunc - .
msg:	.ascii	"ok\n"
