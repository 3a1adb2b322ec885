// Address-space layout randomization: each program's code, heap and stack
// start at addresses an attacker cannot guess, so an exploit cannot jump to
// a known address. MinOS draws them from the kernel's seed (kernel.state.seed,
// `seed=N` on the command line) with a small PRNG of its own, so a run is
// still exactly reproducible: same seed, same layout; another seed, another.
//
// The ranges (user half, both arches; pages of 4 KiB):
//   program base  0x1000_0000 + r * 4 KiB, r < 2^16    (16 bits; a static PIE moves as a whole)
//   heap start    program end + r * 4 KiB, r < 2^13    (13 bits, up to 32 MiB above the program, as Linux's brk)
//   stack top     0x7ff0_0000_0000 + r * 4 KiB, r < 2^22  (22 bits, Linux x86_64's stack entropy)
// `aslr=off` on the command line fixes every r at 0 (a debugging aid).

import type { Kernel } from "../../01-boot/kernel/kernel";

declare module "../../01-boot/kernel/kernel" {
  interface KernelState {
    /** The ASLR generator's state (xorshift32), seeded from `seed` at the first draw; null until then. */
    aslr: { state: number; off: boolean } | null;
  }
}

export const PAGE = 4096;
export const PROGRAM_BASE = 0x1000_0000;
export const STACK_TOP_BASE = 0x7ff0_0000_0000;
export const RANGE_BITS = { program: 16, heap: 13, stack: 22 } as const;

export interface Layout {
  /** Where a static PIE's address 0 goes (page aligned); an ET_EXEC program stays where it was linked. */
  base: number;
  /** First address of the heap (page aligned); brk starts here. */
  heapStart: number;
  /** One past the highest stack address (page aligned); the stack grows down from here. */
  stackTop: number;
}

// @snippet aslr-prng
/**
 * Marsaglia's xorshift32 (2003): three shifts and xors, period 2^32 - 1,
 * plenty for choosing addresses and, above all, a pure function of the seed.
 * The seed is first mixed (a multiply by the golden ratio constant) so that
 * seeds 1, 2, 3 do not start from nearly equal states; zero is not a valid state.
 */
export function nextRandom(kn: Kernel): number {
  let g = kn.state.aslr;
  if (g === null) {
    const mixed = Math.imul((kn.state.seed >>> 0) ^ 0x5bd1e995, 0x9e3779b9) >>> 0;
    g = kn.state.aslr = { state: mixed === 0 ? 0x6d2b79f5 : mixed, off: /(^|\s)aslr=off(\s|$)/.test(kn.state.boot?.cmdline ?? "") };
  }
  let x = g.state;
  x ^= x << 13; x >>>= 0;
  x ^= x >>> 17;
  x ^= x << 5; x >>>= 0;
  g.state = x;
  return x;
}
// @end aslr-prng

/** A random whole number of pages below 2^bits (0 with `aslr=off`). */
function pages(kn: Kernel, bits: number): number {
  const r = nextRandom(kn) % 2 ** bits;                      // the low `bits` bits (bits <= 32)
  return kn.state.aslr!.off ? 0 : r;
}

// @snippet aslr-layout
/**
 * Choose a new program's layout. `size` is the span of its segments (a
 * static PIE's high - low); `fixed` gives an ET_EXEC program's own range,
 * which cannot move (only its heap and stack are randomized then).
 */
export function chooseLayout(kn: Kernel, size: number, fixed?: { low: number; high: number }): Layout {
  const base = fixed ? 0 : PROGRAM_BASE + pages(kn, RANGE_BITS.program) * PAGE;
  const end = fixed ? fixed.high : base + Math.ceil(size / PAGE) * PAGE;
  const heapStart = end + pages(kn, RANGE_BITS.heap) * PAGE;
  const stackTop = STACK_TOP_BASE + pages(kn, RANGE_BITS.stack) * PAGE;
  return { base, heapStart, stackTop };
}
// @end aslr-layout
