// The kernel's Multiboot2 reader (chapters/01-boot/kernel/bootinfo/multiboot2.ts)
// against the firmware's own reader of the same bytes
// (machine/firmware/multiboot2-parse.ts, Multiboot2 spec 3.6): the same
// command line, modules and memory map, before the kernel marks what is taken.

import { describe, expect, it } from "vitest";
import { parseMultiboot2 as firmwareParse } from "../../../machine/firmware/multiboot2-parse";
import { boot, program } from "./kit";

describe("chapter 01 Multiboot2 reader", () => {
  it("reads what the firmware wrote", () => {
    const run = boot("x86_64", { modules: [program("hello", "x86_64"), program("fault", "x86_64")], cmdline: "seed=3 run=fault" });
    if (!run.firmware.ok) throw new Error("firmware refused");
    const ref = firmwareParse(run.firmware.plan.bootInfo);
    const b = run.kernel!.state.boot;
    expect(b.format).toBe("multiboot2");
    expect(b.cmdline).toBe(ref.cmdline);
    expect(b.modules.map((m) => ({ start: m.pa, end: m.pa + m.size, string: m.name }))).toEqual(ref.modules);
    expect(b.image.pa).toBe(ref.loadBaseAddr);
    expect(b.image.size).toBe(run.firmware.plan.layout.image.size);
    expect(b.info).toEqual({ pa: run.firmware.plan.layout.bootInfo.start, size: run.firmware.plan.bootInfo.length });
    // Merge our regions back to the firmware's types: usable + taken = available (1), reserved = anything else.
    const merged: { base: number; length: number; type: number }[] = [];
    for (const r of b.memory) {
      const type = r.type === "reserved" ? 2 : 1, last = merged[merged.length - 1];
      if (last && last.type === type && last.base + last.length === r.base) last.length += r.size;
      else merged.push({ base: r.base, length: r.size, type });
    }
    expect(merged).toEqual(ref.memoryMap!.map((r) => ({ ...r, type: r.type === 1 ? 1 : 2 })));
    expect(run.kernel!.state.runList).toEqual(["fault"]);
  });
});
