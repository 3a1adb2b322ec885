// The kernel's devicetree parser (chapters/01-boot/kernel/bootinfo/fdt.ts)
// against `dtc`, the reference devicetree compiler: dtc encodes a .dts
// into a DTB (Devicetree Specification v0.4 chapter 5, the flattened
// format), the kernel's parser decodes it, and what it finds must be what
// the source says. The firmware's own DTB is checked against `fdtget`.
// Malformed blobs must give a clear devicetree Error, never a JS TypeError.

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { KernelMode } from "../../../machine/kernel-mode";
import { parseFdt } from "../../../chapters/01-boot/kernel/bootinfo/fdt";
import { FdtError } from "../../../chapters/01-boot/kernel/bootinfo/fdt-tree";
import { oracleIt } from "../../oracles";
import { boot } from "./kit";

const RAM_BASE = 0x40000000, RAM_SIZE = 4 << 20, DTB_PA = 0x40080000;

/** Just the physical-memory part of KernelMode, over a small RAM: all parseFdt uses. */
function fakeKernel(ram: Uint8Array): KernelMode {
  const at = (pa: number, n: number) => {
    if (pa < RAM_BASE || pa + n > RAM_BASE + ram.length) throw new Error(`bus error at 0x${pa.toString(16)}`);
    return pa - RAM_BASE;
  };
  return {
    readBytes: (pa: number, n: number) => ram.slice(at(pa, n), at(pa, n) + n),
    read: (pa: number, size: number) => {
      let v = 0n;
      const o = at(pa, size);
      for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(ram[o + i]);
      return v;
    },
  } as unknown as KernelMode;
}

/** RAM with a signed-image header at its start (lengths: manifest 0x100, payload 0x1000, signature 64) and `dtb` at DTB_PA. */
function ramWith(dtb: Uint8Array): Uint8Array {
  const ram = new Uint8Array(RAM_SIZE);
  ram.set(new TextEncoder().encode("MINOSIMG"), 0);
  const v = new DataView(ram.buffer);
  v.setUint32(0x10, 0x100, true); v.setUint32(0x14, 0x1000, true); v.setUint32(0x18, 64, true);
  ram.set(dtb, DTB_PA - RAM_BASE);
  return ram;
}

const dtc = (dts: string): Uint8Array => new Uint8Array(execFileSync("dtc", ["-q", "-I", "dts", "-O", "dtb", "-o", "-"], { input: dts }));

const DTS = `/dts-v1/;
/memreserve/ 0x40000000 0x2000;
/memreserve/ 0x40100000 0x1000;
/ {
  #address-cells = <2>; #size-cells = <2>;
  interrupt-parent = <&gic>;
  compatible = "linux,dummy-virt";
  psci { compatible = "arm,psci-0.2"; method = "hvc"; };
  memory@40000000 { device_type = "memory"; reg = <0x0 0x40000000 0x0 0x8000000>; };
  memory@80000000 { device_type = "memory"; reg = <0x0 0x80000000 0x0 0x1000000>; };
  gic: intc@8000000 {
    compatible = "arm,cortex-a15-gic"; #interrupt-cells = <3>; #address-cells = <0>; interrupt-controller;
    reg = <0x0 0x8000000 0x0 0x10000>, <0x0 0x8010000 0x0 0x10000>;
  };
  pl011@9000000 { compatible = "arm,pl011", "arm,primecell"; reg = <0x0 0x9000000 0x0 0x1000>; interrupts = <0 1 4>; };
  pl011@9001000 { compatible = "arm,pl011"; reg = <0x0 0x9001000 0x0 0x1000>; interrupts = <0 2 4>; status = "disabled"; };
  timer { compatible = "arm,armv8-timer"; interrupts = <1 13 0x104>, <1 14 0x104>, <1 11 0x104>, <1 10 0x104>; };
  soc {
    #address-cells = <1>; #size-cells = <1>;
    virtio_mmio@a000000 { compatible = "virtio,mmio"; reg = <0xa000000 0x200>; interrupts = <0 16 1>; };
  };
  chosen {
    bootargs = "seed=7 run=second,first";
    #address-cells = <2>; #size-cells = <2>;
    module@40010000 { compatible = "multiboot,module"; reg = <0x0 0x40010000 0x0 0x1234>; bootargs = "first"; };
    module@40020000 { compatible = "multiboot,module"; reg = <0x0 0x40020000 0x0 0x100>; };
    other@40030000 { compatible = "vendor,thing"; reg = <0x0 0x40030000 0x0 0x100>; };
  };
};
`;

describe("arm64: the devicetree parser", () => {
  oracleIt(["dtc"])("decodes what dtc encoded: RAM, reservations, /chosen, modules, devices (DT spec 5.3, 5.4; 3.4, 3.6)", () => {
    const dtb = dtc(DTS);
    const info = parseFdt(fakeKernel(ramWith(dtb)), DTB_PA);
    expect(info.format).toBe("fdt");
    expect(info.cmdline).toBe("seed=7 run=second,first");
    expect(info.info).toEqual({ pa: DTB_PA, size: dtb.length });
    expect(info.image).toEqual({ pa: 0x40000000, size: 64 + 0x100 + 0x1000 + 64 });
    // A module without a bootargs name is called by its node name; a node that is not a multiboot,module is not one.
    expect(info.modules).toEqual([{ name: "first", pa: 0x40010000, size: 0x1234 }, { name: "module", pa: 0x40020000, size: 0x100 }]);
    const dtbEnd = DTB_PA + Math.ceil(dtb.length / 4096) * 4096;
    expect(info.memory).toEqual([
      { base: 0x40000000, size: 0x2000, type: "kernel" },
      { base: 0x40002000, size: 0xe000, type: "usable" },
      { base: 0x40010000, size: 0x2000, type: "module" },
      { base: 0x40012000, size: 0xe000, type: "usable" },
      { base: 0x40020000, size: 0x1000, type: "module" },
      { base: 0x40021000, size: DTB_PA - 0x40021000, type: "usable" },
      { base: DTB_PA, size: dtbEnd - DTB_PA, type: "bootinfo" },
      { base: dtbEnd, size: 0x40100000 - dtbEnd, type: "usable" },
      { base: 0x40100000, size: 0x1000, type: "reserved" },
      { base: 0x40101000, size: 0x48000000 - 0x40101000, type: "usable" },
      { base: 0x80000000, size: 0x1000000, type: "usable" },
    ]);
    // GIC interrupt specifiers <type number flags>: SPI n = INTID 32+n, PPI n = INTID 16+n (arm,gic binding).
    expect(info.devices).toEqual([
      { kind: "power", model: "arm,psci-0.2", base: 0, size: 0, irq: -1 },
      { kind: "intc", model: "arm,cortex-a15-gic", base: 0x8000000, size: 0x10000, irq: -1 },
      { kind: "intc-cpu", model: "arm,cortex-a15-gic", base: 0x8010000, size: 0x10000, irq: -1 },
      { kind: "uart", model: "arm,pl011", base: 0x9000000, size: 0x1000, irq: 33 },
      { kind: "timer", model: "arm,armv8-timer", base: 0, size: 0, irq: 27 },
      { kind: "virtio-mmio", model: "virtio,mmio", base: 0xa000000, size: 0x200, irq: 48 },
    ]);
  });

  oracleIt(["dtc"])("reads linux,initrd-start/-end (one or two cells) when there are no module nodes", () => {
    for (const [start, end] of [["<0x40010000>", "<0x40011000>"], ["<0x0 0x40010000>", "<0x0 0x40011000>"]]) {
      const dts = `/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;
        memory@40000000 { device_type = "memory"; reg = <0x0 0x40000000 0x0 0x400000>; };
        chosen { bootargs = ""; linux,initrd-start = ${start}; linux,initrd-end = ${end}; }; };`;
      const info = parseFdt(fakeKernel(ramWith(dtc(dts))), DTB_PA);
      expect(info.modules).toEqual([{ name: "initrd", pa: 0x40010000, size: 0x1000 }]);
      expect(info.image).toEqual({ pa: 0, size: 0 });               // no reservation, no image
    }
  });

  describe("a malformed devicetree is a clear error", () => {
    const broken = (mutate: (b: Uint8Array, v: DataView) => void): (() => unknown) => {
      const b = dtc(DTS), v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      mutate(b, v);
      return () => parseFdt(fakeKernel(ramWith(b)), DTB_PA);
    };
    const cases: [string, (b: Uint8Array, v: DataView) => void, RegExp][] = [
      ["bad magic", (_b, v) => v.setUint32(0, 0xfeedd00d), /magic is 0xfeedd00d, not 0xd00dfeed/],
      ["absurd totalsize", (_b, v) => v.setUint32(4, 0x7fffffff), /totalsize 2147483647 is not plausible/],
      ["unknown version", (_b, v) => { v.setUint32(20, 18); v.setUint32(24, 18); }, /version 18/],
      ["strings block outside the blob", (_b, v) => v.setUint32(12, v.getUint32(4) - 2), /strings block .* lies outside totalsize/],
      ["unknown token", (_b, v) => {
        const first = v.getUint32(8) + 8;                             // after the root's BEGIN_NODE and its empty name
        expect(v.getUint32(first)).toBe(3);                           // an FDT_PROP
        v.setUint32(first, 7);
      }, /unknown token 0x7/],
      ["no FDT_END", (_b, v) => v.setUint32(36, v.getUint32(36) - 4), /without an FDT_END/],
      ["property name offset out of range", (_b, v) => v.setUint32(v.getUint32(8) + 16, 0xffff), /name offset 65535 is outside the strings block/],
      ["reservation block without its end", (_b, v) => v.setUint32(16, (v.getUint32(4) - 8) & ~7), /no terminating \(0, 0\) entry/],
    ];
    for (const [name, mutate, message] of cases) {
      oracleIt(["dtc"])(name, () => {
        const run = broken(mutate);
        expect(run).toThrow(FdtError);
        expect(run).toThrow(message);
      });
    }

    oracleIt(["dtc"])("no /memory node, a misaligned address", () => {
      const dtb = dtc(`/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; chosen { bootargs = "x"; }; };`);
      expect(() => parseFdt(fakeKernel(ramWith(dtb)), DTB_PA)).toThrow(/no \/memory node/);
      expect(() => parseFdt(fakeKernel(ramWith(dtb)), DTB_PA + 4)).toThrow(/not 8-byte aligned/);
    });

    oracleIt(["dtc"])("overlapping memory nodes, nodes nested absurdly deep", () => {
      const overlap = dtc(`/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;
        memory@40000000 { device_type = "memory"; reg = <0x0 0x40000000 0x0 0x400000>; };
        memory@40200000 { device_type = "memory"; reg = <0x0 0x40200000 0x0 0x400000>; }; };`);
      expect(() => parseFdt(fakeKernel(ramWith(overlap)), DTB_PA)).toThrow(/memory ranges overlap at 0x40200000/);
      const deep = dtc(`/dts-v1/;\n/ { ${"n { ".repeat(70)}${"}; ".repeat(70)}};`);
      expect(() => parseFdt(fakeKernel(ramWith(deep)), DTB_PA)).toThrow(/nested more than 64 deep/);
    });

    oracleIt(["dtc"])("random damage to the structure and strings blocks never escapes as a JavaScript error", () => {
      const good = dtc(DTS), v0 = new DataView(good.buffer, good.byteOffset);
      const from = v0.getUint32(8), to = v0.getUint32(12) + v0.getUint32(32);
      let seed = 12345;
      const rand = (n: number) => { seed = (seed * 1103515245 + 12345) >>> 0; return (seed >>> 8) % n; };
      for (let i = 0; i < 400; i++) {
        const b = good.slice();
        for (let j = 0; j < 1 + rand(4); j++) b[from + rand(to - from)] = rand(256);
        try { parseFdt(fakeKernel(ramWith(b)), DTB_PA); } catch (err) {
          if (!(err instanceof FdtError)) throw new Error(`mutation ${i}: ${String(err)}`);
        }
      }
    });
  });

  oracleIt(["fdtget"])("the firmware's DTB, as the kernel parsed it, says what fdtget reads from it", () => {
    const run = boot("arm64", { programs: ["hello"], cmdline: "seed=3" });
    const s = run.kernel!.state.boot;
    const dtb = run.machine.mem.subarray(s.info.pa, s.info.size);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "minos-fdt-")), "virt.dtb");
    writeFileSync(file, dtb);
    const get = (...args: string[]) => execFileSync("fdtget", [...args], { encoding: "utf8" }).trim();
    expect(s.cmdline).toBe(get("-t", "s", file, "/chosen", "bootargs"));
    const mem = get("-t", "x", file, "/memory@40000000", "reg").split(/\s+/).map((x) => parseInt(x, 16));
    const ramEnd = mem[0] * 2 ** 32 + mem[1] + mem[2] * 2 ** 32 + mem[3];
    expect(s.memory[0].base).toBe(mem[0] * 2 ** 32 + mem[1]);
    expect(s.memory[s.memory.length - 1].base + s.memory[s.memory.length - 1].size).toBe(ramEnd);
    const modNodes = get("-l", file, "/chosen").split("\n").filter((n) => n.startsWith("module@"));
    expect(s.modules.map((m) => `module@${m.pa.toString(16)}`)).toEqual(modNodes);
    for (const m of s.modules) expect(m.name).toBe(get("-t", "s", file, `/chosen/module@${m.pa.toString(16)}`, "bootargs"));
    const uartReg = get("-t", "x", file, "/pl011@9000000", "reg").split(/\s+/).map((x) => parseInt(x, 16));
    expect(s.devices.find((d) => d.kind === "uart")).toMatchObject({ base: uartReg[1], size: uartReg[3], irq: 32 + Number(get("-t", "u", file, "/pl011@9000000", "interrupts").split(/\s+/)[1]) });
  });
});
