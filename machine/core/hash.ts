// A 64-bit FNV-1a hash, for telling whether two runs reached the same state.
//
// FNV-1a (Fowler, Noll, Vo; the IETF draft-eastlake-fnv) takes each byte,
// XORs it into the state and multiplies by the 64-bit FNV prime
// 2^40 + 0x1b3. We keep the state as two 32-bit halves so no BigInt is
// needed: multiplying (hi:lo) by 2^40 + 0x1b3 is
//     (hi:lo) * 0x1b3  +  (lo << 40)
// and the second term only adds lo << 8 to the high half. lo * 0x1b3 is
// below 2^41, exact in a double, so its carry into the high half is a
// division. This is not a cryptographic hash: it detects accidental
// divergence (a device firing a tick late, a stray store), not tampering.
//
// `value` hashes structured data the way device save() returns it: a tag per
// type, object keys sorted, so two equal states hash equal whatever order
// their fields were written in.

/** A 64-bit hash as 16 hex digits. */
export type Hash64 = string;

const OFFSET_HI = 0xcbf29ce4, OFFSET_LO = 0x84222325, PRIME_LO = 0x1b3;
const TWO32 = 4294967296;

export class Fnv64 {
  private hi = OFFSET_HI | 0;
  private lo = OFFSET_LO | 0;
  private readonly f64 = new DataView(new ArrayBuffer(8));

  /** Mix in one byte. */
  byte(b: number): void {
    const lo = (this.lo ^ (b & 0xff)) >>> 0;
    const p = lo * PRIME_LO;
    this.hi = (Math.imul(this.hi, PRIME_LO) + Math.floor(p / TWO32) + (lo << 8)) | 0;
    this.lo = p | 0;
  }

  /** Mix in a run of bytes (RAM, a disk image). */
  bytes(a: Uint8Array): void {
    let hi = this.hi, lo = this.lo >>> 0;
    for (let i = 0; i < a.length; i++) {
      lo = (lo ^ a[i]) >>> 0;
      const p = lo * PRIME_LO;
      hi = (Math.imul(hi, PRIME_LO) + Math.floor(p / TWO32) + (lo << 8)) | 0;
      lo = p >>> 0;
    }
    this.hi = hi; this.lo = lo | 0;
  }

  /**
   * Mix in 32-bit words, one FNV-1a step per word instead of per byte (the
   * same construction over 32-bit symbols: 4x fewer steps, for RAM). The
   * carry of lo * 0x1b3 comes from 16-bit halves, so the loop is int-only.
   */
  words(a: Int32Array): void {
    let hi = this.hi, lo = this.lo;
    for (let i = 0; i < a.length; i++) {
      lo ^= a[i];
      const carry = (((lo >>> 16) * PRIME_LO) + (((lo & 0xffff) * PRIME_LO) >>> 16)) >>> 16;
      hi = (Math.imul(hi, PRIME_LO) + carry + (lo << 8)) | 0;
      lo = Math.imul(lo, PRIME_LO);
    }
    this.hi = hi; this.lo = lo;
  }

  private u32(v: number): void { for (let k = 0; k < 32; k += 8) this.byte(v >>> k); }

  /** Mix in structured data: numbers, strings, booleans, null, arrays, typed arrays, Maps, plain objects. */
  value(v: unknown): void {
    if (v === null) { this.byte(1); return; }
    switch (typeof v) {
      case "undefined": this.byte(2); return;
      case "boolean": this.byte(v ? 4 : 3); return;
      case "number": this.byte(5); this.f64.setFloat64(0, v, true); for (let k = 0; k < 8; k++) this.byte(this.f64.getUint8(k)); return;
      case "bigint": this.byte(6); this.value(v.toString(16)); return;
      case "string": this.byte(7); this.u32(v.length); for (let i = 0; i < v.length; i++) { const c = v.charCodeAt(i); this.byte(c); this.byte(c >> 8); } return;
    }
    if (ArrayBuffer.isView(v)) {
      this.byte(8); this.u32(v.byteLength);
      this.bytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      return;
    }
    if (Array.isArray(v)) { this.byte(9); this.u32(v.length); for (const x of v) this.value(x); return; }
    if (v instanceof Map) { this.byte(10); this.u32(v.size); for (const [k, x] of v) { this.value(k); this.value(x); } return; }
    if (typeof v === "object") {
      const o = v as Record<string, unknown>, keys = Object.keys(o).sort();
      this.byte(11); this.u32(keys.length);
      for (const k of keys) { this.value(k); this.value(o[k]); }
      return;
    }
    throw new TypeError(`cannot hash a ${typeof v} (save() data must be plain)`);
  }

  /** The hash so far, as 16 hex digits. */
  digest(): Hash64 {
    return (this.hi >>> 0).toString(16).padStart(8, "0") + (this.lo >>> 0).toString(16).padStart(8, "0");
  }
}

export function fnv64(): Fnv64 { return new Fnv64(); }

/** FNV-1a 64 of some bytes, or of a string's UTF-8 encoding. */
export function fnv1a64(data: Uint8Array | string): Hash64 {
  const h = new Fnv64();
  h.bytes(typeof data === "string" ? new TextEncoder().encode(data) : data);
  return h.digest();
}
