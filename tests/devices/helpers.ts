// Shared test fixtures: a recording interrupt controller and a clock.
import { DeviceClock } from "../../machine/devices/time";
import { IrqLine, type IrqController } from "../../machine/devices/irq";

/** An interrupt controller that records each input's level and when it changed. */
export class RecordingIrq implements IrqController {
  readonly level = new Map<number, boolean>();
  readonly log: { n: number; level: boolean; at: number }[] = [];
  constructor(private readonly clock: DeviceClock) {}
  setLine(n: number, level: boolean): void {
    this.level.set(n, level);
    this.log.push({ n, level, at: this.clock.now() });
  }
  high(n: number): boolean { return this.level.get(n) === true; }
}

export function setup(line = 4) {
  const clock = new DeviceClock();
  const ctrl = new RecordingIrq(clock);
  const irq = new IrqLine(ctrl, line);
  return { clock, ctrl, irq };
}
