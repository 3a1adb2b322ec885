// Our devices against the Linux kernel's own UAPI headers, read through gcc:
// <linux/serial_reg.h> (the 8250/16550 driver's register map),
// <linux/virtio_mmio.h>, <linux/virtio_ring.h>, <linux/virtio_blk.h>,
// <linux/virtio_config.h>, <linux/virtio_ids.h> and <linux/psci.h>. A
// small C program prints each constant, offset and size; the tests drive our
// devices with those numbers, the way Linux's drivers would, so a wrong
// register offset or bit here fails against a reference nobody here wrote.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hasTool, requireOracles } from "../oracles";
import { PhysMem } from "../../machine/core/physmem";
import { Uart16550 } from "../../machine/devices/uart16550";
import { VirtioBlk, BLK_LATENCY } from "../../machine/devices/virtio-blk";
import { PowerState, Psci } from "../../machine/devices/power";
import { setup } from "./helpers";

const HEADERS = ["serial_reg.h", "virtio_mmio.h", "virtio_ring.h", "virtio_blk.h", "virtio_config.h", "virtio_ids.h", "psci.h"];
const missing = [
  ...(hasTool("gcc") ? [] : ["gcc"]),
  ...HEADERS.filter((h) => !existsSync(`/usr/include/linux/${h}`)).map((h) => `<linux/${h}> (linux-libc-dev)`),
];

/** `it`, or a skip naming what is missing (a failure under MINOS_REQUIRE_ORACLES=1). */
const oracle = (name: string, fn: () => void) => {
  if (missing.length === 0) return it(name, fn);
  const why = `${missing.join(", ")} not installed`;
  if (requireOracles) return it(name, () => { throw new Error(`oracle required (MINOS_REQUIRE_ORACLES=1) but ${why}`); });
  return it.skipIf(missing.length > 0)(`${name} (skipped: ${why})`, fn);
};

const NAMES = [
  // serial_reg.h
  "UART_RX", "UART_TX", "UART_DLL", "UART_DLM", "UART_IER", "UART_IIR", "UART_FCR", "UART_LCR", "UART_MCR", "UART_LSR", "UART_MSR", "UART_SCR",
  "UART_IER_RDI", "UART_IER_THRI", "UART_IER_RLSI", "UART_IER_MSI",
  "UART_IIR_NO_INT", "UART_IIR_ID", "UART_IIR_MSI", "UART_IIR_THRI", "UART_IIR_RDI", "UART_IIR_RLSI", "UART_IIR_RX_TIMEOUT",
  "UART_FCR_ENABLE_FIFO", "UART_FCR_CLEAR_RCVR", "UART_FCR_CLEAR_XMIT", "UART_FCR_TRIGGER_4",
  "UART_LCR_DLAB", "UART_LCR_WLEN8", "UART_MCR_LOOP", "UART_MCR_OUT2", "UART_MCR_RTS", "UART_MCR_DTR",
  "UART_LSR_DR", "UART_LSR_OE", "UART_LSR_THRE", "UART_LSR_TEMT", "UART_MSR_CTS", "UART_MSR_DCD",
  // virtio
  "VIRTIO_MMIO_MAGIC_VALUE", "VIRTIO_MMIO_VERSION", "VIRTIO_MMIO_DEVICE_ID", "VIRTIO_MMIO_VENDOR_ID",
  "VIRTIO_MMIO_DEVICE_FEATURES", "VIRTIO_MMIO_DEVICE_FEATURES_SEL", "VIRTIO_MMIO_DRIVER_FEATURES", "VIRTIO_MMIO_DRIVER_FEATURES_SEL",
  "VIRTIO_MMIO_QUEUE_SEL", "VIRTIO_MMIO_QUEUE_NUM_MAX", "VIRTIO_MMIO_QUEUE_NUM", "VIRTIO_MMIO_QUEUE_READY", "VIRTIO_MMIO_QUEUE_NOTIFY",
  "VIRTIO_MMIO_INTERRUPT_STATUS", "VIRTIO_MMIO_INTERRUPT_ACK", "VIRTIO_MMIO_STATUS",
  "VIRTIO_MMIO_QUEUE_DESC_LOW", "VIRTIO_MMIO_QUEUE_DESC_HIGH", "VIRTIO_MMIO_QUEUE_AVAIL_LOW", "VIRTIO_MMIO_QUEUE_AVAIL_HIGH",
  "VIRTIO_MMIO_QUEUE_USED_LOW", "VIRTIO_MMIO_QUEUE_USED_HIGH", "VIRTIO_MMIO_SHM_LEN_LOW", "VIRTIO_MMIO_CONFIG_GENERATION", "VIRTIO_MMIO_CONFIG",
  "VIRTIO_MMIO_INT_VRING", "VIRTIO_MMIO_INT_CONFIG",
  "VIRTIO_CONFIG_S_ACKNOWLEDGE", "VIRTIO_CONFIG_S_DRIVER", "VIRTIO_CONFIG_S_DRIVER_OK", "VIRTIO_CONFIG_S_FEATURES_OK",
  "VIRTIO_CONFIG_S_NEEDS_RESET", "VIRTIO_F_VERSION_1", "VIRTIO_ID_BLOCK",
  "VRING_DESC_F_NEXT", "VRING_DESC_F_WRITE", "VRING_AVAIL_F_NO_INTERRUPT",
  "VIRTIO_BLK_T_IN", "VIRTIO_BLK_T_OUT", "VIRTIO_BLK_T_GET_ID", "VIRTIO_BLK_S_OK", "VIRTIO_BLK_S_IOERR", "VIRTIO_BLK_S_UNSUPP",
  "VIRTIO_BLK_ID_BYTES", "VIRTIO_BLK_F_RO",
  // psci.h
  "PSCI_0_2_FN_PSCI_VERSION", "PSCI_0_2_FN_CPU_ON", "PSCI_0_2_FN_MIGRATE_INFO_TYPE", "PSCI_0_2_FN_SYSTEM_OFF", "PSCI_0_2_FN_SYSTEM_RESET",
  "PSCI_RET_NOT_SUPPORTED", "PSCI_0_2_TOS_MP",
];
const SIZES: [string, string][] = [
  ["sizeof_vring_desc", "sizeof(struct vring_desc)"],
  ["off_vring_avail_ring", "offsetof(struct vring_avail, ring)"],
  ["off_vring_used_ring", "offsetof(struct vring_used, ring)"],
  ["sizeof_vring_used_elem", "sizeof(struct vring_used_elem)"],
  ["sizeof_virtio_blk_outhdr", "sizeof(struct virtio_blk_outhdr)"],
  ["off_outhdr_sector", "offsetof(struct virtio_blk_outhdr, sector)"],
  ["off_blk_config_capacity", "offsetof(struct virtio_blk_config, capacity)"],
  ["psci_version_0_2", "((PSCI_VERSION_MAJOR_MASK & (0 << PSCI_VERSION_MAJOR_SHIFT)) | 2)"],
];

let L: Record<string, number> = {};

beforeAll(() => {
  if (missing.length) return;
  const dir = mkdtempSync(join(tmpdir(), "minos-hdr-"));
  try {
    const src = [
      "#include <stdio.h>", "#include <stddef.h>",
      ...HEADERS.map((h) => `#include <linux/${h}>`),
      "int main(void) {",
      ...NAMES.map((n) => `  printf("${n} %lld\\n", (long long)(${n}));`),
      ...SIZES.map(([n, e]) => `  printf("${n} %lld\\n", (long long)(${e}));`),
      "  return 0; }",
    ].join("\n");
    writeFileSync(join(dir, "h.c"), src);
    execFileSync("gcc", ["-o", join(dir, "h"), join(dir, "h.c")], { stdio: "pipe" });
    const out = execFileSync(join(dir, "h"), { encoding: "utf8" });
    L = Object.fromEntries(out.trim().split("\n").map((l) => { const [k, v] = l.split(" "); return [k, Number(v)]; }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("16550 as Linux's 8250 driver sees it (<linux/serial_reg.h>)", () => {
  function uart() {
    const { clock, ctrl, irq } = setup(4);
    const out: number[] = [];
    const u = new Uart16550(clock, irq, { sink: (b) => out.push(b) });
    return { u, clock, ctrl, out, r: (reg: number) => u.read(reg, 1), w: (reg: number, v: number) => u.write(reg, 1, v) };
  }

  oracle("passes the 8250 autoconfig probes: IER read-back, loopback MSR, FIFO bits in IIR -> a 16550A", () => {
    const { r, w } = uart();
    // IER test: 0 reads 0, 0x0F reads 0x0F.
    w(L.UART_IER, 0); expect(r(L.UART_IER) & 0x0f).toBe(0);
    w(L.UART_IER, 0x0f); expect(r(L.UART_IER) & 0x0f).toBe(0x0f);
    w(L.UART_IER, 0);
    // Loopback test: MCR = LOOP | OUT2 | RTS must read MSR = DCD | CTS.
    w(L.UART_MCR, L.UART_MCR_LOOP | L.UART_MCR_OUT2 | L.UART_MCR_RTS);
    expect(r(L.UART_MSR) & 0xf0).toBe(L.UART_MSR_DCD | L.UART_MSR_CTS);
    w(L.UART_MCR, 0);
    // FIFO test: enabling the FIFO sets IIR bits 7:6 to 3 -> "16550A".
    w(L.UART_FCR, L.UART_FCR_ENABLE_FIFO);
    expect(r(L.UART_IIR) >> 6).toBe(3);
    expect(r(L.UART_IIR) & L.UART_IIR_NO_INT).toBe(L.UART_IIR_NO_INT);
  });

  oracle("transmits and receives with the driver's constants; IIR identities match serial_reg.h", () => {
    const { u, clock, ctrl, out, r, w } = uart();
    w(L.UART_LCR, L.UART_LCR_DLAB); w(L.UART_DLL, 1); w(L.UART_DLM, 0); w(L.UART_LCR, L.UART_LCR_WLEN8);
    w(L.UART_FCR, L.UART_FCR_ENABLE_FIFO | L.UART_FCR_CLEAR_RCVR | L.UART_FCR_CLEAR_XMIT | L.UART_FCR_TRIGGER_4);
    w(L.UART_MCR, L.UART_MCR_OUT2 | L.UART_MCR_DTR | L.UART_MCR_RTS);
    w(L.UART_IER, L.UART_IER_RDI | L.UART_IER_THRI);
    expect(r(L.UART_IIR) & L.UART_IIR_ID).toBe(L.UART_IIR_THRI);
    for (const c of "ok\n") w(L.UART_TX, c.charCodeAt(0));
    clock.advanceTo(100);
    expect(String.fromCharCode(...out)).toBe("ok\n");
    expect(r(L.UART_LSR) & (L.UART_LSR_THRE | L.UART_LSR_TEMT)).toBe(L.UART_LSR_THRE | L.UART_LSR_TEMT);
    u.input("abcd");
    clock.advanceTo(200);
    expect(ctrl.high(4)).toBe(true);
    expect(r(L.UART_IIR) & L.UART_IIR_ID).toBe(L.UART_IIR_RDI);
    let got = "";
    while (r(L.UART_LSR) & L.UART_LSR_DR) got += String.fromCharCode(r(L.UART_RX));
    expect(got).toBe("abcd");
    u.input("z");
    clock.advanceTo(1000);
    expect(r(L.UART_IIR) & L.UART_IIR_ID).toBe(L.UART_IIR_RX_TIMEOUT);
  });
});

describe("virtio-blk as Linux's virtio_mmio + virtio_blk drivers see it", () => {
  oracle("ring and request layouts match the headers", () => {
    expect(L.sizeof_vring_desc).toBe(16);
    expect(L.off_vring_avail_ring).toBe(4);
    expect(L.off_vring_used_ring).toBe(4);
    expect(L.sizeof_vring_used_elem).toBe(8);
    expect(L.sizeof_virtio_blk_outhdr).toBe(16);
    expect(L.off_outhdr_sector).toBe(8);
    expect(L.off_blk_config_capacity).toBe(0);
  });

  oracle("initialises, reads GET_ID and a sector with the header's register offsets and bits", () => {
    const { clock, ctrl, irq } = setup(48);
    const mem = new PhysMem(1 << 20);
    const image = new Uint8Array(32 * 512).map((_, i) => (i * 13) & 0xff);
    const blk = new VirtioBlk(clock, mem, irq, image, { serial: "linux-oracle" });
    const r = (o: number) => blk.transport.read(o, 4) >>> 0;
    const w = (o: number, v: number) => blk.transport.write(o, 4, v);
    expect(r(L.VIRTIO_MMIO_MAGIC_VALUE)).toBe(0x74726976);
    expect(r(L.VIRTIO_MMIO_VERSION)).toBe(2);
    expect(r(L.VIRTIO_MMIO_DEVICE_ID)).toBe(L.VIRTIO_ID_BLOCK);
    expect(r(L.VIRTIO_MMIO_SHM_LEN_LOW)).toBe(0xffffffff);
    const S = L.VIRTIO_CONFIG_S_ACKNOWLEDGE | L.VIRTIO_CONFIG_S_DRIVER;
    w(L.VIRTIO_MMIO_STATUS, 0);
    w(L.VIRTIO_MMIO_STATUS, L.VIRTIO_CONFIG_S_ACKNOWLEDGE);
    w(L.VIRTIO_MMIO_STATUS, S);
    w(L.VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    expect(r(L.VIRTIO_MMIO_DEVICE_FEATURES) & (1 << (L.VIRTIO_F_VERSION_1 - 32))).not.toBe(0);
    w(L.VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1); w(L.VIRTIO_MMIO_DRIVER_FEATURES, 1 << (L.VIRTIO_F_VERSION_1 - 32));
    w(L.VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0); w(L.VIRTIO_MMIO_DRIVER_FEATURES, 0);
    w(L.VIRTIO_MMIO_STATUS, S | L.VIRTIO_CONFIG_S_FEATURES_OK);
    expect(r(L.VIRTIO_MMIO_STATUS) & L.VIRTIO_CONFIG_S_FEATURES_OK).toBe(L.VIRTIO_CONFIG_S_FEATURES_OK);
    const desc = 0x1000, avail = 0x2000, used = 0x3000, n = 8;
    w(L.VIRTIO_MMIO_QUEUE_SEL, 0);
    w(L.VIRTIO_MMIO_QUEUE_NUM, n);
    w(L.VIRTIO_MMIO_QUEUE_DESC_LOW, desc); w(L.VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
    w(L.VIRTIO_MMIO_QUEUE_AVAIL_LOW, avail); w(L.VIRTIO_MMIO_QUEUE_AVAIL_HIGH, 0);
    w(L.VIRTIO_MMIO_QUEUE_USED_LOW, used); w(L.VIRTIO_MMIO_QUEUE_USED_HIGH, 0);
    w(L.VIRTIO_MMIO_QUEUE_READY, 1);
    w(L.VIRTIO_MMIO_STATUS, S | L.VIRTIO_CONFIG_S_FEATURES_OK | L.VIRTIO_CONFIG_S_DRIVER_OK);
    expect(r(L.VIRTIO_MMIO_CONFIG + L.off_blk_config_capacity)).toBe(32);
    const v = mem.view;
    const post = (slot: number, type: number, sector: number, dataAt: number, len: number) => {
      const hdr = 0x8000 + slot * 0x40;
      v.setUint32(hdr, type, true); v.setBigUint64(hdr + L.off_outhdr_sector, BigInt(sector), true);
      const d = desc + slot * 3 * L.sizeof_vring_desc;
      const bufs: [number, number, number][] = [[hdr, 16, 0], [dataAt, len, L.VRING_DESC_F_WRITE], [hdr + 0x20, 1, L.VRING_DESC_F_WRITE]];
      bufs.forEach(([a, l, f], i) => {
        const e = d + i * 16;
        v.setBigUint64(e, BigInt(a), true); v.setUint32(e + 8, l, true);
        v.setUint16(e + 12, f | (i < 2 ? L.VRING_DESC_F_NEXT : 0), true); v.setUint16(e + 14, slot * 3 + i + 1, true);
      });
      const idx = v.getUint16(avail + 2, true);
      v.setUint16(avail + L.off_vring_avail_ring + 2 * (idx % n), slot * 3, true);
      v.setUint16(avail + 2, idx + 1, true);
    };
    post(0, L.VIRTIO_BLK_T_GET_ID, 0, 0x9000, L.VIRTIO_BLK_ID_BYTES);
    post(1, L.VIRTIO_BLK_T_IN, 7, 0xa000, 512);
    w(L.VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    clock.advanceTo(BLK_LATENCY);
    expect(v.getUint16(used + 2, true)).toBe(2);
    expect(mem.bytes[0x8020]).toBe(L.VIRTIO_BLK_S_OK);
    expect(mem.bytes[0x8060]).toBe(L.VIRTIO_BLK_S_OK);
    expect(new TextDecoder().decode(mem.bytes.subarray(0x9000, 0x900c))).toBe("linux-oracle");
    expect(mem.bytes.subarray(0xa000, 0xa200)).toEqual(image.subarray(7 * 512, 8 * 512));
    const elem = used + L.off_vring_used_ring + L.sizeof_vring_used_elem;
    expect([v.getUint32(elem, true), v.getUint32(elem + 4, true)]).toEqual([3, 513]);
    expect(ctrl.high(48)).toBe(true);
    expect(r(L.VIRTIO_MMIO_INTERRUPT_STATUS)).toBe(L.VIRTIO_MMIO_INT_VRING);
    w(L.VIRTIO_MMIO_INTERRUPT_ACK, L.VIRTIO_MMIO_INT_VRING);
    expect(ctrl.high(48)).toBe(false);
  });
});

describe("PSCI as Linux's psci driver sees it (<linux/psci.h>)", () => {
  oracle("function IDs and return values", () => {
    const p = new Psci(new PowerState());
    expect(p.call(BigInt(L.PSCI_0_2_FN_PSCI_VERSION))).toBe(BigInt(L.psci_version_0_2));
    expect(p.call(BigInt(L.PSCI_0_2_FN_MIGRATE_INFO_TYPE))).toBe(BigInt(L.PSCI_0_2_TOS_MP));
    expect(BigInt.asIntN(64, p.call(BigInt(L.PSCI_0_2_FN_CPU_ON)))).toBe(BigInt(L.PSCI_RET_NOT_SUPPORTED));
    p.call(BigInt(L.PSCI_0_2_FN_SYSTEM_RESET));
    expect(p.power.reset).toBe(true);
    p.call(BigInt(L.PSCI_0_2_FN_SYSTEM_OFF));
    expect(p.power.off).toBe(true);
  });
});
