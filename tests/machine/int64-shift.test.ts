// shl64/shr64/sar64/ror64 on (lo, hi) halves, checked against BigInt
// arithmetic for every shift count and a spread of values.

import { describe, expect, it } from "vitest";
import { fromBig, R, ror64, sar64, shl64, shr64, toBig } from "../../machine/core/int64";

const M = (1n << 64n) - 1n;
const VALUES = [0n, 1n, 0x80000000n, 0xffffffffn, 0x100000000n, 0x8000000000000000n, M, 0x0123456789abcdefn,
  0xfedcba9876543210n, 0x7fffffffffffffffn];

function check(fn: (lo: number, hi: number, n: number) => number, ref: (v: bigint, n: bigint) => bigint): void {
  for (const v of VALUES) {
    const [lo, hi] = fromBig(v);
    for (let n = 0; n < 64; n++) {
      const rlo = fn(lo, hi, n), rhi = R[1];
      expect(toBig(rlo, rhi), `${v.toString(16)} by ${n}`).toBe(ref(v, BigInt(n)) & M);
    }
  }
}

describe("64-bit shifts on int32 halves", () => {
  it("shl64", () => check(shl64, (v, n) => v << n));
  it("shr64", () => check(shr64, (v, n) => v >> n));
  it("sar64", () => check(sar64, (v, n) => BigInt.asIntN(64, v) >> n));
  it("ror64", () => check(ror64, (v, n) => (v >> n) | (v << ((64n - n) % 64n))));
});
