// The two boards' physical memory maps, as data. Firmware turns these into
// the memory map a kernel receives (Multiboot2 tag 6 on the PC, /memory and
// the reservation block in a devicetree on virt); the board assembly maps its
// devices at the same addresses. RAM size is chosen at boot, 1 MiB to 2 GiB.
//
// PC (q35-like, x86_64):
//   0x0000_0000  RAM (all of it starts at 0, as on a real PC)
//   0x0009_FC00  .. 0x0010_0000 reserved even when RAM covers it: the EBDA,
//                VGA window and BIOS ROM area of the IBM PC ("the hole below
//                1 MiB"); a kernel must not use it
//   0xFEB0_0000  virtio-mmio devices, 0x200 bytes each (our choice; QEMU's
//                PC uses PCI instead, so there is no standard address)
//   0xFEC0_0000  I/O APIC          0xFEE0_0000  local APIC
//   I/O ports: COM1 16550 UART 0x3F8-0x3FF (IRQ 4), isa-debug-exit 0x501,
//   ACPI PM1a control 0x604 (power off)
// virt (QEMU `virt`-like, AArch64):
//   0x0000_0000  flash (2 x 64 MiB; the firmware's home on QEMU)
//   0x0800_0000  GICv2 distributor  0x0801_0000 GICv2 CPU interface
//   0x0900_0000  PL011 UART (SPI 1)
//   0x0A00_0000  virtio-mmio devices, 0x200 bytes each (SPI 16 upwards)
//   0x4000_0000  RAM

import { hex } from "./bytes";
import { MemType, type MemRegion } from "./multiboot2";

export type BoardName = "pc" | "virt";
export type Arch = "x86_64" | "arm64";

/** One window of device registers on the physical bus. */
export interface MmioWindow {
  name: string;
  base: number;
  size: number;
  /** Interrupt: IOAPIC pin (pc) or GIC SPI number (virt), if the device has one. */
  irq?: number;
}

export interface PortWindow { name: string; base: number; size: number; irq?: number }

export interface Board {
  name: BoardName;
  arch: Arch;
  /** Physical address of the first byte of RAM. */
  ramBase: number;
  /** RAM the board reports as reserved (never free), [base, base+length). */
  ramHoles: MemRegion[];
  mmio: MmioWindow[];
  ports: PortWindow[];
  /** Where the firmware prefers to load the kernel image (the kernel may not rely on it: see tag 21). */
  preferredLoad: number;
}

export const MiB = 1 << 20, KiB = 1 << 10;
export const MIN_RAM = 1 * MiB;
export const MAX_RAM = 2048 * MiB;   // PhysMem's limit
export const VIRTIO_WINDOW = 0x200;  // virtio v1.1 4.2.2: one register window per device

export const PC_VIRTIO_BASE = 0xfeb00000;
export const VIRT_VIRTIO_BASE = 0x0a000000;
/** GIC SPI of the first virtio-mmio device on virt (QEMU's VIRT_MMIO irq base). */
export const VIRT_VIRTIO_SPI = 16;
/** IOAPIC pin of the first virtio-mmio device on the PC (pins 16-23 are free of ISA IRQs). */
export const PC_VIRTIO_PIN = 16;

function virtioWindows(base: number, irq0: number, count: number): MmioWindow[] {
  const out: MmioWindow[] = [];
  for (let i = 0; i < count; i++) out.push({ name: `virtio-mmio${i}`, base: base + i * VIRTIO_WINDOW, size: VIRTIO_WINDOW, irq: irq0 + i });
  return out;
}

/** The PC board with `virtio` virtio-mmio slots (at most 8: IOAPIC pins 16..23). */
export function pcBoard(virtio = 1): Board {
  if (virtio < 0 || virtio > 8) throw new RangeError(`pc board: ${virtio} virtio devices; 0..8 fit the IOAPIC's pins 16-23`);
  return {
    name: "pc", arch: "x86_64", ramBase: 0,
    ramHoles: [{ base: 0x9fc00, length: 0x100000 - 0x9fc00, type: MemType.Reserved }],
    mmio: [
      ...virtioWindows(PC_VIRTIO_BASE, PC_VIRTIO_PIN, virtio),
      { name: "ioapic", base: 0xfec00000, size: 0x1000 },
      { name: "lapic", base: 0xfee00000, size: 0x1000 },
    ],
    ports: [
      { name: "com1", base: 0x3f8, size: 8, irq: 4 },
      { name: "debug-exit", base: 0x501, size: 1 },
      { name: "acpi-pm1a-cnt", base: 0x604, size: 2 },
    ],
    preferredLoad: 0x100000,   // 1 MiB, where Multiboot kernels traditionally load
  };
}

/** The virt board with `virtio` virtio-mmio slots (QEMU has 32). */
export function virtBoard(virtio = 1): Board {
  if (virtio < 0 || virtio > 32) throw new RangeError(`virt board: ${virtio} virtio devices; 0..32 fit the window`);
  return {
    name: "virt", arch: "arm64", ramBase: 0x40000000,
    ramHoles: [],
    mmio: [
      { name: "flash", base: 0, size: 0x08000000 },
      { name: "gic-dist", base: 0x08000000, size: 0x10000 },
      { name: "gic-cpu", base: 0x08010000, size: 0x10000 },
      { name: "pl011", base: 0x09000000, size: 0x1000, irq: 1 },
      ...virtioWindows(VIRT_VIRTIO_BASE, VIRT_VIRTIO_SPI, virtio),
    ],
    ports: [],
    preferredLoad: 0x40000000,
  };
}

export function boardByName(name: string, virtio = 1): Board {
  if (name === "pc") return pcBoard(virtio);
  if (name === "virt") return virtBoard(virtio);
  throw new RangeError(`unknown board "${name}": the boards are pc (x86_64) and virt (arm64)`);
}

export function boardForArch(arch: Arch, virtio = 1): Board {
  return arch === "x86_64" ? pcBoard(virtio) : virtBoard(virtio);
}

/** Check a RAM size a user asked for; the message says what is allowed. */
export function checkRamSize(board: Board, ramSize: number): void {
  if (!Number.isInteger(ramSize) || ramSize % 4096 !== 0 || ramSize < MIN_RAM || ramSize > MAX_RAM) {
    throw new RangeError(`${board.name} board: RAM size ${ramSize} bytes is not allowed; use a multiple of 4 KiB from 1 MiB to 2048 MiB`);
  }
  const top = board.ramBase + ramSize;
  for (const w of board.mmio) {
    if (w.base < top && board.ramBase < w.base + w.size) {
      throw new RangeError(`${board.name} board: ${ramSize / MiB} MiB of RAM would overlap ${w.name} at ${hex(w.base)}`);
    }
  }
}

/**
 * The board's physical memory map for `ramSize` bytes of RAM, sorted by
 * address: RAM as Available except the holes (Reserved), then every MMIO
 * window as Reserved, as real PC firmware reports its APICs in e820.
 */
export function memoryMap(board: Board, ramSize: number): MemRegion[] {
  checkRamSize(board, ramSize);
  const out: MemRegion[] = [];
  const end = board.ramBase + ramSize;
  let at = board.ramBase;
  for (const h of board.ramHoles) {
    if (h.base >= end) break;
    if (h.base > at) out.push({ base: at, length: h.base - at, type: MemType.Available });
    const hEnd = Math.min(end, h.base + h.length);
    out.push({ base: h.base, length: hEnd - h.base, type: h.type });
    at = hEnd;
  }
  if (at < end) out.push({ base: at, length: end - at, type: MemType.Available });
  for (const w of board.mmio) out.push({ base: w.base, length: w.size, type: MemType.Reserved });
  return out.sort((a, b) => a.base - b.base);
}
