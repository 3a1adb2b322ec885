// Physical memory and the bus: RAM at physical address 0 upwards, plus
// memory-mapped device registers (MMIO) at addresses a board chooses.
//
// RAM is one Uint8Array read through a little-endian DataView (both of our
// architectures run little-endian). Physical addresses are plain numbers: a
// board's map fits well below 2^53.
//
// Every CPU caches decoded instructions by physical address. `codeMap` marks
// the 4 KiB frames such a cache has read; a write to a marked frame calls
// `onCodeWrite`, so the CPU can drop what it decoded there (self-modifying
// code, a loader reusing a frame) before the stale decoding runs again.

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;

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

  constructor(readonly size: number) {
    if (size % PAGE_SIZE !== 0 || size <= 0 || size > 0x80000000) {
      throw new RangeError(`RAM size ${size} must be a positive multiple of 4 KiB, at most 2 GiB`);
    }
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
    this.codeMap = new Uint8Array(size >>> PAGE_SHIFT);
  }

  /** Map a device's registers at [base, base+size). Regions may not overlap RAM or each other. */
  mapDevice(base: number, size: number, dev: MmioDevice): void {
    const end = base + size;
    if (base < this.size) throw new RangeError(`MMIO window for ${dev.name} overlaps RAM`);
    for (const r of this.regions) {
      if (base < r.base + r.size && r.base < end) throw new RangeError(`MMIO window for ${dev.name} overlaps ${r.dev.name}`);
    }
    this.regions.push({ base, size, dev });
  }

  isRam(pa: number, len = 1): boolean {
    return pa >= 0 && pa + len <= this.size;
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

  // ---- Physical accessors for devices, firmware and the kernel ----
  // (CPUs go through their MMU's TLB, which lands on `bytes` directly.)

  read(pa: number, size: number): number {
    if (this.isRam(pa, size)) {
      switch (size) {
        case 1: return this.bytes[pa];
        case 2: return this.view.getUint16(pa, true);
        case 4: return this.view.getInt32(pa, true);
      }
    }
    const d = this.deviceAt(pa);
    if (!d) throw new BusError(pa, false);
    return d.dev.read(d.offset, size);
  }

  write(pa: number, size: number, value: number): void {
    if (this.isRam(pa, size)) {
      switch (size) {
        case 1: this.bytes[pa] = value; break;
        case 2: this.view.setUint16(pa, value, true); break;
        case 4: this.view.setInt32(pa, value, true); break;
      }
      const f = pa >>> PAGE_SHIFT;
      if (this.codeMap[f] !== 0) this.codeWritten(f);
      if (size > 1 && ((pa + size - 1) >>> PAGE_SHIFT) !== f && this.codeMap[f + 1] !== 0) this.codeWritten(f + 1);
      return;
    }
    const d = this.deviceAt(pa);
    if (!d) throw new BusError(pa, true);
    d.dev.write(d.offset, size, value);
  }

  /** Copy bytes into RAM (loaders), invalidating decoded code they overwrite. */
  load(pa: number, data: Uint8Array): void {
    if (!this.isRam(pa, data.length)) throw new RangeError(`load of ${data.length} bytes at 0x${pa.toString(16)} is outside RAM`);
    this.bytes.set(data, pa);
    const first = pa >>> PAGE_SHIFT, last = (pa + Math.max(data.length, 1) - 1) >>> PAGE_SHIFT;
    for (let f = first; f <= last; f++) if (this.codeMap[f] !== 0) this.codeWritten(f);
  }

  /** Fill a range of RAM with one byte value (zeroing, poisoning). */
  fill(pa: number, len: number, value: number): void {
    if (!this.isRam(pa, len)) throw new RangeError(`fill of ${len} bytes at 0x${pa.toString(16)} is outside RAM`);
    this.bytes.fill(value, pa, pa + len);
    const first = pa >>> PAGE_SHIFT, last = (pa + Math.max(len, 1) - 1) >>> PAGE_SHIFT;
    for (let f = first; f <= last; f++) if (this.codeMap[f] !== 0) this.codeWritten(f);
  }
}
