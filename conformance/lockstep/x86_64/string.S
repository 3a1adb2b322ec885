/* String instructions (SDM Vol. 2B "MOVS", "STOS", "LODS", "CMPS", "SCAS",
 * "REP/REPE/REPNE"): single and repeated, byte to quadword, forwards
 * (DF=0) and backwards (DF=1), REPE/REPNE stopping early, and RCX=0.
 * qemu logs each REP iteration separately; the harness allows our CPU to
 * do the whole instruction in one step. */
	.file	"string.S"
#include "common.inc"

	.macro SUM reg
	add	r15, \reg
	rol	r15, 5
	.endm

	PROLOGUE
	lea	rsi, [rip + src]
	lea	rdi, [rip + dst]
	mov	ecx, 64
	xor	eax, eax
1:	lea	edx, [rax * 8 + 3]
	mov	[rsi + rax], dl
	inc	eax
	loop	1b
	/* MOVS forwards */
	mov	ecx, 13
	rep movsb
	SUM	rsi
	SUM	rdi
	SUM	rcx
	mov	ecx, 3
	rep movsq
	movsw
	movsd
	SUM	rsi
	SUM	rdi
	/* STOS and LODS */
	lea	rdi, [rip + dst + 40]
	mov	rax, 0x0123456789abcdef
	mov	ecx, 5
	rep stosb
	stosw
	stosd
	mov	ecx, 2
	rep stosq
	SUM	rdi
	lea	rsi, [rip + dst]
	lodsb
	SUM	rax
	lodsw
	SUM	rax
	lodsd
	SUM	rax
	lodsq
	SUM	rax
	/* Zero count: nothing happens. */
	xor	ecx, ecx
	rep movsb
	rep stosq
	SUM	rsi
	SUM	rdi
	/* CMPS / SCAS with REPE and REPNE */
	lea	rsi, [rip + src]
	lea	rdi, [rip + dst]
	mov	ecx, 40
	repe cmpsb
	pushfq
	pop	rax
	and	eax, F_ALL
	SUM	rax
	SUM	rcx
	SUM	rsi
	lea	rdi, [rip + src]
	mov	al, 83
	mov	ecx, 64
	repne scasb
	pushfq
	pop	rdx
	and	edx, F_ALL
	SUM	rdx
	SUM	rcx
	SUM	rdi
	lea	rdi, [rip + src]
	mov	eax, 0x2b231b13
	scasd
	pushfq
	pop	rdx
	and	edx, F_ALL
	SUM	rdx
	/* Backwards: DF=1 */
	std
	lea	rsi, [rip + src + 63]
	lea	rdi, [rip + dst + 127]
	mov	ecx, 17
	rep movsb
	SUM	rsi
	SUM	rdi
	lea	rdi, [rip + dst + 120]
	mov	ecx, 4
	mov	rax, -2
	rep stosq
	SUM	rdi
	lea	rsi, [rip + dst + 100]
	lodsd
	SUM	rax
	SUM	rsi
	cld
	/* Fold the destination buffer. */
	lea	rsi, [rip + dst]
	mov	ecx, 16
2:	lodsq
	SUM	rax
	loop	2b
	mov	rax, r15
	EPILOGUE
	.bss
src:	.space	64
dst:	.space	128
