// The devices of both boards, and where the boards put them. A board
// (a later issue) builds these, maps them with PhysMem.mapDevice or
// PortBus.map, and wires their IrqLines; see README.md for the wiring.

export * from "./irq";
export * from "./time";
export * from "./portbus";
export { Uart16550 } from "./uart16550";
export { Pl011, PL011_ID } from "./pl011";
export { LocalApic, LAPIC_BASE } from "./lapic";
export { IoApic, IOAPIC_BASE } from "./ioapic";
export { Gic, GICD_BASE, GICC_BASE, SPURIOUS } from "./gic";
export { GenericTimer, TimerReg, PPI_VIRT_TIMER, PPI_PHYS_TIMER } from "./generic-timer";
export { VirtioMmio } from "./virtio-mmio";
export { VirtioBlk, BLK_LATENCY } from "./virtio-blk";
export { PowerState, Pm1aControl, ExitPort, Psci, PM1A_CNT_PORT, EXIT_PORT } from "./power";

/** The q35-like PC (x86_64). */
export const PC_MAP = {
  uartPort: 0x3f8, uartPorts: 8, uartIoApicPin: 4,
  pm1aCntPort: 0x604, exitPort: 0x501,
  ioapic: 0xfec00000, ioapicSize: 0x20,
  lapic: 0xfee00000, lapicSize: 0x1000,
  /** virtio-mmio windows (a PC has PCI instead; we use the virt layout), IOAPIC pins 16.. */
  virtio: 0xfeb00000, virtioSize: 0x200, virtioIoApicPin: 16,
} as const;

/** The QEMU virt-like board (AArch64). SPI n is INTID 32 + n. */
export const VIRT_MAP = {
  gicd: 0x08000000, gicdSize: 0x10000,
  gicc: 0x08010000, giccSize: 0x10000,
  uart: 0x09000000, uartSize: 0x1000, uartIntid: 32 + 1,
  virtio: 0x0a000000, virtioSize: 0x200, virtioIntid: 32 + 16,
  virtTimerIntid: 27, physTimerIntid: 30,
} as const;
