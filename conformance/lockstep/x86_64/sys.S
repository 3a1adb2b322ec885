/* System calls a libc makes before main: brk (grow the heap), mmap
 * (anonymous memory), arch_prctl(ARCH_SET_FS) with an FS-relative load
 * (thread-local storage), and write. The lockstep harness maps what qemu's
 * kernel handed out and copies the FS base, so our CPU can keep going; the
 * checksum folds only values, never the addresses the kernel chose. */
	.file	"sys.S"
#include "common.inc"

	PROLOGUE
	mov	eax, 12			/* brk(0): the current break */
	xor	edi, edi
	syscall
	mov	rbx, rax
	lea	rdi, [rax + 0x3000]	/* brk(break + 12 KiB) */
	mov	eax, 12
	syscall
	sub	rax, rbx		/* 0x3000 if the heap grew */
	CHK	0
	mov	qword ptr [rbx + 0x2ff8], 0x1234
	mov	rax, [rbx + 0x2ff8]
	CHK	0
	mov	eax, 9			/* mmap(0, 8192, RW, PRIVATE|ANONYMOUS, -1, 0) */
	xor	edi, edi
	mov	esi, 8192
	mov	edx, 3
	mov	r10d, 0x22
	mov	r8, -1
	xor	r9d, r9d
	syscall
	mov	rbx, rax
	mov	rax, [rbx + 4096]	/* fresh anonymous memory reads as zero */
	CHK	0
	mov	qword ptr [rbx + 4096], -5
	add	rax, [rbx + 4096]
	CHK	0
	mov	eax, 158		/* arch_prctl(ARCH_SET_FS, tls) */
	mov	edi, 0x1002
	lea	rsi, [rip + tls]
	syscall
	mov	rax, fs:[8]
	CHK	0
	mov	qword ptr fs:[16], 99
	mov	rax, [rip + tls + 16]
	CHK	0
	EPILOGUE
	.data
tls:	.quad	0, 0x0badc0ffee, 0
