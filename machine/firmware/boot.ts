// The firmware's last step before the kernel: given a board, a RAM size, the
// kernel image, the boot modules and a command line, decide where each goes
// (layout.ts), build the boot information for that board (Multiboot2 on the
// PC, a devicetree on virt), copy everything into RAM, and say what the
// registers hold at entry:
//   PC:   EAX = 0x36d76289 (MB2_BOOTLOADER_MAGIC), EBX = boot information
//         (Multiboot2 spec 3.3, "I386 machine state")
//   virt: X0 = the DTB's physical address, X1 = X2 = X3 = 0 (Linux's
//         Documentation/arch/arm64/booting.rst, "Call the kernel image")
// The kernel finds its own image through the boot information: Multiboot2
// tag 21 (load base; the image header there gives its length) on the PC,
// and a /memreserve/ entry covering the image on virt.

import { checkRamSize, memoryMap, type Board } from "./boards";
import { writeFdt } from "./fdt";
import { layoutBoot, PAGE, type Layout } from "./layout";
import { buildMultiboot2, MB2_BOOTLOADER_MAGIC, MemType, type RamSink } from "./multiboot2";
import { virtDeviceTree } from "./virt-dt";

export const BOOT_LOADER_NAME = "MinOS firmware";

export interface BootModule { name: string; bytes: Uint8Array }

export interface BootRequest {
  board: Board;
  ramSize: number;
  /** The signed kernel image, already verified (secure-boot.ts). */
  image: Uint8Array;
  /** The first module is the initial ramdisk (cpio newc). */
  modules: BootModule[];
  cmdline: string;
}

export interface BootPlan {
  layout: Layout;
  format: "multiboot2" | "dtb";
  bootInfo: Uint8Array;
  /** Register values at kernel entry, by name ("eax", "ebx" / "x0".."x3"). */
  entry: Record<string, number>;
}

/** Decide placement and build the boot information; touches no memory. */
export function planBoot(req: BootRequest): BootPlan {
  checkRamSize(req.board, req.ramSize);
  const modules = req.modules.map((m) => ({ name: m.name, size: m.bytes.length }));
  const build = (l: Layout) => (req.board.arch === "x86_64" ? multiboot2For(req, l) : dtbFor(req, l));
  // The boot information's size does not depend on the addresses in it (every
  // field has a fixed width), so a first layout with a guessed size gives the
  // size; the second places it for real.
  const trial = layoutBoot(req.board, req.ramSize, { imageSize: req.image.length, modules, bootInfoSize: 0 });
  const size = build(trial).length;
  const layout = layoutBoot(req.board, req.ramSize, { imageSize: req.image.length, modules, bootInfoSize: size });
  const bootInfo = build(layout);
  if (bootInfo.length !== size) throw new Error("boot: boot information changed size between layouts (a firmware bug)");
  const at = layout.bootInfo.start;
  const entry: Record<string, number> = req.board.arch === "x86_64"
    ? { eax: MB2_BOOTLOADER_MAGIC, ebx: at }
    : { x0: at, x1: 0, x2: 0, x3: 0 };
  return { layout, format: req.board.arch === "x86_64" ? "multiboot2" : "dtb", bootInfo, entry };
}

/** Copy the image, modules and boot information into RAM where the plan says. */
export function loadBoot(ram: RamSink, req: BootRequest, plan: BootPlan): void {
  ram.load(plan.layout.image.start, req.image);
  req.modules.forEach((m, i) => ram.load(plan.layout.modules[i].start, m.bytes));
  ram.load(plan.layout.bootInfo.start, plan.bootInfo);
}

function multiboot2For(req: BootRequest, l: Layout): Uint8Array {
  const map = memoryMap(req.board, req.ramSize);
  // Basic meminfo (3.6.4): KiB of available RAM from 0, and from 1 MiB to the first hole.
  const low = map.find((r) => r.base === 0 && r.type === MemType.Available);
  const high = map.find((r) => r.base === 0x100000 && r.type === MemType.Available);
  return buildMultiboot2({
    cmdline: req.cmdline,
    bootLoaderName: BOOT_LOADER_NAME,
    modules: l.modules.map((p, i) => ({ start: p.start, end: p.end, string: req.modules[i].name })),
    basicMeminfo: { memLower: Math.min(640, Math.floor((low?.length ?? 0) / 1024)), memUpper: Math.floor((high?.length ?? 0) / 1024) },
    memoryMap: map,
    loadBaseAddr: l.image.start,
  });
}

function dtbFor(req: BootRequest, l: Layout): Uint8Array {
  const first = l.modules[0];
  return writeFdt(virtDeviceTree({
    board: req.board,
    ramSize: req.ramSize,
    bootargs: req.cmdline,
    initrd: first ? { start: first.start, end: first.end } : undefined,
    modules: l.modules.map((p, i) => ({ start: p.start, end: p.end, name: req.modules[i].name })),
    // Whole pages, as the layout gives the image whole pages.
    memReserve: [{ address: BigInt(l.image.start), size: BigInt(Math.ceil(l.image.size / PAGE) * PAGE) }],
  }));
}
