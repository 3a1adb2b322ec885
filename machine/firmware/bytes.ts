// A growable byte buffer for the firmware's writers. Boot formats mix byte
// orders: Multiboot2 and cpio lengths are little-endian (x86), a flattened
// device tree is big-endian (it was born on PowerPC). Every writer here
// appends to a ByteSink and patches sizes it only knows at the end.

export class ByteSink {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  /** Bytes written so far. */
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void { this.reserve(1); this.buf[this.length++] = v & 0xff; }
  u32le(v: number): void { this.reserve(4); this.view.setUint32(this.length, v >>> 0, true); this.length += 4; }
  u32be(v: number): void { this.reserve(4); this.view.setUint32(this.length, v >>> 0, false); this.length += 4; }
  u64le(v: bigint): void { this.reserve(8); this.view.setBigUint64(this.length, BigInt.asUintN(64, v), true); this.length += 8; }
  u64be(v: bigint): void { this.reserve(8); this.view.setBigUint64(this.length, BigInt.asUintN(64, v), false); this.length += 8; }
  bytes(b: Uint8Array): void { this.reserve(b.length); this.buf.set(b, this.length); this.length += b.length; }
  /** A UTF-8 string followed by a NUL, as C expects. */
  cstring(s: string): void { this.bytes(utf8(s)); this.u8(0); }
  /** Zero bytes up to the next multiple of `n` (a power of two). */
  align(n: number): void { while (this.length % n !== 0) this.u8(0); }

  /** Overwrite a 32-bit field written earlier (a size known only now). */
  patchU32le(at: number, v: number): void { this.view.setUint32(at, v >>> 0, true); }
  patchU32be(at: number, v: number): void { this.view.setUint32(at, v >>> 0, false); }

  /** A copy of exactly the bytes written. */
  finish(): Uint8Array { return this.buf.slice(0, this.length); }
}

const enc = new TextEncoder();
const dec = new TextDecoder("utf-8", { fatal: false });

export function utf8(s: string): Uint8Array { return enc.encode(s); }

/** The NUL-terminated string at `at` (without the NUL); throws if unterminated before `end`. */
export function readCString(b: Uint8Array, at: number, end: number, what: string): string {
  let i = at;
  while (i < end && b[i] !== 0) i++;
  if (i >= end) throw new FormatError(`${what}: string at offset ${at} is not NUL-terminated`);
  return dec.decode(b.subarray(at, i));
}

export function alignUp(v: number, n: number): number { return Math.ceil(v / n) * n; }

/** A malformed input to one of the firmware's readers: the message says where and what. */
export class FormatError extends Error {
  override name = "FormatError";
}

export function hex(v: number | bigint): string { return "0x" + v.toString(16); }
