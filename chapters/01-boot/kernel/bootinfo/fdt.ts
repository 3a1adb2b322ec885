// From a devicetree to BootInfo: what an Arm kernel learns at boot. The
// firmware (machine/firmware/virt-dt.ts) describes the virt board the way
// QEMU describes its own `virt` machine, and the kernel reads:
//
//   /memory@...      device_type "memory", reg = the RAM           (DT spec 3.4)
//   /chosen          bootargs = the command line, linux,initrd-start/-end,
//                    and one module@... child per boot module
//                    (compatible "multiboot,module": the binding Xen uses,
//                    docs/misc/arm/device-tree/booting.txt)        (DT spec 3.6)
//   the devices      by their compatible strings: the PL011 UART, the GIC,
//                    the generic timer, PSCI, virtio-mmio slots
//   the memory reservation block: what must not be used (the kernel image)
//
// fdt-tree.ts reads the blob itself; this file only interprets the tree.

import type { KernelMode } from "../../../../machine/kernel-mode";
import type { BootInfo, BootModule, DeviceInfo } from "./bootinfo";
import { carve } from "./memmap";
import { markTaken } from "./multiboot2";
import { cellNumber, cells, FdtError, readFdt, strings, type FdtNode } from "./fdt-tree";

/** A node and what it inherits from its parent: #address-cells and #size-cells say how to read its `reg` (DT spec 2.3.5). */
interface Placed { node: FdtNode; path: string; addressCells: number; sizeCells: number; parent: Placed | null }

/** Spec defaults when a parent does not say (2.3.5): 2 address cells, 1 size cell. */
const DEFAULT_ADDRESS_CELLS = 2, DEFAULT_SIZE_CELLS = 1;

// @snippet fdt-parse
export function parseFdt(k: KernelMode, pa: number): BootInfo {
  const blob = readFdt(k, pa);
  const all = flatten(blob.root);
  const info: BootInfo = { format: "fdt", memory: [], devices: [], modules: [], cmdline: "", image: { pa: 0, size: 0 }, info: { pa, size: blob.totalSize } };

  for (const p of all) {
    if (str(p.node, "device_type") === "memory") {
      for (const r of regs(p)) if (r.size > 0) info.memory.push({ base: r.base, size: r.size, type: "usable" });
    }
  }
  if (info.memory.length === 0) throw new FdtError("no /memory node: the kernel cannot know its RAM");
  info.memory.sort((a, b) => a.base - b.base);
  for (let i = 1; i < info.memory.length; i++) {
    const prev = info.memory[i - 1];
    if (prev.base + prev.size > info.memory[i].base) throw new FdtError(`memory ranges overlap at 0x${info.memory[i].base.toString(16)}`);
  }

  const chosen = all.find((p) => p.path === "/chosen");
  if (chosen !== undefined) readChosen(chosen, all, info);
  info.devices = all.flatMap((p) => devicesOf(p, all));

  // The reservation block: the entry where the signed image's header sits is the kernel; the rest is just "reserved".
  for (const r of blob.reserved) {
    if (isImage(k, info, r.address, r.size)) info.image = { pa: r.address, size: imageSize(k, r.address, r.size) };
    else info.memory = carve(info.memory, r.address, r.size, "reserved");
  }
  info.memory = markTaken(info);
  return info;
}
// @end fdt-parse

/** Every node in tree order, with its path and the cells its parent declares. */
function flatten(root: FdtNode): Placed[] {
  const out: Placed[] = [];
  const visit = (node: FdtNode, path: string, parent: Placed | null) => {
    const pc = parent === null ? null : parent.node;
    const p: Placed = {
      node, path, parent,
      addressCells: cellsProp(pc, "#address-cells", DEFAULT_ADDRESS_CELLS),
      sizeCells: cellsProp(pc, "#size-cells", DEFAULT_SIZE_CELLS),
    };
    out.push(p);
    for (const c of node.children) visit(c, path === "/" ? `/${c.name}` : `${path}/${c.name}`, p);
  };
  visit(root, "/", null);
  return out;
}

function cellsProp(node: FdtNode | null, name: string, dflt: number): number {
  if (node === null || !node.props.has(name)) return dflt;
  const c = cells(node.props.get(name));
  if (c.length !== 1 || c[0] > 2) throw new FdtError(`${name} of '${node.name || "/"}' must be one cell of 0, 1 or 2`);
  return c[0];
}

const str = (node: FdtNode, name: string): string | undefined => strings(node.props.get(name))[0];

// @snippet fdt-reg
/** `reg` as (base, size) pairs, each made of the parent's #address-cells and #size-cells cells. */
function regs(p: Placed): { base: number; size: number }[] {
  const c = cells(p.node.props.get("reg"));
  const per = p.addressCells + p.sizeCells;
  if (per === 0 || c.length % per !== 0) throw new FdtError(`reg of ${p.path} has ${c.length} cells, not a multiple of ${per}`);
  const out: { base: number; size: number }[] = [];
  for (let i = 0; i < c.length; i += per) {
    out.push({ base: cellNumber(c, i, p.addressCells), size: cellNumber(c, i + p.addressCells, p.sizeCells) });
  }
  return out;
}
// @end fdt-reg

/** The first (base, size) of a device's reg: a device without one cannot be used. */
function firstReg(p: Placed): { base: number; size: number } {
  const [r] = regs(p);
  if (r === undefined) throw new FdtError(`${p.path} has no reg: where is it?`);
  return r;
}

/** /chosen: the command line and the boot modules. */
function readChosen(chosen: Placed, all: Placed[], info: BootInfo): void {
  info.cmdline = str(chosen.node, "bootargs") ?? "";
  const mods: BootModule[] = [];
  for (const p of all) {
    if (p.parent !== chosen || !strings(p.node.props.get("compatible")).includes("multiboot,module")) continue;
    const r = firstReg(p);
    mods.push({ name: str(p.node, "bootargs") ?? p.node.name.split("@")[0], pa: r.base, size: r.size });
  }
  // A loader that only knows Linux's binding passes one module, as the initial ramdisk.
  const start = chosen.node.props.get("linux,initrd-start"), end = chosen.node.props.get("linux,initrd-end");
  if (mods.length === 0 && start !== undefined && end !== undefined) {
    const s = cells(start), e = cells(end);
    if (s.length > 2 || e.length > 2) throw new FdtError("linux,initrd-start/-end must be 1 or 2 cells");
    const a = cellNumber(s, 0, s.length), b = cellNumber(e, 0, e.length);
    if (b < a) throw new FdtError("linux,initrd-end is before linux,initrd-start");
    mods.push({ name: "initrd", pa: a, size: b - a });
  }
  info.modules = mods;
}

// @snippet fdt-devices
/** The devices chapter 01 cares about, found by their compatible strings. */
function devicesOf(p: Placed, all: Placed[]): DeviceInfo[] {
  const compat = strings(p.node.props.get("compatible"));
  if (compat.length === 0 || str(p.node, "status") === "disabled") return [];
  const model = compat[0];
  const has = (...c: string[]) => compat.some((x) => c.includes(x));
  if (has("arm,pl011")) {
    const r = firstReg(p);
    return [{ kind: "uart", model, base: r.base, size: r.size, irq: interrupts(p, all)[0] ?? -1 }];
  }
  if (has("arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic")) {
    const [dist, cpu] = regs(p);
    if (dist === undefined || cpu === undefined) throw new FdtError(`${p.path}: a GIC needs two reg ranges (distributor, CPU interface)`);
    return [{ kind: "intc", model, base: dist.base, size: dist.size, irq: -1 }, { kind: "intc-cpu", model, base: cpu.base, size: cpu.size, irq: -1 }];
  }
  if (has("arm,armv8-timer", "arm,armv7-timer")) {
    // interrupts: secure physical, non-secure physical, virtual, hypervisor (arm,arch_timer binding). We use the virtual timer.
    return [{ kind: "timer", model, base: 0, size: 0, irq: interrupts(p, all)[2] ?? -1 }];
  }
  if (has("virtio,mmio")) {
    const r = firstReg(p);
    return [{ kind: "virtio-mmio", model, base: r.base, size: r.size, irq: interrupts(p, all)[0] ?? -1 }];
  }
  if (has("arm,psci-0.2", "arm,psci-1.0", "arm,psci")) return [{ kind: "power", model, base: 0, size: 0, irq: -1 }];
  return [];
}
// @end fdt-devices

/**
 * A node's interrupts as GIC INTIDs. The interrupt-parent (inherited from
 * an ancestor) names the controller by phandle; its #interrupt-cells says
 * how many cells one interrupt takes. For a GIC it is 3: <type number
 * flags>, type 0 an SPI (INTID 32 + number), 1 a PPI (INTID 16 + number).
 */
function interrupts(p: Placed, all: Placed[]): number[] {
  const c = cells(p.node.props.get("interrupts"));
  if (c.length === 0) return [];
  let q: Placed | null = p;
  while (q !== null && !q.node.props.has("interrupt-parent")) q = q.parent;
  if (q === null) throw new FdtError(`${p.path} has interrupts but no interrupt-parent`);
  const phandle = cells(q.node.props.get("interrupt-parent"))[0];
  const ctl = all.find((x) => cells(x.node.props.get("phandle") ?? x.node.props.get("linux,phandle"))[0] === phandle);
  if (ctl === undefined) throw new FdtError(`${p.path}: interrupt-parent <${phandle}> is no node's phandle`);
  if (cells(ctl.node.props.get("#interrupt-cells"))[0] !== 3) {
    throw new FdtError(`${ctl.path}: #interrupt-cells is not 3; this kernel reads only GIC interrupt specifiers`);
  }
  const out: number[] = [];
  for (let i = 0; i + 3 <= c.length; i += 3) out.push((c[i] === 1 ? 16 : 32) + c[i + 1]);
  return out;
}

/** Is the signed kernel image (machine/firmware/README.md, "The signed kernel image") at `pa`, inside RAM? */
function isImage(k: KernelMode, info: BootInfo, pa: number, size: number): boolean {
  const inRam = info.memory.some((m) => pa >= m.base && pa + 64 <= m.base + m.size);
  return inRam && size >= 64 && String.fromCharCode(...k.readBytes(pa, 8)) === "MINOSIMG";
}

/** The image's length from its header: 64 + manifest + payload + signature, which must fit the reservation. */
function imageSize(k: KernelMode, pa: number, reserved: number): number {
  const size = 64 + Number(k.read(pa + 0x10, 4)) + Number(k.read(pa + 0x14, 4)) + Number(k.read(pa + 0x18, 4));
  if (size > reserved) throw new FdtError(`the kernel image at 0x${pa.toString(16)} is ${size} bytes, but only ${reserved} are reserved for it`);
  return size;
}
