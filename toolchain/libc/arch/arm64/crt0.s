// The program's entry point and the system-call stub, for AArch64.
// At _start, sp points at argc, then argv[], NULL, envp[], NULL, auxv.
	.text
	.globl _start
	.type _start, %function
_start:
	// A static PIE under Linux relocates itself first (static_pie.c).
	bl __relocate_static_pie
	mov x29, #0
	mov x30, #0
	ldr x0, [sp]
	add x1, sp, #8
	add x2, x1, x0, lsl #3
	add x2, x2, #8
	adrp x3, __environ
	str x2, [x3, :lo12:__environ]
	bl main
	bl exit
	udf #0

// long __syscall(long nr, long a, long b, long c, long d, long e, long f)
// Linux: number in x8, arguments in x0..x5.
	.globl __syscall
	.type __syscall, %function
__syscall:
	mov x8, x0
	mov x0, x1
	mov x1, x2
	mov x2, x3
	mov x3, x4
	mov x4, x5
	mov x5, x6
	svc #0
	ret
	.section .note.GNU-stack,"",@progbits
