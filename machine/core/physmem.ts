// Physical memory and the bus: RAM at [base, base + size), plus memory-mapped
// device registers (MMIO) at addresses a board chooses, above or below RAM.
// A PC puts RAM at physical 0; QEMU's AArch64 virt board puts it at
// 0x40000000 with the devices in the first gigabyte.
//
// RAM is one Uint8Array read through a little-endian DataView (both of our
// architectures run little-endian). Physical addresses are plain numbers: a
// board's map fits well below 2^53. An index into `bytes` is a *RAM offset*,
// pa - base; frame numbers (codeMap, onCodeWrite, snapshots) count 4 KiB
// frames of RAM from its start, so they are offsets >> 12, not pa >> 12.
//
// Every CPU caches decoded instructions by physical address. `codeMap` marks
// the 4 KiB frames such a cache has read; a write to a marked frame calls
// `onCodeWrite`, so the CPU can drop what it decoded there (self-modifying
// code, a loader reusing a frame) before the stale decoding runs again.
//
// Copy-on-write snapshots (machine/core/snapshot.ts) need to see the first
// write to each frame after a snapshot, to save the frame's old contents (its
// "pre-image") before it changes. Every write path here checks one array
// entry, `cowGen[frame] === gen`, and calls `preserve` when it differs; the
// CPUs' stores go through the Mmu, which makes the same check when it fills
// a write TLB entry (a snapshot drops every write entry, so the first store
// to each frame afterwards takes the slow path exactly once).

import { TRACE_IO, Tracer } from "./trace";

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;

/** Pages per allocation of pre-image storage (a slab lives while any of its pages is held). */
const SLAB_PAGES = 64;
/** Recycled pre-image pages kept for reuse (16 MiB). */
const SPARE_PAGES = 4096;

/** A device's register window on the bus. Offsets are relative to `base`. */
export interface MmioDevice {
  readonly name: string;
  /** Read `size` (1, 2, 4 or 8) bytes at `offset`; 8-byte reads return the low word and set `hi`. */
  read(offset: number, size: number): number;
  write(offset: number, size: number, value: number): void;
}

interface MmioRegion { base: number; size: number; dev: MmioDevice }

/** Raised (as a value, not an Error) for a physical access nothing answers. */
export class BusError {
  constructor(readonly addr: number, readonly write: boolean) {}
}

export class PhysMem {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** 1 for each frame some CPU has decoded instructions from. */
  readonly codeMap: Uint8Array;
  /** Called with a frame number when a marked frame is written. */
  onCodeWrite: (frame: number) => void = () => {};
  private readonly regions: MmioRegion[] = [];
  /** Physical address of the first byte of RAM (0 on a PC, 0x40000000 on virt). */
  readonly base: number;
  /** Trace categories (device I/O here; the Mmu's TLB events use the same one). */
  tracer = new Tracer();

  // ---- Copy-on-write bookkeeping (driven by snapshot.ts) ----
  /** Current snapshot generation; 0 until the first snapshot, so nothing is saved before. */
  gen = 0;
  /** Per frame: the generation whose pre-image is already saved. */
  readonly cowGen: Uint32Array;
  /** Where pre-images go: frame -> its 4 KiB before the first write since the last snapshot. */
  preImages: Map<number, Uint8Array> | null = null;
  /** Mmus over this memory: a snapshot drops their write entries, a restore flushes them. */
  readonly mmus: { dropWrites(): void; flushAll(): void }[] = [];

  /**
   * What an access to an address where nothing answers does. "abort": a
   * BusError (the CPU turns it into a synchronous external abort: Arm).
   * "open": reads return all ones and writes are dropped, as on a PC, where
   * such a cycle ends in a master abort (PCI Local Bus Specification 3.0,
   * 6.2.5) and the CPU sees 0xFF... without any fault.
   */
  readonly unbacked: "abort" | "open";

  constructor(readonly size: number, opts: { base?: number; unbacked?: "abort" | "open" } = {}) {
    this.unbacked = opts.unbacked ?? "abort";
    if (size % PAGE_SIZE !== 0 || size <= 0 || size > 0x80000000) {
      throw new RangeError(`RAM size ${size} must be a positive multiple of 4 KiB, at most 2 GiB`);
    }
    const base = opts.base ?? 0;
    if (!Number.isInteger(base) || base < 0 || base % PAGE_SIZE !== 0 || base + size > 2 ** 52) {
      throw new RangeError(`RAM base 0x${base.toString(16)} must be a 4 KiB-aligned physical address`);
    }
    this.base = base;
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
    this.codeMap = new Uint8Array(size >>> PAGE_SHIFT);
    this.cowGen = new Uint32Array(size >>> PAGE_SHIFT);
  }

  /** One past the last physical address of RAM. */
  get end(): number { return this.base + this.size; }

  /** Map a device's registers at [base, base+size). Regions may not overlap RAM or each other. */
  mapDevice(base: number, size: number, dev: MmioDevice): void {
    const end = base + size;
    if (base < this.end && this.base < end) throw new RangeError(`MMIO window for ${dev.name} overlaps RAM`);
    for (const r of this.regions) {
      if (base < r.base + r.size && r.base < end) throw new RangeError(`MMIO window for ${dev.name} overlaps ${r.dev.name}`);
    }
    this.regions.push({ base, size, dev });
  }

  isRam(pa: number, len = 1): boolean {
    return pa >= this.base && pa + len <= this.base + this.size;
  }

  /** The RAM offset (index into `bytes`) of physical `pa`; the caller checked isRam. */
  offsetOf(pa: number): number { return pa - this.base; }

  /**
   * The RAM offset of [pa, pa+len) if it is all RAM, else -1: what a page
   * walker reading a table entry straight from `view` must use (not pa).
   */
  ramOffset(pa: number, len: number): number {
    const o = pa - this.base;
    return o >= 0 && o + len <= this.size ? o : -1;
  }

  /** The device whose window holds `pa`, or undefined. */
  deviceAt(pa: number): { dev: MmioDevice; offset: number } | undefined {
    for (const r of this.regions) {
      if (pa >= r.base && pa < r.base + r.size) return { dev: r.dev, offset: pa - r.base };
    }
    return undefined;
  }

  /** Note that a write touched frame `frame`; drop decoded code there. */
  codeWritten(frame: number): void {
    this.codeMap[frame] = 0;
    this.onCodeWrite(frame);
  }

  /** Save frame's pre-image for the current snapshot (first write since it was taken). */
  preserve(frame: number): void {
    this.cowGen[frame] = this.gen;
    const p = this.preImages;
    if (p === null || p.has(frame)) return;
    const img = this.spare.pop() ?? this.newPage();
    img.set(this.bytes.subarray(frame << PAGE_SHIFT, (frame + 1) << PAGE_SHIFT));
    p.set(frame, img);
  }

  /** A pre-image page nobody needs any more: kept (up to a limit) for the next preserve(). */
  recycle(img: Uint8Array): void {
    if (this.spare.length < SPARE_PAGES) this.spare.push(img);
  }

  // Pre-image pages are carved out of 256 KiB slabs and recycled: a fresh 4 KiB
  // buffer per frame (its own backing store, new memory the OS must fault in)
  // costs several times the copy itself.
  private slab = new Uint8Array(0);
  private slabUsed = SLAB_PAGES;
  private readonly spare: Uint8Array[] = [];
  private newPage(): Uint8Array {
    if (this.slabUsed === SLAB_PAGES) { this.slab = new Uint8Array(SLAB_PAGES << PAGE_SHIFT); this.slabUsed = 0; }
    const at = this.slabUsed++ << PAGE_SHIFT;
    return this.slab.subarray(at, at + PAGE_SIZE);
  }

  /** Everything a write to RAM frames [first, last] must do first and after: COW, then decoded code. */
  private touched(first: number, last: number, before: boolean): void {
    for (let f = first; f <= last; f++) {
      if (before) { if (this.cowGen[f] !== this.gen) this.preserve(f); }
      else if (this.codeMap[f] !== 0) this.codeWritten(f);
    }
  }

  // ---- Physical accessors for devices, firmware and the kernel ----
  // (CPUs go through their MMU's TLB, which lands on `bytes` directly.)

  read(pa: number, size: number): number {
    const o = pa - this.base;
    if (o >= 0 && o + size <= this.size) {
      switch (size) {
        case 1: return this.bytes[o];
        case 2: return this.view.getUint16(o, true);
        case 4: return this.view.getInt32(o, true);
      }
    }
    const d = this.deviceAt(pa);
    if (!d) {
      if (this.unbacked === "open") return size === 4 ? -1 : size === 2 ? 0xffff : 0xff;
      throw new BusError(pa, false);
    }
    const v = d.dev.read(d.offset, size);
    if (this.tracer.io) this.tracer.emit(TRACE_IO, "mmio-read", pa, size, v, 0, d.dev.name);
    return v;
  }

  write(pa: number, size: number, value: number): void {
    const o = pa - this.base;
    if (o >= 0 && o + size <= this.size) {
      const f = o >>> PAGE_SHIFT, l = (o + size - 1) >>> PAGE_SHIFT;
      this.touched(f, l, true);
      switch (size) {
        case 1: this.bytes[o] = value; break;
        case 2: this.view.setUint16(o, value, true); break;
        case 4: this.view.setInt32(o, value, true); break;
      }
      this.touched(f, l, false);
      return;
    }
    const d = this.deviceAt(pa);
    if (!d) {
      if (this.unbacked === "open") return;
      throw new BusError(pa, true);
    }
    if (this.tracer.io) this.tracer.emit(TRACE_IO, "mmio-write", pa, size, value, 0, d.dev.name);
    d.dev.write(d.offset, size, value);
  }

  /** Copy bytes into RAM (loaders, DMA), invalidating decoded code they overwrite. */
  load(pa: number, data: Uint8Array): void {
    if (!this.isRam(pa, data.length)) throw new RangeError(`load of ${data.length} bytes at 0x${pa.toString(16)} is outside RAM`);
    const o = pa - this.base, first = o >>> PAGE_SHIFT, last = (o + Math.max(data.length, 1) - 1) >>> PAGE_SHIFT;
    this.touched(first, last, true);
    this.bytes.set(data, o);
    this.touched(first, last, false);
  }

  /** Fill a range of RAM with one byte value (zeroing, poisoning). */
  fill(pa: number, len: number, value: number): void {
    if (!this.isRam(pa, len)) throw new RangeError(`fill of ${len} bytes at 0x${pa.toString(16)} is outside RAM`);
    const o = pa - this.base, first = o >>> PAGE_SHIFT, last = (o + Math.max(len, 1) - 1) >>> PAGE_SHIFT;
    this.touched(first, last, true);
    this.bytes.fill(value, o, o + len);
    this.touched(first, last, false);
  }

  /** A live view (not a copy) of RAM bytes [pa, pa+len), for devices' DMA reads; the caller checked isRam. */
  subarray(pa: number, len: number): Uint8Array {
    const o = pa - this.base;
    return this.bytes.subarray(o, o + len);
  }
}
