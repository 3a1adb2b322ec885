/* HLT is privileged (SDM Vol. 2A "HLT": #GP(0) if CPL != 0): in user mode
 * Linux turns the #GP into SIGSEGV, exit status 128+11 = 139. */
	.file	"hlt.S"
#include "common.inc"

	PROLOGUE
	mov	eax, 1
	hlt
	EPILOGUE
