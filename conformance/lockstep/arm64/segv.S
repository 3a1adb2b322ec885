/* A load from an unmapped address is a data abort, which Linux delivers as
 * SIGSEGV: exit status 128+11 = 139. Before it, SDIV by zero must NOT trap
 * (Arm ARM C6.2 SDIV: division by zero gives 0). */
	.file	"segv.S"
#include "common.inc"

	PROLOGUE
	mov	x1, #100
	mov	x2, #0
	sdiv	x0, x1, x2
	udiv	w3, w1, w2
	add	x15, x15, x0
	mov	x4, #0x10
	ldr	x5, [x4]		/* page 0 is never mapped */
	EPILOGUE
