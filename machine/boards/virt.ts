// The AArch64 board, shaped like QEMU's `virt` machine: one Arm64Cpu with
// EL1, RAM at 0x40000000, a GICv2, the generic timer, a PL011 UART, virtio
// block devices, PSCI firmware behind HVC/SMC, and the kernel entry window.
// It knows nothing about MinOS: any TypeScript kernel that installs vectors
// in the window runs on it.
//
// Physical map (machine/firmware/boards.ts, plus the window):
//   0x0800_0000 GIC distributor   0x0801_0000 GIC CPU interface
//   0x0900_0000 PL011 (SPI 1 = INTID 33)
//   0x0A00_0000 virtio-mmio, 0x200 each (SPI 16 up = INTID 48 up)
//   0x0F00_0000 kernel entry window, 64 KiB (no device: an EL1 instruction
//               fetch here stops the CPU with Stop.KernelEntry)
//   0x4000_0000 RAM
//
// Virtual time (machine/devices/README.md, "How a board uses them"): the
// clock reads the CPU's retired count; the board runs the CPU in slices that
// end exactly at the next device event, so a timer interrupt lands on the
// instruction it is due at. WFI (or a handler's idle()) skips time straight
// to the next event until the interrupt pin rises. Each kernel handler is
// charged `handlerCost` ticks of virtual time after it returns (default
// 100: a documented, deterministic stand-in for the handler's instructions).

import { cpuPart, runBoardFirmware, runLoop, type BootConfig, type RunLimits, type RunResult } from "./run-loop";
import { probeKernelExec, runHandler } from "./kernel-view";
import { Arm64Cpu } from "../arm64/cpu";
import type { MachineParts, Saveable } from "../core/snapshot";
import { Arm64Paging } from "../arm64/paging";
import { Arm64System, type EntryWindow } from "../arm64/system";
import { Mmu } from "../core/mmu";
import { PhysMem } from "../core/physmem";
import {
  CpuIrqPin, DeviceClock, GenericTimer, Gic, IrqLine, Pl011, PowerState, Psci, VirtioBlk, VIRT_MAP,
} from "../devices";
import { virtBoard, type FirmwareResult } from "../firmware";
import { KernelError, type KernelFn } from "../kernel-mode";
import { Arm64Kernel, arm64Trap, VECTOR_SLOTS, type Arm64Sys, type VectorSlot } from "./arm64-kernel";

export const KERNEL_WINDOW: EntryWindow = { base: 0x0f000000, size: 0x10000 };
/** Bytes per kernel entry: one vector slot (0x80), so a vector table is 16 consecutive entries. */
const ENTRY_STRIDE = 0x80;
export const DEFAULT_HANDLER_COST = 100;

export interface VirtOptions {
  /** RAM in bytes (default 64 MiB). */
  ramSize?: number;
  /** virtio-blk disk images, one device each. */
  disks?: Uint8Array[];
  /** Where PL011 output goes, byte by byte. */
  console?: (byte: number) => void;
  /** Ticks charged per kernel handler (default 100). */
  handlerCost?: number;
}

export type { RunLimits, RunResult } from "./run-loop";

interface Entry { name: string; fn: KernelFn<Arm64Sys>; slot: number }

export class VirtMachine {
  readonly mem: PhysMem;
  readonly mmu: Mmu;
  readonly cpu: Arm64Cpu;
  readonly clock = new DeviceClock();
  readonly pin = new CpuIrqPin();
  readonly gic: Gic;
  readonly timer: GenericTimer;
  readonly uart: Pl011;
  readonly disks: VirtioBlk[] = [];
  readonly power = new PowerState();
  readonly psci: Psci;
  readonly sys: Arm64System;
  readonly handlerCost: number;
  private readonly entries = new Map<number, Entry>();
  private nextEntry = KERNEL_WINDOW.base;
  halted = false;
  private readonly idlePa: number;

  constructor(opts: VirtOptions = {}) {
    const ramSize = opts.ramSize ?? 64 << 20;
    this.mem = new PhysMem(ramSize, { base: 0x40000000 });
    this.psci = new Psci(this.power);
    this.gic = new Gic(this.pin);
    this.timer = new GenericTimer(this.clock, this.irqLine(this.gic, VIRT_MAP.physTimerIntid), this.irqLine(this.gic, VIRT_MAP.virtTimerIntid));
    this.uart = new Pl011(this.clock, this.irqLine(this.gic, VIRT_MAP.uartIntid), { sink: opts.console });
    this.mem.mapDevice(VIRT_MAP.gicd, VIRT_MAP.gicdSize, this.gic.distributor);
    this.mem.mapDevice(VIRT_MAP.gicc, VIRT_MAP.giccSize, this.gic.cpuInterface);
    this.mem.mapDevice(VIRT_MAP.uart, VIRT_MAP.uartSize, this.uart);
    (opts.disks ?? []).forEach((img, i) => {
      const blk = new VirtioBlk(this.clock, this.mem, this.irqLine(this.gic, VIRT_MAP.virtioIntid + i), img);
      this.mem.mapDevice(VIRT_MAP.virtio + i * VIRT_MAP.virtioSize, VIRT_MAP.virtioSize, blk.transport);
      this.disks.push(blk);
    });
    this.handlerCost = opts.handlerCost ?? DEFAULT_HANDLER_COST;
    // The CPU: placeholder translator first (the walker needs the CPU's system registers).
    this.mmu = new Mmu(this.mem, { translate: () => { throw new Error("no translator yet"); } });
    this.cpu = new Arm64Cpu(this.mmu);
    this.sys = new Arm64System(this.cpu, KERNEL_WINDOW, this.timer, this.psci, this.pin);
    this.cpu.sys = this.sys;
    this.mmu.translator = new Arm64Paging(this.mem, this.sys);
    this.clock.source = () => this.cpu.retired;
    this.sys.reset();
    this.idlePa = this.kernelEntry("idle", (k) => k.idle());
  }

  // ---- The kernel entry window ----

  /** An address in the window that runs `fn` when EL1 fetches from it. Returns the physical address. */
  kernelEntry(name: string, fn: KernelFn<Arm64Sys>): number {
    return this.allocate([{ name, fn }], 1, -1);
  }

  /**
   * A 2 KiB-aligned vector table in the window (16 slots of 0x80 bytes,
   * D1.10.2) whose slots run the given handlers; slots without one report
   * "unhandled exception" as the run's error. Returns its physical address,
   * for VBAR_EL1 (through the kernel's mapping of the window, if the MMU is on).
   */
  vectorTable(handlers: Partial<Record<VectorSlot, KernelFn<Arm64Sys>>>): number {
    for (const k of Object.keys(handlers)) {
      if (!(VECTOR_SLOTS as readonly string[]).includes(k)) throw new KernelError(`vectorTable: no vector slot '${k}' (slots: ${VECTOR_SLOTS.join(", ")})`);
    }
    this.nextEntry = Math.ceil(this.nextEntry / 0x800) * 0x800;
    return this.allocate(VECTOR_SLOTS.map((name) => ({ name, fn: handlers[name] ?? unhandled(name) })), 16, 0);
  }

  private allocate(list: { name: string; fn: KernelFn<Arm64Sys> }[], n: number, slot0: number): number {
    const base = this.nextEntry;
    if (base + n * ENTRY_STRIDE > KERNEL_WINDOW.base + KERNEL_WINDOW.size) throw new KernelError("the kernel entry window is full");
    list.forEach((e, i) => this.entries.set(base + i * ENTRY_STRIDE, { ...e, slot: slot0 < 0 ? -1 : slot0 + i }));
    this.nextEntry = base + n * ENTRY_STRIDE;
    return base;
  }

  // ---- Starting ----

  /** Start at EL1 (reset state, MMU off) in `main`, with x0..x3 as given (the boot protocol's registers). */
  start(main: KernelFn<Arm64Sys>, regs: Record<string, number> = {}): void {
    const pa = this.kernelEntry("main", main);
    for (const [r, v] of Object.entries(regs)) this.cpu.setReg(Number(r.slice(1)), BigInt(v));
    this.cpu.setPc(BigInt(pa));
  }

  /** Run the firmware (machine/firmware): place image, modules and DTB in RAM, then start `main` with x0 = DTB. */
  boot(cfg: BootConfig, main: KernelFn<Arm64Sys>): FirmwareResult {
    const res = runBoardFirmware(this.mem, virtBoard(this.disks.length), cfg);
    if (res.ok) this.start(main, res.plan.entry);
    return res;
  }

  // ---- Snapshots (machine/core/snapshot.ts) ----

  /**
   * The parts a MachineSnapshots needs: RAM, the clock, every device, the
   * GIC, and the CPU together with the board's "waiting for an interrupt"
   * flag. Registered kernel entries are not state: they are the kernel's
   * code, the same before and after. Take snapshots between run() calls.
   */
  snapshotParts(): MachineParts {
    const devices: Record<string, Saveable> = { uart: this.uart, timer: this.timer, power: this.power };
    this.disks.forEach((d, i) => { devices[`virtio${i}`] = d.transport; });
    return { mem: this.mem, clock: this.clock, devices, controllers: { gic: this.gic }, cpus: [cpuPart(this)] };
  }

  // ---- Running ----

  /** Virtual time now, in ticks. */
  now(): number { return this.clock.now(); }

  /** An interrupt line into `ctrl`, reporting its level changes to the machine's tracer (irq category). */
  private irqLine(ctrl: ConstructorParameters<typeof IrqLine>[0], n: number): IrqLine {
    const line = new IrqLine(ctrl, n);
    line.tracer = this.mem.tracer;
    return line;
  }

  /** Run until power-off, reset, an error or a limit (machine/boards/run-loop.ts). */
  run(limits: RunLimits = {}): RunResult { return runLoop(this, limits); }

  // For the run loop: WFI wakes on a pending IRQ, masked or not (Arm ARM D1.6.2).
  readonly pcName = "pc";
  readonly haltName = "WFI";
  wakes(): boolean { return this.pin.asserted; }


  /** Call the TypeScript function registered where the CPU fetched. Returns an error message or null. */
  enterKernel(): string | null {
    const pa = this.sys.entryPa;
    const e = this.entries.get(pa);
    if (e === undefined) return `EL1 jumped into the kernel entry window at 0x${pa.toString(16)}, where no entry is registered`;
    const k = new Arm64Kernel(this.cpu, this.mem, e.name, arm64Trap(this.cpu, e.slot), () => this.clock.now(),
      () => this.idle(), this.psci, { kernelEntry: (n, f) => this.kernelEntry(n, f as KernelFn<Arm64Sys>), vectorTable: (h) => this.vectorTable(h) });
    return runHandler(k, e.fn as KernelFn<never>, { power: this.power, handlerCost: this.handlerCost, clock: this.clock });
  }

  /**
   * idle(): `1: msr daifclr, #2; wfi; b 1b` at the window's idle entry. The
   * PC is the idle entry's *virtual* address, found through the kernel's
   * mapping of the window (which must map it as one contiguous block): the
   * one VBAR_EL1 points through if VBAR translates into the window, else the
   * one the current handler was entered by.
   */
  private idle(): void {
    const s = this.sys;
    let va = s.entryVa - BigInt(s.entryPa);
    const vbarPa = probeKernelExec(this.mmu, s.vbar);
    if (vbarPa !== null && vbarPa >= KERNEL_WINDOW.base && vbarPa < KERNEL_WINDOW.base + KERNEL_WINDOW.size) {
      va = s.vbar - BigInt(vbarPa);
    }
    this.cpu.daif &= ~0x80;
    this.cpu.setPc(BigInt.asUintN(64, va + BigInt(this.idlePa)));
    this.halted = true;
  }

}

function unhandled(name: string): KernelFn<Arm64Sys> {
  return (k) => {
    const t = k.trap;
    throw new KernelError(`unhandled exception through vector ${name}: ESR_EL1 0x${t.syndrome.toString(16)} (${t.kind}${t.detail ? ", " + t.detail : ""}), ELR_EL1 0x${k.reg("pc").toString(16)}${t.address !== null ? `, FAR_EL1 0x${t.address.toString(16)}` : ""}`);
  };
}
