// The plumbing under every device: the port-I/O bus, interrupt lines, and
// device time over the EventQueue.
import { describe, expect, it } from "vitest";
import { PortBus } from "../../machine/devices/portbus";
import { CpuIrqPin, IrqLine } from "../../machine/devices/irq";
import { DeviceClock } from "../../machine/devices/time";
import { RecordingIrq } from "./helpers";

describe("PortBus", () => {
  it("routes IN/OUT to the device that claimed the port, as offsets into its window", () => {
    const bus = new PortBus();
    const seen: string[] = [];
    bus.map(0x3f8, 8, {
      name: "dev",
      read: (off, size) => { seen.push(`r${off}/${size}`); return 0x40 + off; },
      write: (off, size, v) => { seen.push(`w${off}/${size}=${v}`); },
    });
    expect(bus.read(0x3fd, 1)).toBe(0x45);
    bus.write(0x3f8, 1, 0x41);
    expect(seen).toEqual(["r5/1", "w0/1=65"]);
    expect(bus.deviceAt(0x3ff)?.name).toBe("dev");
    expect(bus.deviceAt(0x400)).toBeUndefined();
  });

  it("an unclaimed port reads all ones at every width and ignores writes (floating ISA bus)", () => {
    const bus = new PortBus();
    expect(bus.read(0x80, 1)).toBe(0xff);
    expect(bus.read(0x80, 2)).toBe(0xffff);
    expect(bus.read(0x80, 4) >>> 0).toBe(0xffffffff);
    expect(() => bus.write(0x80, 1, 1)).not.toThrow();
  });

  it("refuses overlapping or out-of-range windows with a message naming both devices", () => {
    const bus = new PortBus();
    const dev = (name: string) => ({ name, read: () => 0, write: () => {} });
    bus.map(0x600, 8, dev("pm"));
    expect(() => bus.map(0x604, 2, dev("other"))).toThrow(/0x604 for other is already pm's/);
    expect(() => bus.map(0xffff, 2, dev("x"))).toThrow(/outside 0..0xffff/);
  });
});

describe("IrqLine and CpuIrqPin", () => {
  it("passes only level changes to the controller", () => {
    const clock = new DeviceClock();
    const ctrl = new RecordingIrq(clock);
    const line = new IrqLine(ctrl, 33);
    line.raise(); line.raise(); line.lower(); line.lower(); line.set(true);
    expect(ctrl.log.map((e) => e.level)).toEqual([true, false, true]);
    expect(ctrl.log.every((e) => e.n === 33)).toBe(true);
  });

  it("the CPU pin is a plain boolean and reports changes once", () => {
    const pin = new CpuIrqPin();
    const changes: boolean[] = [];
    pin.onChange = (v) => changes.push(v);
    pin.set(true); pin.set(true); pin.set(false);
    expect(pin.asserted).toBe(false);
    expect(changes).toEqual([true, false]);
  });
});

describe("DeviceClock", () => {
  it("fires events in time order, each seeing now() equal to its own time", () => {
    const c = new DeviceClock();
    const seen: [string, number][] = [];
    c.at(30, () => seen.push(["b", c.now()]));
    c.at(10, () => { seen.push(["a", c.now()]); c.after(5, () => seen.push(["a+5", c.now()])); });
    c.at(30, () => seen.push(["c", c.now()]));
    c.advanceTo(29);
    expect(seen).toEqual([["a", 10], ["a+5", 15]]);
    expect(c.now()).toBe(29);
    c.advanceTo(100);
    expect(seen.slice(2)).toEqual([["b", 30], ["c", 30]]);
    expect(c.now()).toBe(100);
    expect(c.nextEventTime()).toBe(Infinity);
  });

  it("follows a CPU's retired count, and adds the ticks skipped while halted", () => {
    const c = new DeviceClock();
    let retired = 0;
    c.source = () => retired;
    const fired: number[] = [];
    c.after(100, () => fired.push(c.now()));
    c.after(500, () => fired.push(c.now()));
    retired = 99; c.runDue();
    expect(fired).toEqual([]);
    retired = 120; c.runDue();              // events land at slice ends
    expect(fired).toEqual([120]);
    c.advanceTo(c.nextEventTime());         // the CPU halts: skip to the next event
    expect(fired).toEqual([120, 500]);
    expect(c.idleTicks).toBe(380);
    retired = 130;
    expect(c.now()).toBe(510);
    expect(() => c.advanceTo(c.nextEventTime())).toThrow(/waits forever/);
  });
});
