// virtio-blk over the virtio-mmio transport (virtio v1.1: 4.2.2 register
// layout, 4.2.3 MMIO driver requirements, 3.1.1 driver initialisation,
// 2.6 split virtqueues, 5.2 block device). The test plays the driver,
// building the rings in guest physical memory exactly as the spec says.
import { describe, expect, it } from "vitest";
import { PhysMem } from "../../machine/core/physmem";
import { VirtioBlk, BLK_LATENCY } from "../../machine/devices/virtio-blk";
import { setup } from "./helpers";

const BASE = 0x0a000000;
const MAGIC = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, VENDOR = 0x00c, DEV_FEAT = 0x010, DEV_FEAT_SEL = 0x014;
const DRV_FEAT = 0x020, DRV_FEAT_SEL = 0x024, QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034, QUEUE_NUM = 0x038;
const QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050, INT_STATUS = 0x060, INT_ACK = 0x064, STATUS = 0x070;
const Q_DESC = 0x080, Q_DRIVER = 0x090, Q_DEVICE = 0x0a0, CONFIG_GEN = 0x0fc, CONFIG = 0x100;
const ACK = 1, DRIVER = 2, DRIVER_OK = 4, FEATURES_OK = 8, NEEDS_RESET = 64;
const DESC = 0x1000, AVAIL = 0x2000, USED = 0x3000, QSIZE = 8;

function board(sectors = 64, opts = {}) {
  const { clock, ctrl, irq } = setup(48);
  const mem = new PhysMem(1 << 20);
  const image = new Uint8Array(sectors * 512);
  for (let i = 0; i < image.length; i++) image[i] = (i * 7 + (i >> 9)) & 0xff;
  const blk = new VirtioBlk(clock, mem, irq, image, opts);
  mem.mapDevice(BASE, 0x200, blk.transport);
  const r = (off: number) => mem.read(BASE + off, 4) >>> 0;
  const w = (off: number, v: number) => mem.write(BASE + off, 4, v);
  return { clock, ctrl, mem, image, blk, r, w };
}

type Board = ReturnType<typeof board>;

/** The driver initialisation sequence, 3.1.1 steps 1-8, with the queue set-up of 4.2.3.2. Returns the status read back. */
function initDriver(b: Board, accept?: [number, number]): number {
  const { r, w, mem } = b;
  // 4.2.3.1.1: check the magic, version and device ID first.
  expect(r(MAGIC)).toBe(0x74726976);
  expect(r(VERSION)).toBe(2);
  expect(r(DEVICE_ID)).toBe(2);
  w(STATUS, 0);                                  // 1. reset
  w(STATUS, ACK);                                // 2. ACKNOWLEDGE: we noticed the device
  w(STATUS, ACK | DRIVER);                       // 3. DRIVER: we know how to drive it
  w(DEV_FEAT_SEL, 0); const f0 = r(DEV_FEAT);    // 4. read the features...
  w(DEV_FEAT_SEL, 1); const f1 = r(DEV_FEAT);
  const [a0, a1] = accept ?? [0, f1 & 1];        //    ...and accept VIRTIO_F_VERSION_1 only
  void f0;
  w(DRV_FEAT_SEL, 0); w(DRV_FEAT, a0);
  w(DRV_FEAT_SEL, 1); w(DRV_FEAT, a1);
  w(STATUS, ACK | DRIVER | FEATURES_OK);         // 5. FEATURES_OK
  if (!(r(STATUS) & FEATURES_OK)) return r(STATUS); // 6. re-read: refused -> the device is unusable
  w(QUEUE_SEL, 0);                               // 7. queue 0 (4.2.3.2)
  expect(r(QUEUE_READY)).toBe(0);
  expect(r(QUEUE_NUM_MAX)).toBeGreaterThanOrEqual(QSIZE);
  mem.fill(DESC, 0x3000, 0);                     //    zero the queue memory
  w(QUEUE_NUM, QSIZE);
  w(Q_DESC, DESC); w(Q_DESC + 4, 0);
  w(Q_DRIVER, AVAIL); w(Q_DRIVER + 4, 0);
  w(Q_DEVICE, USED); w(Q_DEVICE + 4, 0);
  w(QUEUE_READY, 1);
  w(STATUS, ACK | DRIVER | FEATURES_OK | DRIVER_OK); // 8. DRIVER_OK
  return r(STATUS);
}


/** Post one chain of (addr, len, writable) buffers as descriptors 0..n-1 and notify (2.6.13). */
function submit(b: Board, bufs: [number, number, boolean][], firstDesc = 0): void {
  const v = b.mem.view;
  bufs.forEach(([addr, len, wr], i) => {
    const d = DESC + 16 * (firstDesc + i);
    v.setUint32(d, addr, true); v.setUint32(d + 4, 0, true);
    v.setUint32(d + 8, len, true);
    v.setUint16(d + 12, (i < bufs.length - 1 ? 1 : 0) | (wr ? 2 : 0), true);
    v.setUint16(d + 14, firstDesc + i + 1, true);
  });
  const idx = v.getUint16(AVAIL + 2, true);
  v.setUint16(AVAIL + 4 + 2 * (idx % QSIZE), firstDesc, true);
  v.setUint16(AVAIL + 2, (idx + 1) & 0xffff, true);
  b.w(QUEUE_NOTIFY, 0);
}

/** Write a request header: type, reserved, sector (5.2.6). */
function header(b: Board, at: number, type: number, sector: number): void {
  b.mem.view.setUint32(at, type, true);
  b.mem.view.setUint32(at + 4, 0, true);
  b.mem.view.setBigUint64(at + 8, BigInt(sector), true);
}

const usedIdx = (b: Board) => b.mem.view.getUint16(USED + 2, true);
const usedElem = (b: Board, i: number) => [b.mem.view.getUint32(USED + 4 + 8 * i, true), b.mem.view.getUint32(USED + 8 + 8 * i, true)];

describe("virtio-mmio registers (4.2.2)", () => {
  it("magic 'virt', version 2, device ID 2 (block), vendor 'QEMU'; features offer VIRTIO_F_VERSION_1 (bit 32)", () => {
    const b = board();
    expect(b.r(MAGIC)).toBe(0x74726976);
    expect(b.r(VERSION)).toBe(2);
    expect(b.r(DEVICE_ID)).toBe(2);
    expect(b.r(VENDOR)).toBe(0x554d4551);
    b.w(DEV_FEAT_SEL, 1);
    expect(b.r(DEV_FEAT) & 1).toBe(1);
    b.w(DEV_FEAT_SEL, 0);
    expect(b.r(DEV_FEAT)).toBe(0);
    expect(b.r(STATUS)).toBe(0);
    expect(b.r(CONFIG_GEN)).toBe(0);
  });

  it("config space: capacity in 512-byte sectors as le64 at offset 0 (5.2.4)", () => {
    const b = board(2048 + 3);
    expect(b.r(CONFIG)).toBe(2051);
    expect(b.r(CONFIG + 4)).toBe(0);
    expect(b.mem.read(BASE + CONFIG, 1)).toBe(2051 & 0xff);
  });

  it("a read-only image offers VIRTIO_BLK_F_RO (bit 5)", () => {
    const b = board(8, { readOnly: true });
    expect(b.r(DEV_FEAT) & (1 << 5)).toBe(1 << 5);
  });

  it("QueueNumMax reads 0 for a queue the device does not have (4.2.3.2)", () => {
    const b = board();
    b.w(QUEUE_SEL, 1);
    expect(b.r(QUEUE_NUM_MAX)).toBe(0);
  });
});

describe("virtio driver initialisation (3.1.1)", () => {
  it("the full sequence ends with ACKNOWLEDGE|DRIVER|FEATURES_OK|DRIVER_OK and queue 0 ready", () => {
    const b = board();
    expect(initDriver(b)).toBe(ACK | DRIVER | FEATURES_OK | DRIVER_OK);
    expect(b.r(QUEUE_READY)).toBe(1);
    expect(b.blk.transport.negotiated).toEqual([0, 1]);
  });

  it("FEATURES_OK is refused without VIRTIO_F_VERSION_1 or with a feature not offered (3.1.1 step 6, 6.1)", () => {
    expect(initDriver(board(), [0, 0]) & FEATURES_OK).toBe(0);
    expect(initDriver(board(), [1 << 9, 1]) & FEATURES_OK).toBe(0);
  });

  it("writing 0 to Status resets the device: status, queues and interrupts (4.2.3.1)", () => {
    const b = board();
    initDriver(b);
    b.w(STATUS, 0);
    expect(b.r(STATUS)).toBe(0);
    b.w(QUEUE_SEL, 0);
    expect(b.r(QUEUE_READY)).toBe(0);
  });
});

describe("virtio-blk requests (5.2.6)", () => {
  it("IN reads sectors into guest memory; completion, used ring and interrupt come BLK_LATENCY ticks after notify", () => {
    const b = board();
    initDriver(b);
    b.clock.advanceTo(100);
    header(b, 0x8000, 0, 3);                      // VIRTIO_BLK_T_IN, sector 3
    submit(b, [[0x8000, 16, false], [0x9000, 1024, true], [0x8100, 1, true]]);
    expect(usedIdx(b)).toBe(0);
    b.clock.advanceTo(100 + BLK_LATENCY - 1);
    expect(usedIdx(b)).toBe(0);
    expect(b.ctrl.high(48)).toBe(false);
    b.clock.advanceTo(100 + BLK_LATENCY);
    expect(usedIdx(b)).toBe(1);
    expect(usedElem(b, 0)).toEqual([0, 1025]);    // head 0; 1024 data bytes + status written
    expect(b.mem.bytes[0x8100]).toBe(0);          // VIRTIO_BLK_S_OK
    expect(b.mem.bytes.subarray(0x9000, 0x9400)).toEqual(b.image.subarray(3 * 512, 5 * 512));
    expect(b.ctrl.high(48)).toBe(true);
    expect(b.r(INT_STATUS)).toBe(1);              // used buffer notification
    b.w(INT_ACK, 1);
    expect(b.r(INT_STATUS)).toBe(0);
    expect(b.ctrl.high(48)).toBe(false);
  });

  it("OUT writes guest data to the image; a read of the same sectors returns it", () => {
    const b = board();
    initDriver(b);
    for (let i = 0; i < 512; i++) b.mem.bytes[0xa000 + i] = 255 - (i & 0xff);
    header(b, 0x8000, 1, 10);                     // VIRTIO_BLK_T_OUT, sector 10
    submit(b, [[0x8000, 16, false], [0xa000, 512, false], [0x8100, 1, true]]);
    b.clock.advanceTo(BLK_LATENCY);
    expect(usedElem(b, 0)).toEqual([0, 1]);       // only the status byte was written
    expect(b.mem.bytes[0x8100]).toBe(0);
    expect(b.image.subarray(5120, 5632)).toEqual(b.mem.bytes.subarray(0xa000, 0xa200));
    header(b, 0x8020, 0, 10);
    submit(b, [[0x8020, 16, false], [0xc000, 512, true], [0x8101, 1, true]], 3);
    b.clock.advanceTo(2 * BLK_LATENCY);
    expect(usedElem(b, 1)).toEqual([3, 513]);
    expect(b.mem.bytes.subarray(0xc000, 0xc200)).toEqual(b.mem.bytes.subarray(0xa000, 0xa200));
  });

  it("the header, data and status may be framed any way (2.6.4): one readable and one writable buffer", () => {
    const b = board();
    initDriver(b);
    header(b, 0x8000, 0, 0);
    submit(b, [[0x8000, 16, false], [0x9000, 513, true]]); // data and status in one buffer
    b.clock.advanceTo(BLK_LATENCY);
    expect(b.mem.bytes[0x9200]).toBe(0);
    expect(b.mem.bytes.subarray(0x9000, 0x9200)).toEqual(b.image.subarray(0, 512));
  });

  it("GET_ID writes the 20-byte serial; an unknown type answers UNSUPP; past the end answers IOERR", () => {
    const b = board(16, { serial: "disk-0" });
    initDriver(b);
    header(b, 0x8000, 8, 0);                      // VIRTIO_BLK_T_GET_ID
    submit(b, [[0x8000, 16, false], [0x9000, 20, true], [0x8100, 1, true]]);
    header(b, 0x8020, 99, 0);
    submit(b, [[0x8020, 16, false], [0x8101, 1, true]], 3);
    header(b, 0x8040, 0, 15);                     // sectors 15-16 of a 16-sector disk
    submit(b, [[0x8040, 16, false], [0xa000, 1024, true], [0x8102, 1, true]], 5);
    b.mem.fill(0xa000, 1024, 0xee);
    b.clock.advanceTo(BLK_LATENCY);
    expect(new TextDecoder().decode(b.mem.bytes.subarray(0x9000, 0x9006))).toBe("disk-0");
    expect(b.mem.bytes[0x9006]).toBe(0);
    expect([b.mem.bytes[0x8100], b.mem.bytes[0x8101], b.mem.bytes[0x8102]]).toEqual([0, 2, 1]);
    expect(b.mem.bytes[0xa000]).toBe(0xee);       // nothing transferred on an error
    expect(usedIdx(b)).toBe(3);
  });

  it("OUT to a read-only disk answers IOERR and leaves the image alone", () => {
    const b = board(8, { readOnly: true });
    initDriver(b, [1 << 5, 1]);
    const before = b.image.slice();
    header(b, 0x8000, 1, 0);
    submit(b, [[0x8000, 16, false], [0xa000, 512, false], [0x8100, 1, true]]);
    b.clock.advanceTo(BLK_LATENCY);
    expect(b.mem.bytes[0x8100]).toBe(1);
    expect(b.image).toEqual(before);
  });

  it("VIRTQ_AVAIL_F_NO_INTERRUPT suppresses the used-buffer interrupt (2.6.7)", () => {
    const b = board();
    initDriver(b);
    b.mem.view.setUint16(AVAIL, 1, true);
    header(b, 0x8000, 0, 0);
    submit(b, [[0x8000, 16, false], [0x9000, 512, true], [0x8100, 1, true]]);
    b.clock.advanceTo(BLK_LATENCY);
    expect(usedIdx(b)).toBe(1);
    expect(b.ctrl.high(48)).toBe(false);
  });

  it("a descriptor outside RAM sets DEVICE_NEEDS_RESET with a configuration-change interrupt (2.1.2)", () => {
    const b = board();
    initDriver(b);
    header(b, 0x8000, 0, 0);
    submit(b, [[0x8000, 16, false], [0x7ff00000, 512, true], [0x8100, 1, true]]);
    expect(b.r(STATUS) & NEEDS_RESET).toBe(NEEDS_RESET);
    expect(b.r(INT_STATUS)).toBe(2);
    expect(b.ctrl.high(48)).toBe(true);
    expect(b.blk.transport.lastError).toMatch(/outside RAM/);
    b.w(STATUS, 0);
    expect(b.r(STATUS)).toBe(0);
    expect(b.ctrl.high(48)).toBe(false);
  });

  it("a queue size that is not a power of 2 is refused at QueueReady", () => {
    const b = board();
    b.w(STATUS, ACK | DRIVER);
    b.w(QUEUE_SEL, 0); b.w(QUEUE_NUM, 6);
    b.w(Q_DESC, DESC); b.w(Q_DRIVER, AVAIL); b.w(Q_DEVICE, USED);
    b.w(QUEUE_READY, 1);
    expect(b.r(QUEUE_READY)).toBe(0);
    expect(b.r(STATUS) & NEEDS_RESET).toBe(NEEDS_RESET);
  });
});
