// The boot information, arch-neutral: what the firmware told the kernel,
// whether it came as a Multiboot2 information structure (x86_64,
// multiboot2.ts) or a flattened devicetree (arm64, fdt.ts). Everything after
// boot reads this, never the firmware's formats.

export interface MemoryRegion {
  /** Physical start and length in bytes. */
  base: number;
  size: number;
  /** "usable" RAM the kernel may allocate, or what else it is. */
  type: "usable" | "reserved" | "kernel" | "module" | "bootinfo";
}

export interface BootModule {
  /** The module's name (its Multiboot2 string / devicetree node's name). */
  name: string;
  /** Physical address and length in bytes. */
  pa: number;
  size: number;
}

export interface DeviceInfo {
  /** "uart", "timer", "intc", "virtio-blk", "power" ... */
  kind: string;
  /** The compatible string or model ("arm,pl011", "ns16550a", "arm,cortex-a15-gic", ...). */
  model: string;
  /** MMIO base (0 for port-I/O devices) and size; port base for port devices. */
  base: number;
  size: number;
  port?: number;
  /** Interrupt number as the controller numbers it (GIC INTID, IOAPIC pin), or -1. */
  irq: number;
}

export interface BootInfo {
  format: "multiboot2" | "fdt";
  /** The physical memory map, sorted by base, regions not overlapping. */
  memory: MemoryRegion[];
  devices: DeviceInfo[];
  modules: BootModule[];
  cmdline: string;
  /** Where the kernel image sits (its pages are not free RAM). */
  image: { pa: number; size: number };
  /** Where the boot information itself sits. */
  info: { pa: number; size: number };
}
