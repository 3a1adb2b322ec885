// The run loop every board shares: run the CPU in slices of virtual time
// that end at the next device event, fire due events, let a halted CPU
// (HLT / WFI / the kernel's idle) skip straight to the next event, and call
// the kernel's TypeScript handler when the CPU enters the kernel window.
// What differs between boards — when a halted CPU wakes, how a handler is
// called — each board supplies.

import { Stop, type Cpu } from "../core/cpu";
import { TRACE_INSN, type Tracer } from "../core/trace";
import type { KeyObject } from "node:crypto";
import type { PhysMem } from "../core/physmem";
import type { Saveable } from "../core/snapshot";
import { runFirmware, type Board, type BootModule, type FirmwareResult } from "../firmware";
import type { DeviceClock } from "../devices/time";

export interface RunLimits { maxInstructions?: number; maxTicks?: number }

export interface RunResult {
  /** Why the run ended. */
  reason: "power-off" | "reset" | "budget" | "error";
  /** Exit status (power-off). */
  status: number;
  retired: number;
  ticks: number;
  error?: string;
}

export interface LoopBoard {
  readonly cpu: Cpu;
  readonly clock: DeviceClock;
  readonly power: { off: boolean; reset: boolean; status: number };
  /** The CPU waits for an interrupt. */
  halted: boolean;
  /** Does a pending interrupt wake the halted CPU now? */
  wakes(): boolean;
  /** Call the handler the CPU entered; an error message ends the run. */
  enterKernel(): string | null;
  /** The program counter's name in messages ("rip", "pc") and what halting is called ("HLT", "WFI"). */
  readonly pcName: string;
  readonly haltName: string;
}

export function runLoop(b: LoopBoard, limits: RunLimits): RunResult {
  const cpu = b.cpu, clock = b.clock, tracer = cpu.mmu.mem.tracer;
  const lastRetired = cpu.retired + (limits.maxInstructions ?? Infinity);
  const maxTicks = limits.maxTicks ?? Infinity;
  const end = (reason: RunResult["reason"], error?: string): RunResult =>
    ({ reason, status: b.power.status, retired: cpu.retired, ticks: clock.now(), error });
  for (;;) {
    clock.runDue();
    if (b.power.off) return end("power-off");
    if (b.power.reset) return end("reset");
    if (clock.now() >= maxTicks) return end("budget");
    if (b.halted) {
      if (b.wakes()) { b.halted = false; continue; }
      const next = clock.nextEventTime();
      if (!Number.isFinite(next)) return end("error", `the CPU waits for an interrupt (${b.haltName} / idle) and no device has an event pending: it would sleep forever`);
      if (next > maxTicks) { clock.advanceTo(maxTicks); return end("budget"); }
      clock.advanceTo(next);
      continue;
    }
    const left = lastRetired - cpu.retired;
    if (left <= 0) return end("budget");
    const slice = Math.max(1, Math.min(left, clock.nextEventTime() - clock.now(), maxTicks - clock.now(), 1 << 20));
    // With an instruction trace listening, go one instruction at a time and
    // report each PC; otherwise full slices (the trace then costs one check).
    const r = tracer.insn ? traced(cpu, tracer) : cpu.run(slice);
    if (r === Stop.Budget) continue;
    if (r === Stop.Halt) { b.halted = true; continue; }
    if (r === Stop.KernelEntry) {
      const err = b.enterKernel();
      if (err !== null) return end("error", err);
      continue;
    }
    return end("error", `the CPU stopped at ${b.pcName} 0x${cpu.getPc().toString(16)}: ${cpu.exc.detail || "unexpected stop " + r}`);
  }
}

function traced(cpu: Cpu, tracer: Tracer): number {
  const pc = cpu.getPc();
  tracer.emit(TRACE_INSN, "insn", Number(pc & 0xffffffffn) | 0, Number(pc >> 32n) | 0, cpu.retired | 0);
  return cpu.run(1);
}

// ---- Also shared by the boards: the firmware hand-off and the CPU's snapshot part ----

export interface BootConfig {
  image: Uint8Array;
  modules?: BootModule[];
  cmdline?: string;
  secureBoot?: boolean;
  trustedKey?: KeyObject;
}

/** Run the firmware (machine/firmware) into this board's RAM: image, modules and boot information. */
export function runBoardFirmware(mem: PhysMem, board: Board, cfg: BootConfig): FirmwareResult {
  return runFirmware({ load(pa, data) { mem.bytes.set(data, mem.offsetOf(pa)); } }, {
    board, ramSize: mem.size, image: cfg.image, modules: cfg.modules ?? [],
    cmdline: cfg.cmdline ?? "", secureBoot: cfg.secureBoot, trustedKey: cfg.trustedKey,
  });
}

/** The CPU together with the board's "waiting for an interrupt" flag, as one snapshot part. */
export function cpuPart(b: { readonly cpu: Cpu; halted: boolean }): Saveable {
  const part: Saveable<{ cpu: unknown; halted: boolean }> = {
    save: () => ({ cpu: b.cpu.save(), halted: b.halted }),
    restore: (s) => { b.cpu.restore(s.cpu); b.halted = s.halted; },
  };
  return part as Saveable;
}
