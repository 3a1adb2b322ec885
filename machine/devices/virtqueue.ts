// A split virtqueue, the device's side (virtio v1.1 section 2.6).
//
// Three areas in guest *physical* memory, whose addresses the driver gives
// through the MMIO transport:
//   descriptor table  16 bytes each: addr le64, len le32, flags le16, next le16   (2.6.5)
//   driver area       the available ring: flags le16, idx le16, ring[num] le16     (2.6.6)
//   device area       the used ring: flags le16, idx le16, ring[num] {id le32, len le32} (2.6.8)
// The driver puts the head of a descriptor chain in the available ring and
// bumps avail.idx; the device consumes heads from `lastAvail` up to
// avail.idx, and returns each chain by writing {head, bytes written} in the
// used ring and bumping used.idx. Both indices are free-running 16-bit
// counters; the slot is idx mod num.
//
// A driver mistake (a descriptor outside RAM, a loop in a chain, an indirect
// descriptor we never offered) throws VirtioError; the transport then sets
// DEVICE_NEEDS_RESET, as 2.1.2 describes.

import type { PhysMem } from "../core/physmem";

export const VIRTQ_DESC_F_NEXT = 1, VIRTQ_DESC_F_WRITE = 2, VIRTQ_DESC_F_INDIRECT = 4;
export const VIRTQ_AVAIL_F_NO_INTERRUPT = 1;

/** A driver error the device cannot recover from without a reset. */
export class VirtioError extends Error {}

/** One buffer of a chain: guest-physical address, length, device-writable? */
export interface VirtqBuffer { addr: number; len: number; write: boolean }

export interface SplitQueueState {
  num: number; ready: boolean; descAddr: number; driverAddr: number; deviceAddr: number; lastAvail: number; usedIdx: number;
}

export class SplitQueue {
  num = 0;
  ready = false;
  descAddr = 0;
  driverAddr = 0;
  deviceAddr = 0;
  /** Next available-ring index the device will read. */
  lastAvail = 0;
  /** Our copy of used.idx. */
  usedIdx = 0;

  constructor(private readonly mem: PhysMem, readonly maxSize: number) {}

  reset(): void {
    this.num = 0; this.ready = false; this.descAddr = 0; this.driverAddr = 0; this.deviceAddr = 0;
    this.lastAvail = 0; this.usedIdx = 0;
  }

  private u16(pa: number): number {
    this.check(pa, 2);
    return this.mem.view.getUint16(this.mem.offsetOf(pa), true);
  }

  private check(pa: number, len: number): void {
    if (!this.mem.isRam(pa, len)) throw new VirtioError(`virtqueue access at 0x${pa.toString(16)} (+${len}) is outside RAM`);
  }

  /** The driver asked not to be interrupted (avail.flags bit 0; 2.6.7). */
  noInterrupt(): boolean { return (this.u16(this.driverAddr) & VIRTQ_AVAIL_F_NO_INTERRUPT) !== 0; }

  /** The next available chain's head index, or -1 when the driver has posted nothing new. */
  popAvail(): number {
    const idx = this.u16(this.driverAddr + 2);
    if (idx === this.lastAvail) return -1;
    if (((idx - this.lastAvail) & 0xffff) > this.num) throw new VirtioError(`avail.idx ${idx} is more than ${this.num} ahead of the device's ${this.lastAvail}`);
    const head = this.u16(this.driverAddr + 4 + 2 * (this.lastAvail % this.num));
    this.lastAvail = (this.lastAvail + 1) & 0xffff;
    if (head >= this.num) throw new VirtioError(`available ring names descriptor ${head}, queue size is ${this.num}`);
    return head;
  }

  /** Walk the chain starting at `head` (2.6.5). */
  chain(head: number): VirtqBuffer[] {
    const out: VirtqBuffer[] = [];
    let i = head;
    for (;;) {
      if (out.length >= this.num) throw new VirtioError(`descriptor chain from ${head} loops`);
      let d = this.descAddr + 16 * i;
      this.check(d, 16);
      const v = this.mem.view;
      d = this.mem.offsetOf(d);
      const addr = v.getUint32(d + 4, true) * 4294967296 + v.getUint32(d, true);
      const len = v.getUint32(d + 8, true), flags = v.getUint16(d + 12, true), next = v.getUint16(d + 14, true);
      if (flags & VIRTQ_DESC_F_INDIRECT) throw new VirtioError("indirect descriptor, but VIRTIO_F_INDIRECT_DESC was not offered");
      this.check(addr, len);
      out.push({ addr, len, write: (flags & VIRTQ_DESC_F_WRITE) !== 0 });
      if (!(flags & VIRTQ_DESC_F_NEXT)) return out;
      if (next >= this.num) throw new VirtioError(`descriptor ${i} chains to ${next}, queue size is ${this.num}`);
      i = next;
    }
  }

  /** Return a chain: used.ring[used.idx % num] = {head, len}, then used.idx++ (2.6.8). */
  pushUsed(head: number, len: number): void {
    const slot = this.deviceAddr + 4 + 8 * (this.usedIdx % this.num);
    this.check(slot, 8);
    this.mem.write(slot, 4, head);
    this.mem.write(slot + 4, 4, len);
    this.usedIdx = (this.usedIdx + 1) & 0xffff;
    this.mem.write(this.deviceAddr + 2, 2, this.usedIdx); // the index goes last: the entry must be visible first
  }

  /** The queue's registers and indices as plain data (a snapshot). */
  save(): SplitQueueState {
    return { num: this.num, ready: this.ready, descAddr: this.descAddr, driverAddr: this.driverAddr,
      deviceAddr: this.deviceAddr, lastAvail: this.lastAvail, usedIdx: this.usedIdx };
  }

  restore(s: SplitQueueState): void {
    this.num = s.num; this.ready = s.ready; this.descAddr = s.descAddr; this.driverAddr = s.driverAddr;
    this.deviceAddr = s.deviceAddr; this.lastAvail = s.lastAvail; this.usedIdx = s.usedIdx;
  }

  /** Check the three areas fit in RAM once the driver marks the queue ready. */
  validate(): void {
    this.check(this.descAddr, 16 * this.num);
    this.check(this.driverAddr, 6 + 2 * this.num);
    this.check(this.deviceAddr, 6 + 8 * this.num);
  }
}

/** Copy `data` into the device-writable buffers from byte `skip` on; returns bytes written. */
export function scatter(mem: PhysMem, bufs: VirtqBuffer[], data: Uint8Array, skip = 0): number {
  let pos = 0, off = 0;
  for (const b of bufs) {
    if (!b.write) continue;
    const start = Math.max(skip - off, 0);
    off += b.len;
    if (start >= b.len) continue;
    const n = Math.min(b.len - start, data.length - pos);
    if (n <= 0) break;
    mem.load(b.addr + start, data.subarray(pos, pos + n)); // load() also drops decoded code there
    pos += n;
  }
  return pos;
}

/** The device-readable bytes of a chain, concatenated (the driver may frame them any way; 2.6.4). */
export function gather(mem: PhysMem, bufs: VirtqBuffer[]): Uint8Array {
  let n = 0;
  for (const b of bufs) if (!b.write) n += b.len;
  const out = new Uint8Array(n);
  let pos = 0;
  for (const b of bufs) if (!b.write) { out.set(mem.subarray(b.addr, b.len), pos); pos += b.len; }
  return out;
}

/** Total bytes the device may write in a chain. */
export function writableLength(bufs: VirtqBuffer[]): number {
  let n = 0;
  for (const b of bufs) if (b.write) n += b.len;
  return n;
}
