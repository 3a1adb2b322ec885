# The program's entry point and the system-call stub, for x86_64.
# At _start the stack holds argc, argv[], NULL, envp[], NULL, auxv
# (System V AMD64 ABI 3.4.1); main is called with a 16-byte aligned stack.
	.intel_syntax noprefix
	.text
	.globl _start
	.type _start, @function
_start:
	xor ebp, ebp
	# A static PIE under Linux relocates itself first (static_pie.c); the
	# stack is 16-byte aligned at process entry, and rsp still points at argc.
	call __relocate_static_pie
	mov rdi, QWORD PTR [rsp]
	lea rsi, [rsp+8]
	lea rdx, [rsi+rdi*8+8]
	mov QWORD PTR [rip+__environ], rdx
	and rsp, -16
	call main
	mov edi, eax
	call exit
	ud2

# long __syscall(long nr, long a, long b, long c, long d, long e, long f)
# Linux: number in rax, arguments in rdi, rsi, rdx, r10, r8, r9.
	.globl __syscall
	.type __syscall, @function
__syscall:
	mov rax, rdi
	mov rdi, rsi
	mov rsi, rdx
	mov rdx, rcx
	mov r10, r8
	mov r8, r9
	mov r9, QWORD PTR [rsp+8]
	syscall
	ret
	.section .note.GNU-stack,"",@progbits
