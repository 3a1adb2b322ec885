// Where the arm64 HAL finds its devices. The devicetree says (fdt.ts puts
// it in BootInfo.devices); initDevices copies the addresses here, and the
// interrupt and console paths use them. Until then the HAL assumes the
// virt board's well-known layout (QEMU's `virt`, machine/firmware/boards.ts),
// so that even a panic before the console step has somewhere to print.

import type { BootInfo, DeviceInfo } from "../../bootinfo/bootinfo";

export interface Arm64Devices {
  /** GICv2 distributor and CPU interface bases. */
  gicd: number;
  gicc: number;
  /** PL011 base and its INTID (SPI n = INTID 32 + n). */
  uart: number;
  uartIrq: number;
  /** The virtual timer's INTID (PPI 11 = INTID 27). */
  timerIrq: number;
}

export const VIRT_DEFAULTS: Arm64Devices = { gicd: 0x08000000, gicc: 0x08010000, uart: 0x09000000, uartIrq: 33, timerIrq: 27 };

/** The devices the HAL needs, from the boot information; a clear Error names the first one missing. */
export function devicesFrom(boot: BootInfo): Arm64Devices {
  const need = (kind: string, what: string): DeviceInfo => {
    const d = boot.devices.find((x) => x.kind === kind);
    if (d === undefined) throw new Error(`no ${what} in the devicetree: the kernel cannot run without it`);
    return d;
  };
  const uart = need("uart", "UART (arm,pl011)"), gicd = need("intc", "GIC distributor"), gicc = need("intc-cpu", "GIC CPU interface");
  const timer = need("timer", "generic timer (arm,armv8-timer)");
  if (uart.irq < 32) throw new Error(`the UART's interrupt ${uart.irq} is not an SPI (INTID 32 or more)`);
  if (timer.irq < 16 || timer.irq > 31) throw new Error(`the virtual timer's interrupt ${timer.irq} is not a PPI (INTID 16-31)`);
  return { gicd: gicd.base, gicc: gicc.base, uart: uart.base, uartIrq: uart.irq, timerIrq: timer.irq };
}
