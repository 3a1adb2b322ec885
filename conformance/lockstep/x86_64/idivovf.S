/* IDIV whose quotient does not fit also raises #DE (SDM Vol. 2A "IDIV":
 * INT_MIN / -1 = 2^63 overflows a signed 64-bit quotient): SIGFPE, status 136. */
	.file	"idivovf.S"
#include "common.inc"

	PROLOGUE
	mov	rax, 0x8000000000000000
	cqo
	mov	rcx, -1
	idiv	rcx
	EPILOGUE
