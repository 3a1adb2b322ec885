/* BRK #imm is a software breakpoint (Arm ARM C6.2 BRK, exception class
 * 0x3c): Linux sends SIGTRAP, exit status 128+5 = 133. */
	.file	"brk.S"
#include "common.inc"

	PROLOGUE
	mov	x0, #1
	brk	#0x3e8
	EPILOGUE
