// The virt board's boot and bus: the firmware places an (unsigned) image and
// the DTB in RAM and enters the kernel with x0 = the DTB (Linux arm64 boot
// protocol, booting.rst "Call the kernel image"); the devices answer at the
// virt addresses; an access nothing answers is a synchronous external abort
// (ESR_EL1 DFSC 0b010000, D17.2.37); CPU system state survives save/restore.

import { describe, expect, it } from "vitest";
import { VirtMachine } from "../../machine/boards/virt";
import { imageBody, sha256hex } from "../../machine/firmware";
import { exitOnSvc0, userMachine, USER_CODE, PA, MINOS_EXIT } from "../arm64/system-kit";
import { MachineSnapshots } from "../../machine/core/snapshot";

describe("boot through the firmware", () => {
  it("enters main at EL1h, MMU off, with x0 = the DTB's address and the DTB magic there", () => {
    const payload = new TextEncoder().encode("export function main() {}");
    const image = imageBody("arm64", {
      format: "minos-kernel-image", arch: "arm64", chapter: 1, entry: "main", buildId: "test",
      payloadSha256: sha256hex(payload), payloadType: "application/javascript",
    }, payload);
    const m = new VirtMachine({ ramSize: 8 << 20 });
    const seen: bigint[] = [];
    const res = m.boot({ image, cmdline: "console=ttyAMA0", secureBoot: false }, (k) => {
      const dtb = k.reg("x0");
      seen.push(dtb, k.read(Number(dtb), 4), k.sys.read("CurrentEL"), k.sys.read("SCTLR_EL1") & 1n, k.sys.read("DAIF"), k.reg("x1"));
      seen.push(k.read(0x40000000, 8));                                   // the image at the start of RAM: "MINOSIMG"
      k.sys.hvc(0x84000008n);
    });
    expect(res.ok).toBe(true);
    const r = m.run({ maxInstructions: 10 });
    expect(r.reason).toBe("power-off");
    const dtb = seen[0];
    expect(dtb > 0x40000000n && dtb % 4096n === 0n).toBe(true);
    // FDT magic 0xd00dfeed, stored big-endian, read here little-endian.
    expect(seen.slice(1)).toEqual([0xedfe0dd0n, 4n, 0n, 0x3c0n, 0n, 0x474d49534f4e494dn]);
  });
});

describe("the bus", () => {
  it("virtio-mmio answers at 0x0A000000 with its magic 'virt' and device id 2 (virtio 1.1, 4.2.2)", () => {
    const m = new VirtMachine({ ramSize: 1 << 20, disks: [new Uint8Array(4096)] });
    const seen: bigint[] = [];
    m.start((k) => { seen.push(k.read(0x0a000000, 4), k.read(0x0a000004, 4), k.read(0x0a000008, 4)); k.sys.hvc(0x84000008n); });
    m.run({ maxInstructions: 10 });
    expect(seen).toEqual([0x74726976n, 2n, 2n]);
  });

  it("an EL0 load from a mapped address with nothing behind it is a synchronous external abort: DFSC 0b010000, FnV = 1", () => {
    const seen: bigint[] = [];
    const kit = userMachine(`ldr x1, [x2]\nsvc #0`, {
      el0t_64_sync: (k) => {
        if (exitOnSvc0(k)) return;
        seen.push(k.sys.read("ESR_EL1"), k.reg("pc"));
        k.setReg("pc", k.reg("pc") + 4n);
        k.eret();
      },
    }, {
      extra: (k, t, kit) => {
        t.map(kit.roots.ttbr0, 0x540000n, 0x0c000000, (1n << 6n) | (1n << 54n) | (1n << 53n));
        k.setReg("x2", 0x540000n);
      },
    });
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r.error).toBeUndefined();
    expect(seen).toEqual([0x92000410n, BigInt(USER_CODE)]);
  });
});

describe("snapshots", () => {
  it("the CPU's save() carries EL1 state; restore() puts EL, SPs and system registers back", () => {
    const kit = userMachine(`1: add x0, x0, #1\nb 1b`, {});
    kit.m.run({ maxInstructions: 50 });
    const cpu = kit.m.cpu;
    const before = cpu.save();
    expect(before.el).toBe(0);
    expect(before.sys?.sctlr! & 1).toBe(1);
    kit.m.run({ maxInstructions: 50 });
    cpu.restore(before);
    expect(cpu.save()).toEqual(before);
    expect(kit.m.mmu.user).toBe(true);
  });
});

describe("machine snapshots", () => {
  it("restoring a snapshot taken mid-run replays the rest identically: console bytes, exit status, time", () => {
    // Every 1000 ticks the timer IRQ prints the next letter; the count lives in RAM (kernel state
    // belongs in the machine for snapshots to cover it). After 5 the kernel powers off.
    const kit = userMachine(`1: add x0, x0, #1\nb 1b`, {
      el0t_64_irq: (k) => {
        const iar = k.read(0x0801000c, 4);
        const n = k.read(PA.kdata, 8) + 1n;
        k.write(PA.kdata, 8, n);
        k.write(0x09000000, 4, 0x60n + n);
        k.sys.write("CNTV_CVAL_EL0", k.sys.read("CNTV_CVAL_EL0") + 1000n);
        k.write(0x08010010, 4, iar);
        if (n === 5n) { k.sys.hvc(MINOS_EXIT, n); return; }
        k.eret();
      },
    }, {
      extra: (k) => {
        k.write(0x08000000, 4, 1n); k.write(0x08000100, 4, 1n << 27n);
        k.write(0x08010004, 4, 0xf0n); k.write(0x08010000, 4, 1n);
        k.write(0x09000030, 4, 0x301n);
        k.sys.write("CNTV_CVAL_EL0", 1000n);
        k.sys.write("CNTV_CTL_EL0", 1n);
      },
    });
    const snaps = new MachineSnapshots(kit.m.snapshotParts());
    expect(kit.m.run({ maxTicks: 2500 }).reason).toBe("budget");
    const snap = snaps.take();
    const hash = snaps.hash();
    const mark = kit.out.length;
    const first = kit.m.run({ maxInstructions: 100_000 });
    const tail1 = kit.out.slice(mark);
    snaps.restore(snap);
    expect(snaps.hash()).toEqual(hash);
    const second = kit.m.run({ maxInstructions: 100_000 });
    const tail2 = kit.out.slice(mark + tail1.length);
    expect(first).toMatchObject({ reason: "power-off", status: 5 });
    expect(second).toEqual(first);
    expect(String.fromCharCode(...tail2)).toBe(String.fromCharCode(...tail1));
    expect(String.fromCharCode(...kit.out.slice(0, mark), ...tail1)).toBe("abcde");
  });
});
