// The 64-bit helpers against BigInt arithmetic (the reference here: BigInt
// is exact, just too slow for the execute path).
import { describe, expect, it } from "vitest";
import * as I from "../../machine/core/int64";
import { Prng } from "../../machine/core/prng";

const M64 = (1n << 64n) - 1n;
const EDGES = [0n, 1n, 2n, 0x7fn, 0x80n, 0xffn, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n,
  0x7fffffffffffffffn, 0x8000000000000000n, 0xffffffffffffffffn, 0xfffffffffffffffen, 0x123456789abcdef0n,
  (1n << 53n) - 1n, 1n << 53n, (1n << 52n) + 12345n];

function values(count: number): bigint[] {
  const r = new Prng(42);
  const out = [...EDGES];
  for (let i = 0; i < count; i++) {
    const bits = r.below(65);
    const v = (BigInt(r.next()) << 32n | BigInt(r.next())) & ((1n << BigInt(bits)) - 1n);
    out.push(v);
  }
  return out;
}
const s64 = (v: bigint) => BigInt.asIntN(64, v);
const words = () => (BigInt(I.R[3] >>> 0) << 96n) | (BigInt(I.R[2] >>> 0) << 64n) | (BigInt(I.R[1] >>> 0) << 32n) | BigInt(I.R[0] >>> 0);
const pair = (v: bigint) => I.fromBig(v);

describe("int64 helpers match BigInt", () => {
  const vs = values(120);

  it("umul64 and smul64 give the full 128-bit product", () => {
    for (const a of vs) for (const b of vs.slice(0, 40)) {
      const [al, ah] = pair(a), [bl, bh] = pair(b);
      I.umul64(al, ah, bl, bh);
      expect(words()).toBe(a * b);
      I.smul64(al, ah, bl, bh);
      expect(words()).toBe(BigInt.asUintN(128, s64(a) * s64(b)));
    }
  });

  it("add64/sub64/ucmp64", () => {
    for (const a of vs) for (const b of vs.slice(0, 30)) {
      const [al, ah] = pair(a), [bl, bh] = pair(b);
      const lo = I.add64(al, ah, bl, bh);
      expect(I.toBig(lo, I.R[1])).toBe((a + b) & M64);
      const dl = I.sub64(al, ah, bl, bh);
      expect(I.toBig(dl, I.R[1])).toBe((a - b) & M64);
      expect(I.ucmp64(al, ah, bl, bh)).toBe(a < b ? -1 : a > b ? 1 : 0);
    }
  });

  it("udiv64/sdiv64 truncate toward zero like C", () => {
    for (const a of vs) for (const b of vs.slice(1, 40)) {
      if (b === 0n) continue;
      const [al, ah] = pair(a), [bl, bh] = pair(b);
      I.udiv64(al, ah, bl, bh);
      expect(I.toBig(I.R[0], I.R[1])).toBe(a / b);
      expect(I.toBig(I.R[2], I.R[3])).toBe(a % b);
      if (s64(a) === -(1n << 63n) && s64(b) === -1n) continue; // overflow: each CPU defines it
      I.sdiv64(al, ah, bl, bh);
      expect(I.toBig(I.R[0], I.R[1])).toBe(BigInt.asUintN(64, s64(a) / s64(b)));
      expect(I.toBig(I.R[2], I.R[3])).toBe(BigInt.asUintN(64, s64(a) % s64(b)));
    }
  });

  it("udiv128/sdiv128 divide RDX:RAX and flag quotients that overflow (SDM Vol. 2A DIV, IDIV)", () => {
    for (const hi of vs.slice(0, 25)) for (const lo of vs.slice(0, 12)) for (const d of vs.slice(1, 30)) {
      if (d === 0n) continue;
      const n = (hi << 64n) | lo;
      const [n0, n1] = pair(lo), [n2, n3] = pair(hi), [dl, dh] = pair(d);
      const over = I.udiv128(n0, n1, n2, n3, dl, dh);
      expect(over).toBe(n / d > M64);
      if (!over) {
        expect(I.toBig(I.R[0], I.R[1])).toBe(n / d);
        expect(I.toBig(I.R[2], I.R[3])).toBe(n % d);
      }
      const sn = BigInt.asIntN(128, n), sd = s64(d);
      const q = sn / sd;
      const sover = I.sdiv128(n0, n1, n2, n3, dl, dh);
      expect(sover).toBe(q > 0x7fffffffffffffffn || q < -(1n << 63n));
      if (!sover) {
        expect(I.toBig(I.R[0], I.R[1])).toBe(BigInt.asUintN(64, q));
        expect(I.toBig(I.R[2], I.R[3])).toBe(BigInt.asUintN(64, sn % sd));
      }
    }
  });

  it("bit counting and byte swapping", () => {
    for (const v of vs) {
      const [l, h] = pair(v);
      const bin = v.toString(2);
      expect(I.clz64(l, h)).toBe(v === 0n ? 64 : 64 - bin.length);
      expect(I.ctz64(l, h)).toBe(v === 0n ? 64 : bin.length - 1 - bin.lastIndexOf("1"));
      expect(I.popcnt32(l) + I.popcnt32(h)).toBe([...bin].filter((c) => c === "1").length);
      const b32 = Number(v & 0xffffffffn);
      expect(I.bswap32(b32) >>> 0).toBe(Number(BigInt(`0x${b32.toString(16).padStart(8, "0").match(/../g)!.reverse().join("")}`)));
    }
    expect(I.hex64(0x9abcdef0 | 0, 0x12345678)).toBe("123456789abcdef0");
  });
});
