/* Self-modifying code (SDM Vol. 3A 11.6, "Self-Modifying Code": a write to
 * a code byte that is about to execute takes effect before it executes, even
 * for the very next instruction). An emulator that caches decoded blocks
 * must notice the store (PhysMem.onCodeWrite) and drop the stale decode.
 * The code lives in a writable+executable section. */
	.file	"smc.S"
#include "common.inc"

	PROLOGUE
	call	patchme			/* returns 1 */
	CHK	0
	mov	ecx, 5
1:	mov	[rip + patchme + 1], ecx	/* rewrite the imm32 of `mov eax, 1` */
	call	patchme			/* returns 5, 4, 3, 2, 1 */
	add	r15, rax
	rol	r15, 3
	dec	ecx
	jnz	1b
	call	nextinsn		/* patches the instruction right after the store */
	CHK	0
	call	nextinsn		/* second time: already patched */
	CHK	0
	mov	byte ptr [rip + patchme], 0xc3	/* the first byte becomes RET */
	mov	eax, 77
	call	patchme
	CHK	0
	EPILOGUE

	.section .wtext, "awx", @progbits
patchme:
	mov	eax, 1
	ret
nextinsn:
	mov	dword ptr [rip + 2f + 1], 0x1234
2:	mov	eax, 0
	ret
