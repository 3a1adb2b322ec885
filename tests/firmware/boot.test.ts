// Boards, placement and the boot information each board hands its kernel.
// The memory maps follow the PC's conventions (the hole below 1 MiB, the
// APICs at 0xFEC00000/0xFEE00000: Intel SDM vol. 3A 10.4.1 and the 82093AA
// IOAPIC datasheet) and QEMU's `virt` (hw/arm/virt.c memmap). The virt DTB
// is checked by dtc, the PC's Multiboot2 structure by our parser, which the
// gcc-compiled spec example in multiboot2.test.ts keeps honest.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { memoryMap, pcBoard, virtBoard, MiB, type Board } from "../../machine/firmware/boards";
import { loadBoot, planBoot, type BootRequest } from "../../machine/firmware/boot";
import { findNode, propCells, propString, readFdt } from "../../machine/firmware/fdt-read";
import { freeRegions, layoutBoot, PAGE } from "../../machine/firmware/layout";
import { MemType } from "../../machine/firmware/multiboot2";
import { parseMultiboot2 } from "../../machine/firmware/multiboot2-parse";
import { PhysMem } from "../../machine/core/physmem";
import { GICC_BASE, GICD_BASE } from "../../machine/devices/gic";
import { IOAPIC_BASE } from "../../machine/devices/ioapic";
import { LAPIC_BASE } from "../../machine/devices/lapic";
import { PPI_PHYS_TIMER, PPI_VIRT_TIMER } from "../../machine/devices/generic-timer";
import { oracleIt } from "../oracles";
import { run, scratch } from "./tools";

const image = new Uint8Array(150 * 1024).fill(0xaa);                // a kernel bundle of realistic size
const initrd = new Uint8Array(40 * 1024 + 123).fill(0x55);
const request = (board: Board, ramSize: number): BootRequest => ({
  board, ramSize, image, modules: [{ name: "initrd", bytes: initrd }], cmdline: "console=serial quiet",
});

describe("board memory maps", () => {
  it("agree with the device models' addresses", () => {
    const at = (b: Board, n: string) => b.mmio.find((w) => w.name === n)!.base;
    expect(at(pcBoard(), "ioapic")).toBe(IOAPIC_BASE);
    expect(at(pcBoard(), "lapic")).toBe(LAPIC_BASE);
    expect(at(virtBoard(), "gic-dist")).toBe(GICD_BASE);
    expect(at(virtBoard(), "gic-cpu")).toBe(GICC_BASE);
    expect(at(virtBoard(), "pl011")).toBe(0x09000000);
    expect(at(virtBoard(), "virtio-mmio0")).toBe(0x0a000000);
  });
  it("report the PC's hole below 1 MiB as reserved, whatever the RAM size", () => {
    expect(memoryMap(pcBoard(), 1 * MiB).slice(0, 2)).toEqual([
      { base: 0, length: 0x9fc00, type: MemType.Available },
      { base: 0x9fc00, length: 0x60400, type: MemType.Reserved },
    ]);
    expect(memoryMap(pcBoard(), 32 * MiB)[2]).toEqual({ base: 0x100000, length: 31 * MiB, type: MemType.Available });
    expect(memoryMap(virtBoard(), 8 * MiB).find((r) => r.type === MemType.Available)).toEqual({ base: 0x40000000, length: 8 * MiB, type: 1 });
  });
  it("refuse RAM sizes outside 1 MiB..2 GiB or not page multiples", () => {
    expect(() => memoryMap(pcBoard(), 512 * 1024)).toThrow(/from 1 MiB to 2048 MiB/);
    expect(() => memoryMap(virtBoard(), 4 * MiB + 12)).toThrow(/multiple of 4 KiB/);
  });
});

describe("placement of image, modules and boot information", () => {
  for (const board of [pcBoard(), virtBoard()]) {
    for (const mib of [1, 2, 512]) {
      it(`${board.name} with ${mib} MiB: page-aligned, inside free RAM, not overlapping`, () => {
        const plan = planBoot(request(board, mib * MiB));
        const items = [plan.layout.image, ...plan.layout.modules, plan.layout.bootInfo];
        const free = freeRegions(board, mib * MiB);
        for (const p of items) {
          expect(p.start % PAGE, p.name).toBe(0);
          expect(p.start, `${p.name} is not in physical page 0`).toBeGreaterThanOrEqual(PAGE);
          expect(free.some((r) => p.start >= r.base && p.end <= r.base + r.length), `${p.name} in free RAM`).toBe(true);
        }
        const sorted = [...items].sort((a, b) => a.start - b.start);
        for (let i = 1; i < sorted.length; i++) {
          expect(sorted[i].start, `${sorted[i].name} after ${sorted[i - 1].name}`).toBeGreaterThanOrEqual(Math.ceil(sorted[i - 1].end / PAGE) * PAGE);
        }
        expect(plan.layout.bootInfo.size).toBe(plan.bootInfo.length);
        if (board.name === "pc" && mib > 1) expect(plan.layout.image.start).toBe(0x100000);
        if (board.name === "pc" && mib === 1) expect(plan.layout.image.start).toBe(0x1000);   // nothing free above 1 MiB
        if (board.name === "virt") expect(plan.layout.image.start).toBe(0x40000000);
      });
    }
  }
  it("says clearly when RAM is too small", () => {
    expect(() => layoutBoot(pcBoard(), 1 * MiB, { imageSize: 700 * 1024, modules: [], bootInfoSize: 100 }))
      .toThrow(/pc board with 1024 KiB of RAM: no room for the kernel image.*Give the machine more RAM/);
    expect(() => planBoot({ ...request(virtBoard(), 1 * MiB), modules: [{ name: "big", bytes: new Uint8Array(900 * 1024) }] }))
      .toThrow(/no room for the big/);
  });
});

describe("PC boot: Multiboot2", () => {
  it("copies everything into RAM and passes EAX = magic, EBX = the structure", () => {
    const req = request(pcBoard(), 2 * MiB);
    const plan = planBoot(req);
    const mem = new PhysMem(2 * MiB);
    loadBoot(mem, req, plan);
    expect(plan.entry).toEqual({ eax: 0x36d76289, ebx: plan.layout.bootInfo.start });
    expect(mem.bytes[plan.layout.image.start]).toBe(0xaa);
    expect(mem.bytes[plan.layout.modules[0].start + initrd.length - 1]).toBe(0x55);
    const at = plan.entry.ebx;
    const mb = parseMultiboot2(mem.bytes.subarray(at, at + plan.bootInfo.length));
    expect(mb.cmdline).toBe("console=serial quiet");
    expect(mb.modules).toEqual([{ start: plan.layout.modules[0].start, end: plan.layout.modules[0].start + initrd.length, string: "initrd" }]);
    expect(mb.loadBaseAddr).toBe(0x100000);
    expect(mb.basicMeminfo).toEqual({ memLower: 639, memUpper: 1024 });
    expect(mb.memoryMap).toEqual(memoryMap(pcBoard(), 2 * MiB));
  });
});

describe("virt boot: devicetree", () => {
  const tmp = scratch("virt");
  const dtcIt = oracleIt(["dtc", "fdtget"]);
  const req = request(virtBoard(), 512 * MiB);
  const plan = planBoot(req);

  it("passes X0 = the DTB and describes RAM, the initrd and the reserved image", () => {
    expect(plan.entry).toEqual({ x0: plan.layout.bootInfo.start, x1: 0, x2: 0, x3: 0 });
    const t = readFdt(plan.bootInfo);
    expect(propCells(findNode(t.root, "/memory@40000000")!.props.get("reg")!)).toEqual([0, 0x40000000, 0, 512 * MiB]);
    const chosen = findNode(t.root, "/chosen")!;
    const m = plan.layout.modules[0];
    expect(propCells(chosen.props.get("linux,initrd-start")!)).toEqual([0, m.start]);
    expect(propCells(chosen.props.get("linux,initrd-end")!)).toEqual([0, m.end]);
    expect(t.memReserve).toEqual([{ address: BigInt(plan.layout.image.start), size: BigInt(Math.ceil(image.length / PAGE) * PAGE) }]);
    // The timer's PPIs are INTIDs 16+n: the generic timer model raises 27 (virtual) and 30 (non-secure physical)
    const ppis = propCells(findNode(t.root, "/timer")!.props.get("interrupts")!).filter((_, i) => i % 3 === 1).map((n) => n + 16);
    expect(ppis).toContain(PPI_VIRT_TIMER);
    expect(ppis).toContain(PPI_PHYS_TIMER);
  });

  it("loads through a RAM window that starts at 0x40000000", () => {
    const ram = new Uint8Array(512 * MiB);
    loadBoot({ load: (pa, d) => ram.set(d, pa - 0x40000000) }, req, plan);
    const at = plan.entry.x0 - 0x40000000;
    expect(readFdt(ram.subarray(at, at + plan.bootInfo.length)).root.children.length).toBeGreaterThan(5);
  });

  dtcIt("dtc decodes it without warnings and fdtget reads the nodes the task names", () => {
    const f = tmp.file("virt.dtb", plan.bootInfo);
    const r = run("dtc", ["-I", "dtb", "-O", "dts", f]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // dtc re-encoding the blob (dtb to dtb) gives back the same bytes: our layout is dtc's
    const same = run("dtc", ["-I", "dtb", "-O", "dtb", "-o", tmp.file("same.dtb"), f]);
    expect(same.status, same.stderr).toBe(0);
    expect(Buffer.compare(readFileSync(tmp.file("same.dtb")), Buffer.from(plan.bootInfo))).toBe(0);
    // Round trip through dtc's compiler. (Its source-level checks may warn here: decompiled source holds
    // phandles as plain numbers, not &label references; the check that counts is the one above.)
    const back = run("dtc", ["-I", "dts", "-O", "dtb", "-o", tmp.file("virt2.dtb"), tmp.file("virt.dts", r.stdout)]);
    expect(back.status, back.stderr).toBe(0);
    expect(readFdt(new Uint8Array(readFileSync(tmp.file("virt2.dtb")))).root.children.map((c) => c.name))
      .toEqual(readFdt(plan.bootInfo).root.children.map((c) => c.name));
    const get = (...a: string[]) => run("fdtget", a).stdout.trim();
    expect(get("-t", "s", f, "/chosen", "bootargs")).toBe("console=serial quiet");
    expect(get("-t", "s", f, "/chosen", "stdout-path")).toBe("/pl011@9000000");
    expect(get("-t", "x", f, "/memory@40000000", "reg")).toBe("0 40000000 0 20000000");
    expect(get("-t", "s", f, "/cpus/cpu@0", "compatible")).toBe("arm,cortex-a57");
    expect(get("-t", "s", f, "/cpus/cpu@0", "enable-method")).toBe("psci");
    expect(get("-t", "s", f, "/psci", "compatible")).toBe("arm,psci-0.2");
    expect(get("-t", "s", f, "/psci", "method")).toBe("hvc");
    expect(get("-t", "s", f, "/timer", "compatible")).toBe("arm,armv8-timer");
    expect(get("-t", "x", f, "/timer", "interrupts")).toBe("1 d 104 1 e 104 1 b 104 1 a 104");
    expect(get("-t", "s", f, "/intc@8000000", "compatible")).toBe("arm,cortex-a15-gic");
    expect(get("-t", "x", f, "/intc@8000000", "#interrupt-cells")).toBe("3");
    expect(get("-t", "x", f, "/intc@8000000", "reg")).toBe("0 8000000 0 10000 0 8010000 0 10000");
    expect(get("-t", "s", f, "/pl011@9000000", "compatible")).toBe("arm,pl011 arm,primecell");
    expect(get("-t", "x", f, "/pl011@9000000", "interrupts")).toBe("0 1 4");
    expect(get("-t", "s", f, "/virtio_mmio@a000000", "compatible")).toBe("virtio,mmio");
    expect(get("-t", "x", f, "/", "#address-cells")).toBe("2");
    expect(get("-t", "x", f, "/", "#size-cells")).toBe("2");
    const m = plan.layout.modules[0];
    expect(get("-t", "x", f, "/chosen", "linux,initrd-start")).toBe(`0 ${m.start.toString(16)}`);
  });

  dtcIt("dtc accepts the devicetree for every shape: no modules, several, no virtio, many virtio", () => {
    const shapes: [number, number][] = [[0, 0], [3, 4], [1, 32]];
    for (const [mods, virtio] of shapes) {
      const p = planBoot({ ...req, board: virtBoard(virtio), modules: Array.from({ length: mods }, (_, i) => ({ name: `m${i}`, bytes: new Uint8Array(100 * i + 1) })) });
      const r = run("dtc", ["-I", "dtb", "-O", "dts", tmp.file(`shape-${mods}-${virtio}.dtb`, p.bootInfo)]);
      expect(r.stderr, `${mods} modules, ${virtio} virtio`).toBe("");
      expect(r.stdout.includes("linux,initrd-start"), `${mods} modules`).toBe(mods > 0);
      expect(r.stdout.split("virtio,mmio").length - 1).toBe(virtio);
    }
  });
});
