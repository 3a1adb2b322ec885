/* UDF #imm is permanently undefined (Arm ARM C6.2 UDF): an Undefined
 * Instruction exception, which Linux turns into SIGILL: exit status
 * 128+4 = 132. */
	.file	"udf.S"
#include "common.inc"

	PROLOGUE
	mov	x0, #1
	udf	#0
	EPILOGUE
