/* UD2 always raises #UD (SDM Vol. 2B "UD"): Linux sends SIGILL, so the
 * exit status is 128+4 = 132. */
	.file	"ud2.S"
#include "common.inc"

	PROLOGUE
	mov	eax, 1
	ud2
	EPILOGUE
