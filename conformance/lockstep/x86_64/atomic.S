/* Atomic read-modify-write (SDM Vol. 2: LOCK prefix, XADD, CMPXCHG,
 * XCHG with memory, which is implicitly locked), as a libc's
 * mutexes and reference counts use them. Single-threaded here, so the
 * values are deterministic; the point is decoding and the flag/register
 * results (CMPXCHG sets ZF and loads RAX on failure). */
	.file	"atomic.S"
#include "common.inc"

	PROLOGUE
	lea	rbx, [rip + cell]
	mov	qword ptr [rbx], 10
	mov	eax, 5
	lock xadd [rbx], rax		/* rax = 10, cell = 15 */
	CHK	F_ALL
	mov	rax, [rbx]
	CHK	F_ALL
	mov	eax, 15
	mov	ecx, 100
	lock cmpxchg [rbx], rcx		/* succeeds: ZF=1, cell = 100 */
	CHK	F_ALL
	mov	eax, 15
	lock cmpxchg [rbx], rcx		/* fails: ZF=0, rax = 100 */
	CHK	F_ALL
	mov	eax, 7
	xchg	[rbx], rax		/* rax = 100, cell = 7 */
	CHK	F_ALL
	lock inc qword ptr [rbx]
	CHK	F_ALL
	lock dec dword ptr [rbx]
	CHK	F_ALL
	lock add byte ptr [rbx], 0xff
	CHK	F_ALL
	lock bts qword ptr [rbx], 40
	CHK	F_C
	lock btr qword ptr [rbx], 40
	CHK	F_C
	lock or dword ptr [rbx + 4], 0x80000000
	mov	rax, [rbx]
	CHK	F_ALL
	lock neg qword ptr [rbx]
	mov	rax, [rbx]
	CHK	F_ALL
	EPILOGUE
	.data
	.balign	16
cell:	.quad	0, 0
