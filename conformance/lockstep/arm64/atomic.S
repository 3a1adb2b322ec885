/* Atomics (Arm ARM C6.2): load/store-exclusive loops (LDXR/STXR,
 * LDAXR/STLXR, a failed STXR after CLREX), load-acquire/store-release
 * (LDAR/STLR), and the ARMv8.1 LSE instructions (LDADD, SWP, CAS, CASP,
 * LDCLR, LDSET, LDEOR) a libc may use. Single-threaded, so the results are
 * deterministic. */
	.file	"atomic.S"
	.arch	armv8.1-a
#include "common.inc"

	PROLOGUE
	adr	x9, cell
	mov	x1, #10
	str	x1, [x9]
1:	ldxr	x0, [x9]		/* atomic add 5 with an LL/SC loop */
	add	x2, x0, #5
	stxr	w3, x2, [x9]
	cbnz	w3, 1b
	CHK
	ldr	x0, [x9]
	CHK
2:	ldaxr	w0, [x9]
	add	w2, w0, #1
	stlxr	w3, w2, [x9]
	cbnz	w3, 2b
	ldar	x0, [x9]
	CHK
	ldxr	x0, [x9]
	clrex				/* drop the reservation: the store must fail */
	stxr	w3, x1, [x9]
	mov	x0, x3
	CHK
	mov	x1, #0x77
	stlr	x1, [x9]
	ldar	w0, [x9]
	CHK
	mov	x1, #3
	ldadd	x1, x0, [x9]		/* x0 = old (0x77), cell += 3 */
	CHK
	ldaddal	w1, w0, [x9]
	CHK
	mov	x1, #0x100
	swp	x1, x0, [x9]
	CHK
	mov	x0, #0x100
	mov	x1, #0x200
	cas	x0, x1, [x9]		/* matches: cell = 0x200, x0 = 0x100 */
	CHK
	mov	x0, #0x999
	casal	x0, x1, [x9]		/* no match: x0 = 0x200 */
	CHK
	mov	x1, #0xf0
	ldclr	x1, x0, [x9]
	CHK
	ldset	x1, x0, [x9]
	CHK
	ldeor	x1, x0, [x9]
	CHK
	ldr	x0, [x9]
	CHK
	adr	x10, pair		/* CASP needs even/odd register pairs */
	mov	x0, #0
	mov	x1, #0
	mov	x2, #0x1111
	mov	x3, #0x2222
	casp	x0, x1, x2, x3, [x10]
	CHK
	add	x15, x15, x1
	casp	x0, x1, x2, x3, [x10]
	CHK
	add	x15, x15, x1
	EPILOGUE
	.data
	.balign	16
cell:	.quad	0, 0
pair:	.quad	0, 0
