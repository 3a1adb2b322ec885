/* Data movement and extension (SDM Vol. 2: MOV, MOVZX, MOVSX, MOVSXD,
 * CBW/CWDE/CDQE, CWD/CDQ/CQO, XCHG, LEA, PUSH/POP, LEAVE, CMPXCHG16B-free):
 * which writes zero-extend (32-bit destinations), which preserve the upper
 * bits (8/16-bit destinations, AH), and addressing modes with base, index,
 * scale and displacement, RIP-relative. */
	.file	"moves.S"
#include "common.inc"

	.macro FOLD reg
	add	r15, \reg
	rol	r15, 9
	.endm

	PROLOGUE
	mov	rbx, 0x8877665544332211
	.irp v, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0x80000000, 0xffffffff
	mov	rax, 0x1122334455667788
	mov	rcx, \v
	movzx	eax, cl
	FOLD	rax
	movsx	rax, cl
	FOLD	rax
	movsx	eax, cx
	FOLD	rax
	movzx	ax, cl
	FOLD	rax
	movsxd	rax, ecx
	FOLD	rax
	mov	rax, rcx
	cbw
	FOLD	rax
	cwde
	FOLD	rax
	cdqe
	FOLD	rax
	mov	rax, rcx
	cwd
	FOLD	rdx
	cdq
	FOLD	rdx
	cqo
	FOLD	rdx
	mov	rax, rbx
	mov	al, cl
	mov	ah, cl
	FOLD	rax
	mov	ax, cx
	FOLD	rax
	mov	eax, ecx
	FOLD	rax
	.endr
	/* XCHG and the high-byte registers. */
	mov	rax, 0x0102030405060708
	mov	rdx, 0x1112131415161718
	xchg	ah, dl
	FOLD	rax
	FOLD	rdx
	xchg	eax, edx
	FOLD	rax
	FOLD	rdx
	xchg	rax, rdx
	FOLD	rax
	lea	rsi, [rip + buf]
	xchg	[rsi], rax
	FOLD	rax
	/* LEA with every addressing shape; LEA computes, it never reads. */
	mov	rcx, 0x10
	mov	rdx, -3
	lea	rax, [rcx + rdx * 8 + 0x7f]
	FOLD	rax
	lea	eax, [rcx + rdx * 4 - 0x80000000]
	FOLD	rax
	lea	ax, [rdx + rdx * 2]
	FOLD	rax
	lea	rax, [rdx * 2]
	FOLD	rax
	lea	rax, [rip + buf]
	sub	rax, rsi
	FOLD	rax
	/* Loads and stores through base + index * scale + disp. */
	mov	rax, 0xfedcba9876543210
	mov	[rsi + rcx * 2 + 8], rax
	mov	ecx, 5
	mov	eax, [rsi + rcx * 8 - 1]
	FOLD	rax
	movsx	rax, word ptr [rsi + rcx * 8 - 1]
	FOLD	rax
	movzx	eax, byte ptr [rsi + 47]
	FOLD	rax
	mov	word ptr [rsi + 2], 0x8001
	mov	byte ptr [rsi + 1], -1
	mov	rax, [rsi]
	FOLD	rax
	mov	dword ptr [rsi], -1
	mov	rax, [rsi]
	FOLD	rax
	/* PUSH/POP and a frame: ENTER-free prologue, LEAVE epilogue. */
	push	rbp
	mov	rbp, rsp
	push	-2
	push	0x7fffffff
	pushw	0x1234
	pop	ax
	pop	rax
	FOLD	rax
	pop	rax
	FOLD	rax
	push	rbx
	leave
	mov	rax, rsp
	and	eax, 15
	FOLD	rax
	/* CALL / RET and an indirect call through memory. */
	call	sub1
	FOLD	rax
	lea	rax, [rip + sub1]
	mov	[rsi], rax
	call	qword ptr [rsi]
	FOLD	rax
	mov	rax, r15
	EPILOGUE

	.text
sub1:	mov	rax, [rsp]
	lea	rdx, [rip + _start]
	sub	rax, rdx
	ret
	.bss
buf:	.space	64
