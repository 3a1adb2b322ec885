// Device save()/restore() and whole-machine snapshots (machine/core/snapshot.ts).
//
// The property checked: take a snapshot mid-transfer, run on and record
// everything observable (bytes on the UART wire and when, interrupts taken and
// when, DMA into RAM, the final state hash); restore; run again: the second
// recording must be identical, tick for tick. The device behaviour itself is
// checked against the datasheets in the other tests of this folder; here the
// reference is the machine's own first run, which is what determinism means.
import { describe, expect, it } from "vitest";
import { PhysMem } from "../../machine/core/physmem";
import { EventQueue } from "../../machine/core/clock";
import { MachineSnapshots } from "../../machine/core/snapshot";
import {
  CpuIrqPin, DeviceClock, GenericTimer, Gic, IoApic, IrqLine, LocalApic, Pl011, PortBus, PowerState,
  Pm1aControl, Psci, TimerReg, Uart16550, VIRT_MAP,
} from "../../machine/devices";
import { VirtioBlk } from "../../machine/devices/virtio-blk";

const RAM = 0x40000000;

/** The AArch64 virt board's devices, RAM at 0x40000000 (QEMU hw/arm/virt.c memory map). */
function virtBoard() {
  const mem = new PhysMem(1 << 20, { base: RAM });
  const clock = new DeviceClock();
  const pin = new CpuIrqPin();
  const gic = new Gic(pin);
  mem.mapDevice(VIRT_MAP.gicd, VIRT_MAP.gicdSize, gic.distributor);
  mem.mapDevice(VIRT_MAP.gicc, VIRT_MAP.giccSize, gic.cpuInterface);
  const wire: string[] = [];
  const uart = new Pl011(clock, new IrqLine(gic, VIRT_MAP.uartIntid), { sink: (b) => wire.push(`${clock.now()}:${b}`) });
  mem.mapDevice(VIRT_MAP.uart, VIRT_MAP.uartSize, uart);
  const timer = new GenericTimer(clock, new IrqLine(gic, VIRT_MAP.physTimerIntid), new IrqLine(gic, VIRT_MAP.virtTimerIntid));
  const image = new Uint8Array(64 * 512);
  for (let i = 0; i < image.length; i++) image[i] = (i * 13 + 5) & 0xff;
  const blk = new VirtioBlk(clock, mem, new IrqLine(gic, VIRT_MAP.virtioIntid), image);
  mem.mapDevice(VIRT_MAP.virtio, VIRT_MAP.virtioSize, blk.transport);
  const power = new PowerState();
  const snaps = new MachineSnapshots({
    mem, clock, devices: { uart, timer, blk: blk.transport, power }, controllers: { gic },
  });
  return { mem, clock, pin, gic, uart, timer, blk, power, wire, snaps };
}

/** Program the board as a kernel would: GIC on, a virtio-blk read in flight, the UART FIFO half full, a timer armed. */
function program(b: ReturnType<typeof virtBoard>) {
  const w = (pa: number, v: number) => b.mem.write(pa, 4, v);
  const D = VIRT_MAP.gicd, C = VIRT_MAP.gicc, U = VIRT_MAP.uart, V = VIRT_MAP.virtio;
  // GICv2 (IHI 0048B 4.3): enable INTIDs 27, 33, 48; priority 0x80; distributor and CPU interface on, PMR 0xF0.
  w(D + 0x100, 1 << 27); w(D + 0x104, (1 << 1) | (1 << 16));
  for (const n of [27, 33, 48]) b.mem.write(D + 0x400 + n, 1, 0x80);
  w(D, 1); w(C, 1); w(C + 4, 0xf0);
  // virtio-mmio (virtio 1.1, 4.2.3): features VERSION_1, queue 0 of 8 at RAM+0x1000/0x2000/0x3000.
  w(V + 0x70, 1 | 2); w(V + 0x24, 1); w(V + 0x20, 1); w(V + 0x70, 1 | 2 | 8);
  w(V + 0x30, 0); w(V + 0x38, 8);
  w(V + 0x80, RAM + 0x1000); w(V + 0x90, RAM + 0x2000); w(V + 0xa0, RAM + 0x3000);
  w(V + 0x44, 1); w(V + 0x70, 1 | 2 | 4 | 8);
  // A read of 2 sectors from sector 3 (5.2.6): header, data, status as three descriptors (2.6.5).
  w(RAM + 0x4000, 0); w(RAM + 0x4004, 0); w(RAM + 0x4008, 3); w(RAM + 0x400c, 0);
  const desc = [[RAM + 0x4000, 16, 0], [RAM + 0x5000, 1024, 2], [RAM + 0x6000, 1, 2]];
  desc.forEach(([addr, len, flags], i) => {
    const d = RAM + 0x1000 + 16 * i;
    w(d, addr); w(d + 4, 0); w(d + 8, len);
    b.mem.write(d + 12, 2, flags | (i < 2 ? 1 : 0)); b.mem.write(d + 14, 2, i + 1);
  });
  b.mem.write(RAM + 0x2004, 2, 0); b.mem.write(RAM + 0x2002, 2, 1);
  b.clock.advanceTo(100);
  w(V + 0x50, 0);                                   // QueueNotify at t=100: completes at 100 + BLK_LATENCY
  // PL011 (DDI 0183G 3.3): FIFOs on, 8N1, TX+RX interrupts, then 20 of 32 FIFO entries.
  w(U + 0x2c, 0x70); w(U + 0x38, (1 << 4) | (1 << 5) | (1 << 6)); w(U + 0x30, 0x301);
  for (let i = 0; i < 20; i++) w(U, 0x41 + i);
  b.uart.input("ok");
  // Virtual timer (Arm ARM D11.2.4): CVAL = 3000, enabled, not masked.
  b.timer.write(TimerReg.CNTV_CVAL, 3000, 0); b.timer.write(TimerReg.CNTV_CTL, 1);
}

/** Run to `end` tick by tick, taking each interrupt as a kernel would; returns what was seen. */
function runTo(b: ReturnType<typeof virtBoard>, end: number): string[] {
  const seen: string[] = [];
  const C = VIRT_MAP.gicc;
  for (let t = b.clock.now() + 1; t <= end; t++) {
    b.clock.advanceTo(t);
    while (b.pin.asserted) {
      const id = b.mem.read(C + 0x0c, 4);             // GICC_IAR
      seen.push(`${t}:irq${id}`);
      if (id === 33) { seen.push(`rx:${b.mem.read(VIRT_MAP.uart, 4)}`); b.mem.write(VIRT_MAP.uart + 0x44, 4, 0x7ff); }
      if (id === 27) b.timer.write(TimerReg.CNTV_CTL, 3);             // mask it (IMASK)
      if (id === 48) { seen.push(`blk:${b.mem.read(RAM + 0x6000, 1)}:${b.mem.read(RAM + 0x5000 + 7, 1)}`); b.mem.write(VIRT_MAP.virtio + 0x64, 4, 1); }
      b.mem.write(C + 0x10, 4, id);                   // GICC_EOIR
    }
  }
  return seen;
}

describe("whole-machine snapshots (virt board, RAM at 0x40000000)", () => {
  it("a run replays exactly after restore: UART mid-FIFO, virtio request in flight, timer armed", () => {
    const b = virtBoard();
    program(b);
    b.clock.advanceTo(150);                            // some characters gone, the rest in the FIFO, one on the wire
    const sent = b.wire.splice(0).length;
    expect(sent).toBeGreaterThan(0);
    const s = b.snaps.take();
    const h0 = b.snaps.hash();
    const first = runTo(b, 6000), wire1 = b.wire.splice(0), h1 = b.snaps.hash();
    expect(first).toContain("5100:irq48");              // the request completes BLK_LATENCY after its notify
    expect(first.some((e) => e.startsWith("3000:irq27"))).toBe(true);
    expect(wire1.length).toBe(20 - sent);
    b.snaps.restore(s);
    expect(b.clock.now()).toBe(150);
    expect(b.snaps.hash()).toBe(h0);
    const second = runTo(b, 6000), wire2 = b.wire.splice(0);
    expect(second).toEqual(first);
    expect(wire2).toEqual(wire1);
    expect(b.snaps.hash()).toBe(h1);
  });

  it("two snapshots restore in either order; device state is plain data (structured-clone friendly)", () => {
    const b = virtBoard();
    program(b);
    b.clock.advanceTo(120);
    const s1 = b.snaps.take(), h1 = b.snaps.hash();
    runTo(b, 5200);
    const s2 = b.snaps.take(), h2 = b.snaps.hash();
    runTo(b, 7000);
    b.snaps.restore(s1); expect(b.snaps.hash()).toBe(h1);
    b.snaps.restore(s2); expect(b.snaps.hash()).toBe(h2);
    b.snaps.restore(s1); expect(b.snaps.hash()).toBe(h1);
    for (const d of [b.uart, b.timer, b.blk.transport, b.gic, b.power]) {
      const saved = d.save();
      expect(structuredClone(saved)).toEqual(saved);
    }
  });

  it("plain-data saves move to a freshly built board, which then runs exactly like the original", () => {
    const a = virtBoard();
    program(a);
    a.clock.advanceTo(150);
    a.wire.length = 0;
    const saved = structuredClone({
      ram: a.mem.bytes.slice(), now: a.clock.now(),
      uart: a.uart.save(), timer: a.timer.save(), blk: a.blk.transport.save(), gic: a.gic.save(),
    });
    const b = virtBoard();                             // nothing programmed: reset state, empty event queue
    b.clock.advanceTo(saved.now);
    b.mem.load(RAM, saved.ram);
    b.uart.restore(saved.uart); b.timer.restore(saved.timer); b.blk.transport.restore(saved.blk);
    b.gic.restore(saved.gic);                          // controllers last
    expect(b.snaps.hash()).toBe(a.snaps.hash());
    expect(runTo(b, 6000)).toEqual(runTo(a, 6000));
    expect(b.wire).toEqual(a.wire);
    expect(b.snaps.hash()).toBe(a.snaps.hash());
  });

  it("a device restored alone (its clock not restored) re-schedules its events at their saved times", () => {
    const b = virtBoard();
    program(b);
    b.clock.advanceTo(130);
    const st = structuredClone(b.blk.transport.save());
    b.blk.transport.reset();                           // the request is dropped...
    b.blk.transport.restore(st);                       // ...and comes back, due at 5100 as before
    const seen = runTo(b, 5200);
    expect(seen).toContain("5100:irq48");
  });
});

describe("PC devices", () => {
  function pcBoard() {
    const clock = new DeviceClock();
    const pin = new CpuIrqPin();
    const lapic = new LocalApic(clock, pin);
    const ioapic = new IoApic(lapic);
    const bus = new PortBus();
    const wire: string[] = [];
    const uart = new Uart16550(clock, new IrqLine(ioapic, 4), { sink: (x) => wire.push(`${clock.now()}:${x}`) });
    bus.map(0x3f8, 8, uart);
    const power = new PowerState();
    bus.map(0x604, 2, new Pm1aControl(power));
    const mem = new PhysMem(64 << 10);
    mem.mapDevice(0xfee00000, 0x1000, lapic);
    mem.mapDevice(0xfec00000, 0x20, ioapic);
    const snaps = new MachineSnapshots({ mem, clock, devices: { uart, power }, controllers: { ioapic, lapic } });
    // Local APIC (SDM Vol. 3A 11.5.4): SVR enabled, periodic timer vector 0x30, divide by 1, 700 ticks.
    mem.write(0xfee000f0, 4, 0x1ff); mem.write(0xfee003e0, 4, 0xb);
    mem.write(0xfee00320, 4, (1 << 17) | 0x30); mem.write(0xfee00380, 4, 700);
    // IOAPIC (82093AA 3.2.4): pin 4 -> vector 0x24, edge, unmasked.
    mem.write(0xfec00000, 4, 0x18); mem.write(0xfec00010, 4, 0x24);
    // 16550 (PC16550D): FIFO on, 8N1, RDA+THRE interrupts, OUT2; 10 bytes out, "hi" coming in.
    bus.write(0x3fa, 1, 0xc7); bus.write(0x3fb, 1, 3); bus.write(0x3f9, 1, 3); bus.write(0x3fc, 1, 8);
    for (let i = 0; i < 10; i++) bus.write(0x3f8, 1, 0x30 + i);
    uart.input("hi");
    const run = (end: number) => {
      const seen: string[] = [];
      for (let t = clock.now() + 1; t <= end; t++) {
        clock.advanceTo(t);
        while (pin.asserted) {
          const v = lapic.acknowledge();
          seen.push(`${t}:v${v}:iir${bus.read(0x3fa, 1)}`);
          if (v === 0x24) while (bus.read(0x3fd, 1) & 1) seen.push(`rx${bus.read(0x3f8, 1)}`);
          mem.write(0xfee000b0, 4, 0);                 // EOI
        }
      }
      return seen;
    };
    return { clock, lapic, ioapic, uart, power, wire, snaps, run, bus };
  }

  it("16550 + IOAPIC + local APIC periodic timer replay exactly after restore", () => {
    const b = pcBoard();
    b.clock.advanceTo(37);                             // mid-character, FIFO partly drained
    b.wire.length = 0;
    const s = b.snaps.take(), h0 = b.snaps.hash();
    const first = b.run(3000), wire1 = b.wire.splice(0), h1 = b.snaps.hash();
    expect(first.filter((e) => e.includes(":v48:")).length).toBe(4);   // 700, 1400, 2100, 2800
    expect(wire1.length).toBeGreaterThan(5);
    b.snaps.restore(s);
    expect(b.snaps.hash()).toBe(h0);
    expect(b.run(3000)).toEqual(first);
    expect(b.wire).toEqual(wire1);
    expect(b.snaps.hash()).toBe(h1);
  });

  it("power state and PSCI requests are restored", () => {
    const b = pcBoard();
    const s = b.snaps.take();
    new Psci(b.power).call(0x84000008n);                 // PSCI SYSTEM_OFF
    expect(b.power.off).toBe(true);
    b.snaps.restore(s);
    expect(b.power.off).toBe(false);
    expect(b.power.reason).toBe("");
  });
});

describe("timers restored alone", () => {
  it("local APIC in TSC-deadline mode: the deadline fires once, at its time, after a restore", () => {
    const clock = new DeviceClock(), pin = new CpuIrqPin(), apic = new LocalApic(clock, pin);
    apic.write(0xf0, 4, 0x1ff);                          // SVR: software enable
    apic.write(0x320, 4, (2 << 17) | 0x40);              // LVT timer: TSC-deadline mode, vector 0x40 (SDM 11.5.4.1)
    apic.writeTscDeadline(500);
    clock.advanceTo(100);
    const st = structuredClone(apic.save());
    apic.writeTscDeadline(0);                             // disarmed after the save...
    apic.restore(st);                                     // ...and armed again by the restore
    clock.advanceTo(499);
    expect(pin.asserted).toBe(false);
    clock.advanceTo(500);
    expect(pin.asserted).toBe(true);
    expect(apic.readTscDeadline()).toBe(0);
    expect(apic.acknowledge()).toBe(0x40);
  });

  it("generic timer: a restored compare value raises its line at CVAL (Arm ARM D11.2.4)", () => {
    const clock = new DeviceClock(), pin = new CpuIrqPin(), gic = new Gic(pin);
    const t = new GenericTimer(clock, new IrqLine(gic, 30), new IrqLine(gic, 27));
    t.write(TimerReg.CNTP_CVAL, 800, 0); t.write(TimerReg.CNTP_CTL, 1);
    const st = structuredClone(t.save());
    t.write(TimerReg.CNTP_CTL, 0);
    t.restore(st);
    clock.advanceTo(799);
    expect(gic.level[30]).toBe(0);
    clock.advanceTo(800);
    expect(gic.level[30]).toBe(1);
    expect(t.read(TimerReg.CNTP_CTL)).toBe(5);           // ENABLE | ISTATUS
  });
});

describe("EventQueue save/restore", () => {
  it("re-installs the same events with their (at, seq) order and cancelled state", () => {
    const q = new EventQueue(), log: string[] = [];
    const a = q.schedule(10, () => log.push("a"));
    q.schedule(10, () => log.push("b"));
    const c = q.schedule(5, () => log.push("c"));
    const s = q.save();
    c.cancelled = true;
    q.runDue(10);
    expect(log).toEqual(["a", "b"]);
    q.restore(s);
    q.runDue(10);
    expect(log).toEqual(["a", "b", "c", "a", "b"]);
    expect(q.nextSeq).toBe(3);
    void a;
  });

  it("adopt keeps a saved event's place among events due at the same tick", () => {
    const clock = new DeviceClock(), log: string[] = [];
    clock.at(50, () => log.push("A"));
    const b = clock.at(50, () => log.push("B"));
    const saved = { at: b.at, seq: b.seq };
    b.cancelled = true;                                  // a device reset drops it...
    clock.at(50, () => log.push("C"));
    clock.adopt(saved, () => log.push("B restored"));   // ...and its restore puts it back, before C
    clock.advanceTo(50);
    expect(log).toEqual(["A", "B restored", "C"]);
  });
});
