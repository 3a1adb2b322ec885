// The devicetree of the virt board: what QEMU's `virt` machine tells an
// AArch64 kernel, trimmed to the devices we model. The bindings followed are
// the Linux kernel's Documentation/devicetree/bindings (arm/cpus, arm/psci,
// timer/arm,arch_timer, interrupt-controller/arm,gic, serial/pl011,
// virtio/mmio, chosen) and the Devicetree Specification v0.4 chapter 3
// ("Device node requirements": /memory, /chosen, /cpus).
//
// Interrupt specifiers for the GIC are three cells (arm,gic binding):
// <type number flags>: type 0 = SPI, 1 = PPI; number is relative (SPI n is
// INTID 32+n, PPI n is INTID 16+n); flags: 1 edge rising, 4 level high, and
// for PPIs bits 15:8 the CPU mask (0x100 = CPU 0).

import { cells64, type FdtNode, type FdtReserve, type FdtTree } from "./fdt";
import type { Board } from "./boards";

export const GIC_PHANDLE = 1, CLOCK_PHANDLE = 2;
const SPI = 0, PPI = 1, EDGE_RISING = 1, LEVEL_HIGH = 4, PPI_CPU0 = 0x100;
/** Architected timer PPIs (arm,arch_timer binding order): secure phys, non-secure phys, virtual, hypervisor. */
export const TIMER_PPIS = [13, 14, 11, 10];

export interface VirtDtOptions {
  board: Board;
  ramSize: number;
  bootargs: string;
  /** The first boot module, given to the kernel as the initial ramdisk: [start, end). */
  initrd?: { start: number; end: number };
  /** Every boot module, listed in /chosen per the multiboot,module binding (Xen's docs/misc/arm/device-tree/booting.txt). */
  modules?: { start: number; end: number; name: string }[];
  memReserve?: FdtReserve[];
}

const reg = (base: number, size: number) => [...cells64(base), ...cells64(size)];
const unit = (a: number) => a.toString(16);

/** The virt board's devicetree. The caller encodes it with writeFdt. */
export function virtDeviceTree(o: VirtDtOptions): FdtTree {
  const win = (name: string) => {
    const w = o.board.mmio.find((m) => m.name === name);
    if (!w) throw new Error(`virt devicetree: the board has no ${name} window`);
    return w;
  };
  const gicd = win("gic-dist"), gicc = win("gic-cpu"), uart = win("pl011");
  const virtio = o.board.mmio.filter((m) => m.name.startsWith("virtio-mmio"));
  const uartNode = `pl011@${unit(uart.base)}`;
  const children: FdtNode[] = [
    { name: "psci", props: { compatible: "arm,psci-0.2", method: "hvc" } },
    { name: `memory@${unit(o.board.ramBase)}`, props: { device_type: "memory", reg: reg(o.board.ramBase, o.ramSize) } },
    {
      name: `intc@${unit(gicd.base)}`,
      props: {
        // #address-cells 0: an interrupt-map that points here adds no address cells (dtc's interrupt_provider check)
        compatible: "arm,cortex-a15-gic", "#interrupt-cells": [3], "#address-cells": [0], "interrupt-controller": true,
        reg: [...reg(gicd.base, gicd.size), ...reg(gicc.base, gicc.size)], phandle: [GIC_PHANDLE],
      },
    },
    {
      name: "apb-pclk",
      props: {
        compatible: "fixed-clock", "#clock-cells": [0], "clock-frequency": [24_000_000],
        "clock-output-names": "clk24mhz", phandle: [CLOCK_PHANDLE],
      },
    },
    {
      name: uartNode,
      props: {
        compatible: ["arm,pl011", "arm,primecell"], reg: reg(uart.base, uart.size), interrupts: [SPI, uart.irq ?? 1, LEVEL_HIGH],
        clocks: [CLOCK_PHANDLE, CLOCK_PHANDLE], "clock-names": ["uartclk", "apb_pclk"],
      },
    },
    ...virtio.map((v): FdtNode => ({
      name: `virtio_mmio@${unit(v.base)}`,
      props: { compatible: "virtio,mmio", reg: reg(v.base, v.size), interrupts: [SPI, v.irq ?? 16, EDGE_RISING], "dma-coherent": true },
    })),
    {
      name: "timer",
      props: {
        compatible: "arm,armv8-timer", "always-on": true,
        interrupts: TIMER_PPIS.flatMap((n) => [PPI, n, PPI_CPU0 | LEVEL_HIGH]),
      },
    },
    {
      name: "cpus",
      props: { "#address-cells": [1], "#size-cells": [0] },
      children: [{ name: "cpu@0", props: { device_type: "cpu", compatible: "arm,cortex-a57", reg: [0], "enable-method": "psci" } }],
    },
    chosen(o, `/${uartNode}`),
  ];
  return {
    root: {
      name: "",
      props: {
        "interrupt-parent": [GIC_PHANDLE], "#address-cells": [2], "#size-cells": [2],
        compatible: "linux,dummy-virt", model: "virt (emulated)",
      },
      children,
    },
    memReserve: o.memReserve,
  };
}

function chosen(o: VirtDtOptions, stdout: string): FdtNode {
  const props: Record<string, true | string | number[]> = { bootargs: o.bootargs, "stdout-path": stdout };
  if (o.initrd) {
    props["linux,initrd-start"] = cells64(o.initrd.start);
    props["linux,initrd-end"] = cells64(o.initrd.end);
  }
  const mods = o.modules ?? [];
  if (mods.length) { props["#address-cells"] = [2]; props["#size-cells"] = [2]; }
  return {
    name: "chosen", props,
    children: mods.map((m) => ({
      name: `module@${unit(m.start)}`,
      props: { compatible: ["multiboot,module"], reg: reg(m.start, m.end - m.start), bootargs: m.name },
    })),
  };
}
