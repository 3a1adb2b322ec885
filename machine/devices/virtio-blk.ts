// A virtio block device (virtio v1.1 section 5.2): one request queue over a
// disk image held in a Uint8Array, in 512-byte sectors.
//
// A request is a descriptor chain (5.2.6):
//   struct virtio_blk_req { le32 type; le32 reserved; le64 sector;   // device-readable
//                           u8 data[];                               // readable (OUT) or writable (IN)
//                           u8 status; }                             // device-writable, last byte
// type: IN 0 (read sectors into data), OUT 1 (write data to sectors),
// GET_ID 8 (a 20-byte serial string), anything else answers UNSUPP.
// status: OK 0, IOERR 1, UNSUPP 2.
//
// Timing: every request completes BLK_LATENCY ticks after the notify that
// submitted it — a fixed, documented latency, so a run replays exactly. The
// data moves and the used ring is written at completion, then the transport
// raises the interrupt. Requests are independent; several in flight
// complete in submission order.
//
// Configuration space (5.2.4): capacity le64 at offset 0 (in 512-byte
// sectors); the remaining fields are zero as we offer none of the features
// that give them meaning. We offer VIRTIO_BLK_F_RO (bit 5) for a read-only
// image, and nothing else beyond VIRTIO_F_VERSION_1.

import type { PhysMem } from "../core/physmem";
import type { SplitQueue, VirtqBuffer } from "./virtqueue";
import { gather, scatter, writableLength } from "./virtqueue";
import { VirtioMmio, type VirtioBackend } from "./virtio-mmio";
import { IrqLine } from "./irq";
import { DeviceClock, cancel, pendingOf, type PendingEvent } from "./time";

/** A request between notify and completion: its chain as read at notify time, and its completion event. */
interface BlkRequest { q: number; head: number; bufs: VirtqBuffer[]; ev: PendingEvent }

/**
 * The block device's part of a snapshot (plain data). `image` is a copy of
 * the disk, shared between saves while the driver does not write to it.
 */
export interface VirtioBlkState { completed: number; inFlight: BlkRequest[]; image: Uint8Array }
import type { TimedEvent } from "../core/clock";

export const VIRTIO_ID_BLOCK = 2;
export const VIRTIO_BLK_T_IN = 0, VIRTIO_BLK_T_OUT = 1, VIRTIO_BLK_T_GET_ID = 8;
export const VIRTIO_BLK_S_OK = 0, VIRTIO_BLK_S_IOERR = 1, VIRTIO_BLK_S_UNSUPP = 2;
export const VIRTIO_BLK_F_RO = 1 << 5;
export const SECTOR = 512;
export const VIRTIO_BLK_ID_BYTES = 20;
/** Ticks from notify to completion (50 µs at the nominal 100 MHz). */
export const BLK_LATENCY = 5000;
/** Entries in the request queue (QueueNumMax). */
export const BLK_QUEUE_MAX = 256;

export interface VirtioBlkOptions {
  readOnly?: boolean;
  /** The serial GET_ID returns (at most 20 bytes). */
  serial?: string;
  latency?: number;
}

export class VirtioBlk implements VirtioBackend {
  readonly deviceId = VIRTIO_ID_BLOCK;
  readonly features: readonly [number, number];
  readonly queueCount = 1;
  readonly queueMax = BLK_QUEUE_MAX;
  readonly transport: VirtioMmio;
  readonly latency: number;
  private readonly readOnly: boolean;
  private readonly serial: Uint8Array;
  private readonly config = new Uint8Array(60);
  private inFlight: TimedEvent[] = [];
  /** The chain and queue of each in-flight event, for save(). */
  private readonly requests = new Map<TimedEvent, { q: number; head: number; bufs: VirtqBuffer[] }>();
  /** Bumped by every write to the image; a save copies the image only when it moved. */
  private imageVersion = 0;
  private savedImage: { version: number; copy: Uint8Array } | null = null;
  /** Requests completed so far (for the debugger and tests). */
  completed = 0;

  constructor(private readonly clock: DeviceClock, mem: PhysMem, irq: IrqLine, readonly image: Uint8Array, opts: VirtioBlkOptions = {}) {
    if (image.length % SECTOR !== 0) throw new RangeError(`disk image is ${image.length} bytes, not a whole number of 512-byte sectors`);
    this.readOnly = opts.readOnly ?? false;
    this.latency = opts.latency ?? BLK_LATENCY;
    this.features = [this.readOnly ? VIRTIO_BLK_F_RO : 0, 0];
    this.serial = new Uint8Array(VIRTIO_BLK_ID_BYTES);
    this.serial.set(new TextEncoder().encode(opts.serial ?? "minos-virtio-blk").subarray(0, VIRTIO_BLK_ID_BYTES));
    new DataView(this.config.buffer).setBigUint64(0, BigInt(image.length / SECTOR), true);
    this.transport = new VirtioMmio(mem, irq, this);
  }

  get capacity(): number { return this.image.length / SECTOR; }

  configRead(off: number, size: number): number {
    if (off + size > this.config.length) return 0;
    const v = new DataView(this.config.buffer);
    return size === 1 ? v.getUint8(off) : size === 2 ? v.getUint16(off, true) : v.getInt32(off, true);
  }

  notify(q: SplitQueue): void {
    for (let head = q.popAvail(); head >= 0; head = q.popAvail()) {
      const bufs = q.chain(head);
      const ev = this.clock.after(this.latency, () => this.complete(q, head, bufs, ev));
      this.track(ev, q, head, bufs);
    }
  }

  private track(ev: TimedEvent, q: SplitQueue, head: number, bufs: VirtqBuffer[]): void {
    this.inFlight.push(ev);
    this.requests.set(ev, { q: this.transport.queues.indexOf(q), head, bufs });
  }

  reset(): void {
    for (const ev of this.inFlight) ev.cancelled = true;
    this.inFlight = [];
    this.requests.clear();
  }

  save(): VirtioBlkState {
    const inFlight: BlkRequest[] = [];
    for (const ev of this.inFlight) {
      const r = this.requests.get(ev)!, p = pendingOf(ev);
      if (p !== null) inFlight.push({ q: r.q, head: r.head, bufs: r.bufs.map((b) => ({ ...b })), ev: p });
    }
    if (this.savedImage === null || this.savedImage.version !== this.imageVersion) {
      this.savedImage = { version: this.imageVersion, copy: this.image.slice() };
    }
    return { completed: this.completed, inFlight, image: this.savedImage.copy };
  }

  /** Back to a save(): the disk contents and the in-flight requests, completing at their saved times. */
  restore(data: unknown): void {
    const s = data as VirtioBlkState;
    if (s.image.length !== this.image.length) throw new RangeError(`disk snapshot is ${s.image.length} bytes, this disk ${this.image.length}`);
    for (const ev of this.inFlight) cancel(ev);
    this.inFlight = []; this.requests.clear();
    this.completed = s.completed;
    this.image.set(s.image);
    this.imageVersion++;
    this.savedImage = { version: this.imageVersion, copy: s.image };
    for (const r of s.inFlight) {
      const q = this.transport.queues[r.q], bufs = r.bufs.map((b) => ({ ...b }));
      const ev: TimedEvent = this.clock.adopt(r.ev, () => this.complete(q, r.head, bufs, ev))!;
      this.track(ev, q, r.head, bufs);
    }
  }

  private complete(q: SplitQueue, head: number, bufs: VirtqBuffer[], ev: TimedEvent): void {
    this.inFlight = this.inFlight.filter((e) => e !== ev);
    this.requests.delete(ev);
    try { this.perform(q, head, bufs); } catch (e) { this.transport.fail(e); }
  }

  /** Do the transfer, write the status byte, return the chain and interrupt. */
  private perform(q: SplitQueue, head: number, bufs: VirtqBuffer[]): void {
    const mem = this.transport.mem;
    const wlen = writableLength(bufs);
    let written = 0, status = VIRTIO_BLK_S_OK;
    const readable = gather(mem, bufs);
    if (readable.length < 16 || wlen < 1) {
      status = VIRTIO_BLK_S_IOERR; // malformed: no header or no status byte
    } else {
      const h = new DataView(readable.buffer);
      const type = h.getUint32(0, true);
      const sector = Number(h.getBigUint64(8, true));
      if (type === VIRTIO_BLK_T_IN) [status, written] = this.read(bufs, sector, wlen - 1);
      else if (type === VIRTIO_BLK_T_OUT) status = this.write(readable.subarray(16), sector);
      else if (type === VIRTIO_BLK_T_GET_ID) written = scatter(mem, bufs, this.serial.subarray(0, Math.min(VIRTIO_BLK_ID_BYTES, wlen - 1)));
      else status = VIRTIO_BLK_S_UNSUPP;
    }
    if (wlen >= 1) { scatter(mem, bufs, new Uint8Array([status]), wlen - 1); written += 1; }
    q.pushUsed(head, written);
    this.completed++;
    this.transport.usedBuffer(q);
  }

  /** IN: copy `len` bytes from `sector` on into the writable buffers. */
  private read(bufs: VirtqBuffer[], sector: number, len: number): [number, number] {
    if (len % SECTOR !== 0 || !this.inRange(sector, len)) return [VIRTIO_BLK_S_IOERR, 0];
    const start = sector * SECTOR;
    return [VIRTIO_BLK_S_OK, scatter(this.transport.mem, bufs, this.image.subarray(start, start + len))];
  }

  /** OUT: copy the data after the header to `sector` on. */
  private write(data: Uint8Array, sector: number): number {
    if (this.readOnly || data.length % SECTOR !== 0 || !this.inRange(sector, data.length)) return VIRTIO_BLK_S_IOERR;
    this.image.set(data, sector * SECTOR);
    this.imageVersion++;
    return VIRTIO_BLK_S_OK;
  }

  private inRange(sector: number, len: number): boolean {
    return sector >= 0 && sector * SECTOR + len <= this.image.length;
  }
}
