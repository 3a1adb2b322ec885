/* Every condition code (SDM Vol. 1 Appendix B, "EFLAGS Condition Codes"):
 * after CMP on boundary pairs, SETcc, CMOVcc (32-bit CMOV zero-extends even
 * when the condition is false) and Jcc for all 16 conditions; then the
 * flags moved by hand: STC/CLC/CMC, LAHF/SAHF, PUSHF/POPF, STD/CLD. */
	.file	"cond.S"
#include "common.inc"

	.macro CONDS a, b
	.irp cc, o, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g
	mov	rax, \a
	mov	rbx, \b
	mov	rcx, 0xcccccccccccccccc
	cmp	rax, rbx
	set\cc	cl
	cmov\cc	eax, ebx
	j\cc	1f
	add	r15, 0x1001
1:	add	r15, rcx
	CHK	F_ALL
	.endr
	.endm

	PROLOGUE
	.irp a, 0, 1, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff
	.irp b, 0, 1, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0xfe
	CONDS	\a, \b
	.endr
	.endr
	/* 8-bit compares reach PF/AF cases the 64-bit ones do not. */
	.irp a, 0x03, 0x0f, 0x10, 0x7f, 0x80
	mov	al, \a
	cmp	al, 0x11
	setp	dl
	setl	dh
	movzx	eax, dx
	CHK	F_ALL
	.endr
	stc
	cmc
	CHK	F_ALL
	cmc
	CHK	F_ALL
	clc
	CHK	F_ALL
	mov	eax, 0x12345678
	xor	ebx, ebx
	sub	ebx, 1
	lahf
	CHK	F_ALL
	mov	ah, 0xd5
	sahf
	CHK	F_ALL
	mov	ah, 0x00
	sahf
	CHK	F_ALL
	pushfq
	pop	rax
	or	eax, 0x8d5
	push	rax
	popfq
	CHK	F_ALL
	std
	pushfq
	pop	rax
	and	eax, 0x400
	cld
	CHK	F_ALL
	/* LOOP, JRCXZ, JECXZ. */
	mov	ecx, 5
	xor	eax, eax
2:	add	eax, ecx
	loop	2b
	CHK	F_ALL
	xor	ecx, ecx
	jrcxz	3f
	add	r15, 77
3:	mov	rcx, 0x100000000
	jecxz	4f
	add	r15, 99
4:	CHK	F_ALL
	EPILOGUE
