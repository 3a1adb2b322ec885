/* CMPXCHG8B and CMPXCHG16B (SDM Vol. 2A "CMPXCHG8B/CMPXCHG16B", opcode
 * 0F C7 /1): compare EDX:EAX (RDX:RAX) with memory; if equal store ECX:EBX
 * (RCX:RBX) and set ZF, else load memory into EDX:EAX (RDX:RAX) and clear
 * ZF. CMPXCHG16B needs a 16-byte aligned operand (#GP otherwise). Lock-free
 * queues and 128-bit atomics use them. */
	.file	"cmpxchg16b.S"
#include "common.inc"

	PROLOGUE
	lea	rsi, [rip + pair]
	xor	eax, eax
	xor	edx, edx
	mov	ebx, 0x1111
	mov	ecx, 0x2222
	lock cmpxchg8b [rsi]		/* memory is 0:0 -> succeeds */
	CHK	F_Z
	lock cmpxchg8b [rsi]		/* now fails: EDX:EAX = 0x2222:0x1111 */
	CHK	F_Z
	add	r15, rdx
	xor	eax, eax
	xor	edx, edx
	mov	qword ptr [rsi], 0
	mov	rbx, 0x1111000000000000
	mov	rcx, 0x2222000000000000
	lock cmpxchg16b [rsi]		/* memory is 0:0 -> succeeds */
	CHK	F_Z
	add	r15, rdx
	lock cmpxchg16b [rsi]		/* now fails: RDX:RAX = memory */
	CHK	F_Z
	add	r15, rdx
	EPILOGUE
	.data
	.balign	16
pair:	.quad	0, 0
