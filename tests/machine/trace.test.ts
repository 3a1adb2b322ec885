// Trace categories (machine/core/trace.ts): nothing happens without a
// listener; with listeners, events arrive in the order they happened.
import { describe, expect, it } from "vitest";
import { Mmu } from "../../machine/core/mmu";
import { PhysMem } from "../../machine/core/physmem";
import { TRACE_IO, TRACE_MMU, Tracer, formatTrace, type TraceEvent } from "../../machine/core/trace";
import { PortBus } from "../../machine/devices/portbus";
import { IrqLine, NO_IRQ } from "../../machine/devices/irq";
import { PageMap, Prot } from "../../linux/pagemap";

function rig() {
  const mem = new PhysMem(1 << 20);
  const pm = new PageMap(mem);
  const mmu = new Mmu(mem, pm);
  let reg = 0;
  mem.mapDevice(0x10000000, 0x100, { name: "dev", read: (off) => off + reg, write: (_o, _s, v) => { reg = v; } });
  const bus = new PortBus();
  bus.tracer = mem.tracer;
  bus.map(0x3f8, 8, { name: "uart", read: () => 0x60, write: () => {} });
  return { mem, pm, mmu, bus };
}

/** Exercise every emitter once: TLB fill, MMIO read/write, port in/out, a flush. */
function workload(r: ReturnType<typeof rig>) {
  r.pm.map(0x40, 1, Prot.R | Prot.W);
  r.mmu.write32(0x40000, 0, 7);          // TLB fill (write)
  r.mmu.read32(0x40000, 0);              // fill (read)
  r.mem.write(0x10000004, 4, 0x99);      // MMIO write
  r.mem.read(0x10000008, 4);             // MMIO read
  r.bus.write(0x3f8, 1, 0x41);           // OUT
  r.bus.read(0x3fd, 1);                  // IN
  r.mmu.flushPage(0x40000, 0);
  r.mmu.flushAll();
}

describe("Tracer", () => {
  it("with no listener, emitters never call emit (the category flag is checked first)", () => {
    const r = rig();
    let calls = 0;
    const real = r.mem.tracer.emit.bind(r.mem.tracer);
    r.mem.tracer.emit = (...a: Parameters<Tracer["emit"]>) => { calls++; real(...a); };
    workload(r);
    expect(calls).toBe(0);
    expect([r.mem.tracer.insn, r.mem.tracer.trap, r.mem.tracer.irq, r.mem.tracer.mmu, r.mem.tracer.io]).toEqual([false, false, false, false, false]);
  });

  it("delivers device I/O and MMU events in order, one sequence across categories", () => {
    const r = rig();
    const all: TraceEvent[] = [], io: TraceEvent[] = [];
    r.mem.tracer.subscribe(["mmu", "io"], (e) => all.push(e));
    const off = r.mem.tracer.subscribe(TRACE_IO, (e) => io.push(e));
    workload(r);
    expect(all.map((e) => e.kind)).toEqual([
      "fill", "fill", "mmio-write", "mmio-read", "port-out", "port-in", "flush-page", "flush-all",
    ]);
    expect(all.map((e) => e.seq)).toEqual(all.map((e) => e.seq).sort((a, b) => a - b));
    expect(all[2]).toMatchObject({ cat: TRACE_IO, a: 0x10000004, b: 4, c: 0x99, name: "dev" });
    expect(all[3]).toMatchObject({ a: 0x10000008, c: 8 + 0x99 });
    expect(all[0]).toMatchObject({ cat: TRACE_MMU, a: 0x40000, b: 0, d: 1 });
    expect(io.map((e) => e.kind)).toEqual(["mmio-write", "mmio-read", "port-out", "port-in"]);
    expect(io.every((e) => all.includes(e))).toBe(true);       // the same event objects, same order
    off();
    expect(r.mem.tracer.io).toBe(true);                          // the first listener still wants io
    expect(formatTrace(all[4])).toMatch(/io port-out uart 0x3f8\/1 = 0x41/);
  });

  it("unsubscribing turns a category off again", () => {
    const r = rig();
    const got: TraceEvent[] = [];
    const off = r.mem.tracer.subscribe("mmu", (e) => got.push(e));
    r.mmu.flushAll();
    off();
    r.mmu.flushAll();
    expect(got.length).toBe(1);
    expect(r.mem.tracer.mmu).toBe(false);
  });

  it("interrupt lines report level changes to the irq category", () => {
    const t = new Tracer(), got: string[] = [];
    t.subscribe("irq", (e) => got.push(`${e.kind}${e.a}`));
    const line = new IrqLine(NO_IRQ, 33);
    line.tracer = t;
    line.raise(); line.raise(); line.lower();
    expect(got).toEqual(["raise33", "lower33"]);
  });

  it("an unknown category is a clear error", () => {
    expect(() => new Tracer().subscribe("disk" as never, () => {})).toThrow(/unknown trace category disk/);
  });
});
