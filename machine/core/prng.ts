// A seeded pseudo-random number generator: every bit of randomness in the
// machine and the kernel (ASLR, scheduling jitter in tests) comes from one of
// these, so a run replays exactly from its seed.
//
// Algorithm: xoshiro128** (Blackman & Vigna), seeded through splitmix32. Its
// state is four 32-bit words, cheap to snapshot.

export class Prng {
  private s = new Uint32Array(4);

  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      // splitmix32: spreads a small seed over the whole state
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  next(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A uniformly distributed integer in [0, n), n <= 2^32, without modulo bias. */
  below(n: number): number {
    if (n <= 0) throw new RangeError("Prng.below needs n > 0");
    const limit = Math.floor(4294967296 / n) * n;
    let v: number;
    do v = this.next(); while (v >= limit);
    return v % n;
  }

  /** The state, for snapshots. */
  save(): number[] { return Array.from(this.s); }
  restore(state: readonly number[]): void { this.s.set(state); }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
