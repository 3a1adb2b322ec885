// The PC board's boot and bus: the firmware places the image and the
// Multiboot2 information in RAM and enters the kernel with EAX = the
// bootloader magic 0x36D76289 and EBX = the information's physical address
// (Multiboot2 specification 3.3 "I386 machine state"); the boot information
// starts with its total size and a reserved zero (3.6.1); devices answer at
// the PC addresses; an unclaimed port reads all ones.

import { describe, expect, it } from "vitest";
import { PcMachine } from "../../machine/boards/pc";
import { imageBody, sha256hex } from "../../machine/firmware";

describe("PC board: boot through the firmware", () => {
  it("enters main at CPL 0, paging off, IF = 0, with EAX = the Multiboot2 magic and EBX = the boot information", () => {
    const payload = new TextEncoder().encode("export function main() {}");
    const image = imageBody("x86_64", {
      format: "minos-kernel-image", arch: "x86_64", chapter: 1, entry: "main", buildId: "test",
      payloadSha256: sha256hex(payload), payloadType: "application/javascript",
    }, payload);
    const m = new PcMachine({ ramSize: 8 << 20 });
    const seen: bigint[] = [];
    const res = m.boot({ image, cmdline: "console=ttyS0", secureBoot: false }, (k) => {
      const info = Number(k.reg("rbx"));
      seen.push(k.reg("rax"), BigInt(k.sys.cpl), k.sys.readCr(0) >> 31n, k.reg("rflags") & 0x200n);
      seen.push(k.read(info + 4, 4));                                          // reserved, 0
      seen.push(BigInt(info % 8), k.read(info, 4) > 16n ? 1n : 0n);          // 8-aligned, non-trivial size
      k.sys.outPort(0x604, 2, 1 << 13);
    });
    expect(res.ok).toBe(true);
    const r = m.run({ maxInstructions: 10 });
    expect(r.reason).toBe("power-off");
    expect(seen).toEqual([0x36d76289n, 0n, 0n, 0n, 0n, 0n, 1n]);
  });
});

describe("PC board: the bus", () => {
  it("virtio-mmio at 0xFEB00000 ('virt', version 2, device 2), the IOAPIC and LAPIC version registers", () => {
    const m = new PcMachine({ ramSize: 1 << 20, disks: [new Uint8Array(4096)] });
    const seen: bigint[] = [];
    m.start((k) => {
      seen.push(k.read(0xfeb00000, 4), k.read(0xfeb00004, 4), k.read(0xfeb00008, 4));
      k.write(0xfec00000, 4, 1n);                                              // IOREGSEL = IOAPICVER
      seen.push(k.read(0xfec00010, 4) & 0xffn, k.read(0xfee00030, 4) & 0xffn);
      seen.push(BigInt(k.sys.inPort(0x70, 1)));                                // nothing at the CMOS port: all ones
      k.sys.outPort(0x501, 1, 3);
    });
    const r = m.run({ maxInstructions: 10 });
    expect(r).toMatchObject({ reason: "power-off", status: 3 });
    expect(seen).toEqual([0x74726976n, 2n, 2n, 0x11n, 0x14n, 0xffn]);
  });

  it("a handler that neither erets nor idles is reported; so is a jump into an unregistered window slot", () => {
    const m = new PcMachine({ ramSize: 1 << 20 });
    m.start(() => {});
    expect(m.run({ maxInstructions: 10 }).error).toMatch(/returned without eret\(\) or idle\(\)/);
  });
});
