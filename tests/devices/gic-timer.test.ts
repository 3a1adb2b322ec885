// GICv2 (Arm IHI 0048B, chapters 3 and 4) and the AArch64 generic timer
// (Arm ARM DDI 0487, chapter D11), wired as on QEMU virt: PL011 on SPI 1
// (INTID 33), virtual timer on PPI 27, physical timer on PPI 30.
import { describe, expect, it } from "vitest";
import { Gic } from "../../machine/devices/gic";
import { GenericTimer, TimerReg } from "../../machine/devices/generic-timer";
import { Pl011 } from "../../machine/devices/pl011";
import { CpuIrqPin, IrqLine } from "../../machine/devices/irq";
import { DeviceClock, NOMINAL_HZ } from "../../machine/devices/time";

const CTLR = 0x000, TYPER = 0x004, ISENABLER = 0x100, ICENABLER = 0x180, ISPENDR = 0x200, ICPENDR = 0x280;
const ISACTIVER = 0x300, IPRIORITYR = 0x400, ITARGETSR = 0x800, ICFGR = 0xc00;
const C_CTLR = 0x00, PMR = 0x04, IAR = 0x0c, EOIR = 0x10, RPR = 0x14, HPPIR = 0x18;

function make(lines = 128) {
  const clock = new DeviceClock();
  const pin = new CpuIrqPin();
  const gic = new Gic(pin, lines);
  const d = { r: (o: number) => gic.distributor.read(o, 4) >>> 0, w: (o: number, v: number) => gic.distributor.write(o, 4, v) };
  const c = { r: (o: number) => gic.cpuInterface.read(o, 4) >>> 0, w: (o: number, v: number) => gic.cpuInterface.write(o, 4, v) };
  return { clock, pin, gic, d, c };
}

/** The usual bring-up: distributor and CPU interface on, PMR open. */
function enabled(lines = 128) {
  const t = make(lines);
  t.d.w(CTLR, 1); t.c.w(C_CTLR, 1); t.c.w(PMR, 0xff);
  return t;
}

describe("GICv2 distributor registers (4.3)", () => {
  it("GICD_TYPER.ITLinesNumber = lines/32 - 1, CPUNumber 0, no security extensions (4.3.2)", () => {
    expect(make(128).d.r(TYPER)).toBe(3);
    expect(make(288).d.r(TYPER)).toBe(8);
  });

  it("reset: distributor and CPU interface disabled, nothing enabled or pending, RPR idle 0xFF, IAR spurious 1023", () => {
    const { d, c } = make();
    expect(d.r(CTLR)).toBe(0);
    expect(d.r(ISENABLER + 4)).toBe(0);
    expect(c.r(C_CTLR)).toBe(0);
    expect(c.r(PMR)).toBe(0);
    expect(c.r(RPR)).toBe(0xff);
    expect(c.r(IAR)).toBe(1023);
  });

  it("ISENABLER/ICENABLER set and clear by writing ones; both read the enable bits (4.3.5, 4.3.6)", () => {
    const { d } = make();
    d.w(ISENABLER + 4, 0b1010);
    d.w(ISENABLER + 4, 0b0100);
    expect(d.r(ISENABLER + 4)).toBe(0b1110);
    d.w(ICENABLER + 4, 0b0010);
    expect(d.r(ICENABLER + 4)).toBe(0b1100);
  });

  it("IPRIORITYR is byte-accessible with 5 implemented bits (low 3 RAZ/WI); ITARGETSR is RAZ/WI on a uniprocessor GIC (4.3.12)", () => {
    const { gic, d } = make();
    gic.distributor.write(IPRIORITYR + 33, 1, 0xff);
    expect(gic.distributor.read(IPRIORITYR + 33, 1)).toBe(0xf8);
    d.w(IPRIORITYR + 32, 0x11223344);
    expect(d.r(IPRIORITYR + 32)).toBe(0x10203040);
    d.w(ITARGETSR + 32, 0x01010101);
    expect(d.r(ITARGETSR + 32)).toBe(0);
    expect(d.r(ITARGETSR + 24)).toBe(0);
  });

  it("ICFGR: SGIs read as edge (0b10 each); SPI config bits are writable (4.3.13)", () => {
    const { d } = make();
    expect(d.r(ICFGR)).toBe(0xaaaaaaaa);
    d.w(ICFGR + 8, 0x8);                            // INTID 33 edge-triggered
    expect(d.r(ICFGR + 8)).toBe(0x8);
  });
});

describe("GICv2 acknowledge and EOI (3.2, 4.4.4, 4.4.5)", () => {
  it("a level SPI: IAR moves it to active (and pending while the line stays high); EOIR deactivates", () => {
    const { gic, pin, d, c } = enabled();
    d.w(ISENABLER + 4, 1 << 1);                     // INTID 33
    d.w(IPRIORITYR + 32, 0xa000);
    gic.setLine(33, true);
    expect(pin.asserted).toBe(true);
    expect(c.r(HPPIR)).toBe(33);
    expect(c.r(IAR)).toBe(33);
    expect(pin.asserted).toBe(false);               // active: not signalled again
    expect(c.r(RPR)).toBe(0xa0);
    expect(d.r(ISACTIVER + 4)).toBe(2);
    expect(d.r(ISPENDR + 4)).toBe(2);               // active and pending: line still high
    gic.setLine(33, false);                         // the handler silenced the device
    c.w(EOIR, 33);
    expect(c.r(RPR)).toBe(0xff);
    expect(d.r(ISACTIVER + 4)).toBe(0);
    expect(pin.asserted).toBe(false);
    expect(c.r(IAR)).toBe(1023);
  });

  it("priority: lower value wins; PMR masks; a higher-priority interrupt preempts an active one", () => {
    const { gic, pin, d, c } = enabled();
    d.w(ISENABLER + 4, 0b110);                      // INTID 33, 34
    gic.distributor.write(IPRIORITYR + 33, 1, 0x80);
    gic.distributor.write(IPRIORITYR + 34, 1, 0x40);
    gic.setLine(33, true);
    expect(c.r(IAR)).toBe(33);
    gic.setLine(34, true);
    expect(pin.asserted).toBe(true);                // 0x40 beats running 0x80
    c.w(PMR, 0x40);
    expect(pin.asserted).toBe(false);               // PMR: only priorities < 0x40 pass
    c.w(PMR, 0xff);
    expect(c.r(IAR)).toBe(34);
    expect(c.r(RPR)).toBe(0x40);
    c.w(EOIR, 34);
    expect(c.r(RPR)).toBe(0x80);                    // back to the interrupted handler's priority
    c.w(EOIR, 33);
    expect(c.r(RPR)).toBe(0xff);
  });

  it("preemption compares group priorities: the binary point (GICC_BPR) decides (3.3.3)", () => {
    const { gic, pin, d, c } = enabled();
    d.w(ISENABLER + 4, 0b110);
    gic.distributor.write(IPRIORITYR + 33, 1, 0x48);
    gic.distributor.write(IPRIORITYR + 34, 1, 0x40);
    gic.setLine(33, true);
    expect(c.r(IAR)).toBe(33);                      // running 0x48
    gic.setLine(34, true);
    expect(pin.asserted).toBe(true);                // BPR 2: group 0x40 beats group 0x48
    c.w(0x08, 3);                                   // BPR 3: group priority is bits 7:4
    expect(pin.asserted).toBe(false);               // 0x40 and 0x48 are both group 0x40: no preemption
    c.w(EOIR, 33);
    expect(pin.asserted).toBe(true);                // idle: it is taken
    expect(c.r(0x08)).toBe(3);
    c.w(0x08, 0);
    expect(c.r(0x08)).toBe(2);                      // below the minimum binary point reads the minimum
  });

  it("idle CPU interface: the least urgent implemented priority (0xF0) is still signalled under an open PMR", () => {
    const { gic, pin, d, c } = enabled();
    d.w(ISENABLER + 4, 2);
    gic.distributor.write(IPRIORITYR + 33, 1, 0xf0);
    gic.setLine(33, true);
    expect(c.r(PMR)).toBe(0xf8);                    // 0xFF written; 5 bits implemented
    expect(pin.asserted).toBe(true);
  });

  it("edge SPI: the rising edge latches pending; ICPENDR clears it; ISPENDR sets it by software", () => {
    const { gic, pin, d, c } = enabled();
    d.w(ICFGR + 8, 0x8);                            // 33 edge
    d.w(ISENABLER + 4, 2);
    gic.setLine(33, true); gic.setLine(33, false);
    expect(pin.asserted).toBe(true);
    d.w(ICPENDR + 4, 2);
    expect(pin.asserted).toBe(false);
    d.w(ISPENDR + 4, 2);
    expect(c.r(IAR)).toBe(33);
    expect(d.r(ISPENDR + 4)).toBe(0);               // edge: pending -> active
    c.w(EOIR, 33);
  });

  it("a disabled distributor or CPU interface, or a disabled interrupt, signals nothing", () => {
    const { gic, pin, d, c } = enabled();
    gic.setLine(40, true);
    expect(pin.asserted).toBe(false);
    d.w(ISENABLER + 4, 1 << 8);
    expect(pin.asserted).toBe(true);
    c.w(C_CTLR, 0);
    expect(pin.asserted).toBe(false);
    c.w(C_CTLR, 1); d.w(CTLR, 0);
    expect(pin.asserted).toBe(false);
  });

  it("the PL011 on SPI 1: RX interrupt -> IAR 33 -> read DR -> line drops -> EOIR", () => {
    const { clock, gic, pin, d, c } = enabled();
    d.w(ISENABLER + 4, 2);
    const uart = new Pl011(clock, new IrqLine(gic, 33));
    uart.write(0x024, 4, 1); uart.write(0x02c, 4, 0x60); uart.write(0x030, 4, 0x301);
    uart.write(0x038, 4, 0x10);                     // RXIM (FIFOs off: interrupt per character)
    uart.input("z");
    clock.advanceTo(10);
    expect(pin.asserted).toBe(true);
    expect(c.r(IAR)).toBe(33);
    expect(uart.read(0, 4)).toBe(0x7a);
    c.w(EOIR, 33);
    expect(pin.asserted).toBe(false);
  });
});

describe("generic timer (D11.2)", () => {
  function timer() {
    const t = enabled();
    const gt = new GenericTimer(t.clock, new IrqLine(t.gic, 30), new IrqLine(t.gic, 27));
    t.d.w(ISENABLER, (1 << 27) | (1 << 30));
    return { ...t, gt };
  }

  it("CNTFRQ reads the nominal frequency; CNTVCT and CNTPCT are virtual time", () => {
    const { clock, gt } = timer();
    expect(gt.read(TimerReg.CNTFRQ)).toBe(NOMINAL_HZ);
    clock.advanceTo(5_000_000_123);
    expect(gt.read(TimerReg.CNTVCT) >>> 0).toBe(5_000_000_123 % 2 ** 32);
    expect(gt.hi).toBe(1);
    expect(gt.read(TimerReg.CNTPCT) >>> 0).toBe(5_000_000_123 % 2 ** 32);
  });

  it("virtual timer via TVAL: PPI 27 rises exactly when CNTVCT reaches CVAL; ISTATUS follows; IMASK hides the output", () => {
    const { clock, gt, gic, pin, c } = timer();
    clock.advanceTo(1000);
    gt.write(TimerReg.CNTV_TVAL, 500);              // CVAL = 1500
    expect(gt.read(TimerReg.CNTV_CVAL)).toBe(1500);
    gt.write(TimerReg.CNTV_CTL, 1);
    clock.advanceTo(1499);
    expect(gt.read(TimerReg.CNTV_CTL)).toBe(1);     // ENABLE, ISTATUS clear
    expect(gt.read(TimerReg.CNTV_TVAL)).toBe(1);
    expect(pin.asserted).toBe(false);
    clock.advanceTo(1500);
    expect(gt.read(TimerReg.CNTV_CTL)).toBe(5);     // ISTATUS
    expect(gic.level[27]).toBe(1);
    expect(pin.asserted).toBe(true);
    expect(c.r(IAR)).toBe(27);
    gt.write(TimerReg.CNTV_CTL, 3);                 // IMASK: the handler silences it
    expect(gic.level[27]).toBe(0);
    c.w(EOIR, 27);
    expect(pin.asserted).toBe(false);
    clock.advanceTo(1600);
    expect(gt.read(TimerReg.CNTV_TVAL)).toBe(-100); // TVAL counts down past zero, signed
    expect(gt.hi).toBe(-1);
  });

  it("physical timer via CVAL on PPI 30; a CVAL in the past fires at once; a huge CVAL never", () => {
    const { clock, gt, gic } = timer();
    clock.advanceTo(100);
    gt.write(TimerReg.CNTP_CVAL, 50, 0);
    gt.write(TimerReg.CNTP_CTL, 1);
    expect(gic.level[30]).toBe(1);
    gt.write(TimerReg.CNTP_CVAL, -1, -1);           // 0xFFFF_FFFF_FFFF_FFFF
    expect(gic.level[30]).toBe(0);
    expect(gt.read(TimerReg.CNTP_CVAL)).toBe(-1);
    expect(gt.hi).toBe(-1);
    clock.advanceTo(1e9);
    expect(gic.level[30]).toBe(0);
    gt.write(TimerReg.CNTP_CTL, 0);                 // disabled: no output (ISTATUS is UNKNOWN; QEMU reads 0)
    gt.write(TimerReg.CNTP_CVAL, 10, 0);
    expect(gt.read(TimerReg.CNTP_CTL)).toBe(0);
    expect(gic.level[30]).toBe(0);
  });
});
