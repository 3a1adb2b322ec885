/* Process entry for AArch64 Linux, freestanding (no libc).
 *
 * SP points at argc, then argv[] and envp[] — the same layout as x86_64.
 * We call main(argc, argv) and pass its result to rt_exit (flush + exit_group).
 */
	.file	"start_arm64.S"	/* a stable FILE symbol: builds must be byte-identical */
	.text
	.globl	_start
	.type	_start, %function
_start:
	mov	x29, #0			/* outermost frame: end of the frame chain */
	mov	x30, #0
	ldr	x0, [sp]		/* argc */
	add	x1, sp, #8		/* argv */
	bl	main
	bl	rt_exit
	brk	#0			/* not reached */

/* long rt_syscall3(long nr, long a, long b, long c): Linux AArch64 puts the
 * number in X8 and arguments in X0..X5; SVC #0 returns the result in X0. */
	.globl	rt_syscall3
	.type	rt_syscall3, %function
rt_syscall3:
	mov	x8, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	svc	#0
	ret
	.section .note.GNU-stack,"",%progbits
