/* System calls a libc makes before main: brk (grow the heap), mmap
 * (anonymous memory), and the thread pointer TPIDR_EL0 (MSR/MRS, Arm ARM
 * D19.2) used for thread-local storage. The lockstep harness maps what
 * qemu's kernel handed out; the checksum folds only values, never the
 * addresses the kernel chose. */
	.file	"sys.S"
#include "common.inc"

	PROLOGUE
	mov	x0, #0			/* brk(0): the current break */
	mov	x8, #214
	svc	#0
	mov	x19, x0
	add	x0, x19, #0x3000	/* brk(break + 12 KiB) */
	mov	x8, #214
	svc	#0
	sub	x0, x0, x19		/* 0x3000 if the heap grew */
	CHK
	mov	x1, #0x1234
	str	x1, [x19, #0x2ff8]
	ldr	x0, [x19, #0x2ff8]
	CHK
	mov	x0, #0			/* mmap(0, 8192, RW, PRIVATE|ANONYMOUS, -1, 0) */
	mov	x1, #8192
	mov	x2, #3
	mov	x3, #0x22
	mov	x4, #-1
	mov	x5, #0
	mov	x8, #222
	svc	#0
	mov	x19, x0
	ldr	x0, [x19, #4096]	/* fresh anonymous memory reads as zero */
	CHK
	mov	x1, #-5
	str	x1, [x19, #4096]
	ldr	x0, [x19, #4096]
	CHK
	adr	x1, tls
	msr	tpidr_el0, x1
	mrs	x2, tpidr_el0
	ldr	x0, [x2, #8]
	CHK
	sub	x0, x2, x1		/* 0: the register reads back what was written */
	CHK
	EPILOGUE
	.data
	.balign	8
tls:	.quad	0, 0x0badc0ffee, 0
