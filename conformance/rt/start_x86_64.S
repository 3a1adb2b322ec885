/* Process entry for x86_64 Linux, freestanding (no libc).
 *
 * The kernel (or qemu-user, or linux/loader.ts) starts us at _start with
 * RSP pointing at argc, followed by argv[] and envp[] (System V AMD64 ABI
 * 3.4.1, "Initial Stack and Register State"). We hand argc/argv to main and
 * pass its return value to rt_exit, which flushes stdout and calls exit_group.
 */
	.file	"start_x86_64.S"	/* a stable FILE symbol: builds must be byte-identical */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xor	%ebp, %ebp		/* outermost frame: end of the frame-pointer chain */
	mov	(%rsp), %edi		/* argc */
	lea	8(%rsp), %rsi		/* argv */
	and	$-16, %rsp		/* the ABI wants 16-byte alignment at a call */
	call	main
	mov	%eax, %edi
	call	rt_exit
	hlt				/* not reached: rt_exit never returns */

/* long rt_syscall3(long nr, long a, long b, long c): the Linux x86_64 syscall
 * convention puts the number in RAX and arguments in RDI, RSI, RDX; SYSCALL
 * clobbers RCX and R11 (SDM Vol. 2B, SYSCALL). */
	.globl	rt_syscall3
	.type	rt_syscall3, @function
rt_syscall3:
	mov	%rdi, %rax
	mov	%rsi, %rdi
	mov	%rdx, %rsi
	mov	%rcx, %rdx
	syscall
	ret
	.section .note.GNU-stack,"",@progbits
