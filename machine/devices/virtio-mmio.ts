// The virtio MMIO transport, version 2 ("modern"): virtio v1.1 section 4.2.2,
// Table 4.1 "MMIO Device Register Layout". One 0x200-byte window per device;
// QEMU `virt` places them from 0x0a000000, 0x200 apart.
//
//   0x000 MagicValue 0x74726976 ("virt")   0x004 Version 2     0x008 DeviceID
//   0x00c VendorID     0x010 DeviceFeatures (32 bits chosen by 0x014 DeviceFeaturesSel)
//   0x020 DriverFeatures (by 0x024 DriverFeaturesSel)
//   0x030 QueueSel  0x034 QueueNumMax  0x038 QueueNum  0x044 QueueReady  0x050 QueueNotify
//   0x060 InterruptStatus  0x064 InterruptACK  0x070 Status
//   0x080/0x084 QueueDesc  0x090/0x094 QueueDriver  0x0a0/0x0a4 QueueDevice (low/high)
//   0x0fc ConfigGeneration  0x100+ device-specific configuration
//
// Status (2.1): ACKNOWLEDGE 1, DRIVER 2, DRIVER_OK 4, FEATURES_OK 8,
// DEVICE_NEEDS_RESET 64, FAILED 128; writing 0 resets the device (4.2.3.1).
// The device refuses FEATURES_OK (leaves it clear, 3.1.1 step 6) if the
// driver accepted a feature we did not offer or did not accept
// VIRTIO_F_VERSION_1.
//
// The interrupt line is high while InterruptStatus is non-zero: bit 0 "used
// buffer notification", bit 1 "configuration change" (4.2.2). The driver
// clears bits by writing them to InterruptACK.

import type { MmioDevice, PhysMem } from "../core/physmem";
import { IrqLine } from "./irq";
import { SplitQueue, VirtioError, type SplitQueueState } from "./virtqueue";

/** The transport's part of a snapshot (plain data); `backend` is the device type's own save(). */
export interface VirtioMmioState {
  status: number; interruptStatus: number; devFeatSel: number; drvFeatSel: number; queueSel: number;
  driverFeatures: number[]; lastError: string; queues: SplitQueueState[]; irq: boolean; backend: unknown;
}

export const VIRTIO_MAGIC = 0x74726976;
/** "QEMU" in little-endian ASCII, the vendor ID QEMU's devices report. */
export const VIRTIO_VENDOR = 0x554d4551;
export const STATUS_ACKNOWLEDGE = 1, STATUS_DRIVER = 2, STATUS_DRIVER_OK = 4, STATUS_FEATURES_OK = 8;
export const STATUS_NEEDS_RESET = 64, STATUS_FAILED = 128;
/** VIRTIO_F_VERSION_1 is feature bit 32: bit 0 of the second feature word. */
export const VIRTIO_F_VERSION_1_HI = 1;
export const INT_USED = 1, INT_CONFIG = 2;

/** What a device type (block, console...) plugs into the transport. */
export interface VirtioBackend {
  readonly deviceId: number;
  /** Offered features as [bits 0-31, bits 32-63]; the transport adds VERSION_1. */
  readonly features: readonly [number, number];
  readonly queueCount: number;
  readonly queueMax: number;
  /** Device-specific configuration space (read-only for our devices). */
  configRead(offset: number, size: number): number;
  /** The driver notified queue `q`; `used` signals a used-buffer notification. */
  notify(q: SplitQueue, index: number): void;
  /** The device was reset: drop in-flight work. */
  reset(): void;
  /** The device type's state for a snapshot (plain data), and back. */
  save?(): unknown;
  restore?(s: unknown): void;
}

export class VirtioMmio implements MmioDevice {
  readonly name: string;
  readonly queues: SplitQueue[];
  status = 0;
  interruptStatus = 0;
  private devFeatSel = 0; private drvFeatSel = 0; private queueSel = 0;
  private readonly driverFeatures = [0, 0];
  private readonly offered: [number, number];

  constructor(readonly mem: PhysMem, private readonly irq: IrqLine, readonly backend: VirtioBackend) {
    this.name = `virtio-mmio(${backend.deviceId})`;
    this.offered = [backend.features[0] | 0, backend.features[1] | VIRTIO_F_VERSION_1_HI];
    this.queues = Array.from({ length: backend.queueCount }, () => new SplitQueue(mem, backend.queueMax));
  }

  /** The features the driver accepted, as [lo, hi] (valid once FEATURES_OK is set). */
  get negotiated(): readonly number[] { return this.driverFeatures; }

  read(off: number, size: number): number {
    if (off >= 0x100) return this.backend.configRead(off - 0x100, size);
    const q = this.queues[this.queueSel];
    switch (off) {
      case 0x000: return VIRTIO_MAGIC;
      case 0x004: return 2;
      case 0x008: return this.backend.deviceId;
      case 0x00c: return VIRTIO_VENDOR;
      case 0x010: return this.devFeatSel < 2 ? this.offered[this.devFeatSel] : 0;
      case 0x034: return q ? q.maxSize : 0;   // 0: no such queue (4.2.3.2)
      case 0x044: return q && q.ready ? 1 : 0;
      case 0x060: return this.interruptStatus;
      case 0x070: return this.status;
      case 0x0b0: case 0x0b4: return -1;     // SHMLen: no shared memory regions (reads -1)
      case 0x0b8: case 0x0bc: return -1;     // SHMBase likewise
      case 0x0fc: return 0;                  // configuration never changes
      default: return 0;
    }
  }

  write(off: number, _size: number, v: number): void {
    const q = this.queues[this.queueSel];
    switch (off) {
      case 0x014: this.devFeatSel = v >>> 0; return;
      case 0x020: if (this.drvFeatSel < 2) this.driverFeatures[this.drvFeatSel] = v | 0; return;
      case 0x024: this.drvFeatSel = v >>> 0; return;
      case 0x030: this.queueSel = v >>> 0; return;
      case 0x038: if (q) q.num = v >>> 0; return;
      case 0x044: if (q) this.setReady(q, (v & 1) !== 0); return;
      case 0x050: this.notify(v >>> 0); return;
      case 0x064: this.ack(v); return;
      case 0x070: this.writeStatus(v & 0xff); return;
    }
    if (!q) return;
    switch (off) {
      case 0x080: q.descAddr = hiOf(q.descAddr) + (v >>> 0); break;
      case 0x084: q.descAddr = (v >>> 0) * 4294967296 + (q.descAddr % 4294967296); break;
      case 0x090: q.driverAddr = hiOf(q.driverAddr) + (v >>> 0); break;
      case 0x094: q.driverAddr = (v >>> 0) * 4294967296 + (q.driverAddr % 4294967296); break;
      case 0x0a0: q.deviceAddr = hiOf(q.deviceAddr) + (v >>> 0); break;
      case 0x0a4: q.deviceAddr = (v >>> 0) * 4294967296 + (q.deviceAddr % 4294967296); break;
    }
  }

  save(): VirtioMmioState {
    return {
      status: this.status, interruptStatus: this.interruptStatus, devFeatSel: this.devFeatSel,
      drvFeatSel: this.drvFeatSel, queueSel: this.queueSel, driverFeatures: this.driverFeatures.slice(),
      lastError: this.lastError, queues: this.queues.map((q) => q.save()), irq: this.irq.high,
      backend: this.backend.save ? this.backend.save() : null,
    };
  }

  /** Back to a save(): registers, queue indices, the line level and the backend's in-flight requests. */
  restore(s: VirtioMmioState): void {
    this.status = s.status; this.interruptStatus = s.interruptStatus; this.devFeatSel = s.devFeatSel;
    this.drvFeatSel = s.drvFeatSel; this.queueSel = s.queueSel;
    this.driverFeatures[0] = s.driverFeatures[0]; this.driverFeatures[1] = s.driverFeatures[1];
    this.lastError = s.lastError;
    s.queues.forEach((q, i) => this.queues[i].restore(q));
    if (this.backend.restore) this.backend.restore(s.backend);
    this.irq.set(s.irq);
  }

  /** Device reset (4.2.3.1): status, features, queues and interrupts back to zero. */
  reset(): void {
    this.status = 0; this.interruptStatus = 0;
    this.devFeatSel = 0; this.drvFeatSel = 0; this.queueSel = 0;
    this.driverFeatures[0] = 0; this.driverFeatures[1] = 0;
    for (const q of this.queues) q.reset();
    this.backend.reset();
    this.irq.lower();
  }

  private writeStatus(v: number): void {
    if (v === 0) { this.reset(); return; }
    if ((v & STATUS_FEATURES_OK) && !(this.status & STATUS_FEATURES_OK) && !this.featuresAcceptable()) {
      v &= ~STATUS_FEATURES_OK; // refused: the driver reads status back and sees it clear
    }
    this.status = (v & ~STATUS_NEEDS_RESET) | (this.status & STATUS_NEEDS_RESET);
  }

  private featuresAcceptable(): boolean {
    const [lo, hi] = this.driverFeatures;
    return (lo & ~this.offered[0]) === 0 && (hi & ~this.offered[1]) === 0 && (hi & VIRTIO_F_VERSION_1_HI) !== 0;
  }

  private setReady(q: SplitQueue, ready: boolean): void {
    if (!ready) { q.ready = false; return; }
    try {
      if (q.num === 0 || q.num > q.maxSize || (q.num & (q.num - 1)) !== 0) {
        throw new VirtioError(`queue size ${q.num} must be a power of 2 in 1..${q.maxSize}`);
      }
      q.validate();
      q.ready = true;
    } catch (e) { this.fail(e); }
  }

  private notify(index: number): void {
    const q = this.queues[index];
    if (!q || !q.ready || !(this.status & STATUS_DRIVER_OK) || (this.status & STATUS_NEEDS_RESET)) return;
    try { this.backend.notify(q, index); } catch (e) { this.fail(e); }
  }

  /** A backend finished requests on `q`: interrupt unless the driver suppressed it. */
  usedBuffer(q: SplitQueue): void {
    let quiet = false;
    try { quiet = q.noInterrupt(); } catch (e) { this.fail(e); return; }
    if (quiet) return;
    this.interruptStatus |= INT_USED;
    this.irq.raise();
  }

  private ack(v: number): void {
    this.interruptStatus &= ~v;
    if (this.interruptStatus === 0) this.irq.lower();
  }

  /** A driver error: DEVICE_NEEDS_RESET and a configuration-change interrupt (2.1.2). */
  fail(e: unknown): void {
    if (!(e instanceof VirtioError)) throw e;
    this.lastError = e.message;
    this.status |= STATUS_NEEDS_RESET;
    this.interruptStatus |= INT_CONFIG;
    this.irq.raise();
  }

  /** Why the device last set DEVICE_NEEDS_RESET (for the debugger and tests). */
  lastError = "";
}

function hiOf(addr: number): number { return Math.floor(addr / 4294967296) * 4294967296; }
