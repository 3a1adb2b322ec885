/* A fault ends the process: DIV by zero raises #DE (SDM Vol. 3A 6.15,
 * interrupt 0), which Linux delivers as SIGFPE; the exit status is the
 * shell's 128+8 = 136. The registers just before are still compared. */
	.file	"divzero.S"
#include "common.inc"

	PROLOGUE
	mov	eax, 100
	cdq
	mov	ecx, 7
	div	ecx			/* fine: 14 r 2 */
	add	r15, rax
	add	r15, rdx
	xor	ecx, ecx
	xor	edx, edx
	div	ecx			/* #DE */
	EPILOGUE
