// The PC board (q35-like, machine/firmware/boards.ts "pc"): one X86Cpu with
// CPL 0, RAM from physical 0, a local APIC (timer, TSC deadline) and an
// IOAPIC, a 16550 UART on ports 0x3F8-0x3FF (IOAPIC pin 4, gated by the
// UART's MCR.OUT2 as on a real PC), virtio-blk on MMIO, the ACPI PM1a
// control port (0x604, power-off) and the debug exit port (0x501), and the
// kernel entry window. It knows nothing about MinOS. Same API shape as
// VirtMachine (virt.ts): kernelEntry, start, boot, run, snapshotParts.
//
// Physical map:
//   0x0000_0000 RAM (the 640 KiB - 1 MiB hole is reserved in the firmware's map)
//   0xFEB0_0000 virtio-mmio, 0x200 each (IOAPIC pins 16 up)
//   0xFEC0_0000 IOAPIC   0xFEE0_0000 local APIC
//   0xFED0_0000 kernel entry window, 64 KiB (no device: a CPL 0 instruction
//               fetch here stops the CPU with Stop.KernelEntry)
//
// Virtual time exactly as on virt: the clock reads the CPU's retired count;
// the board runs the CPU in slices that end at the next device event, so a
// LAPIC timer interrupt lands on the instruction it is due at; HLT (or a
// handler's idle()) skips time to the next event. Each kernel handler is
// charged `handlerCost` ticks (default 100) after it returns.

import type { MachineParts, Saveable } from "../core/snapshot";
import { MEM_FAULT, Mmu } from "../core/mmu";
import { PhysMem } from "../core/physmem";
import {
  CpuIrqPin, DeviceClock, ExitPort, IoApic, IrqLine, LocalApic, Pm1aControl, PortBus, PowerState, Uart16550, VirtioBlk, PC_MAP,
} from "../devices";
import { pcBoard, type FirmwareResult } from "../firmware";
import { KernelError, type KernelFn } from "../kernel-mode";
import { X86Cpu } from "../x86_64/cpu";
import { X86Paging } from "../x86_64/paging";
import { DeliveryError, X86System, type EntryWindow } from "../x86_64/system";
import { X86Kernel, x86Trap, type X86Sys } from "./x86_64-kernel";
import { DEFAULT_HANDLER_COST } from "./virt";
import { cpuPart, runBoardFirmware, runLoop, type BootConfig, type RunLimits, type RunResult } from "./run-loop";
import { probeKernelExec, runHandler } from "./kernel-view";

export const PC_KERNEL_WINDOW: EntryWindow = { base: 0xfed00000, size: 0x10000 };
/** Bytes per kernel entry: any distinct addresses would do (IDT gates and LSTAR take any address). */
const ENTRY_STRIDE = 0x10;

export interface PcOptions {
  /** RAM in bytes (default 64 MiB). */
  ramSize?: number;
  disks?: Uint8Array[];
  /** Where 16550 output goes, byte by byte. */
  console?: (byte: number) => void;
  /** Ticks charged per kernel handler (default 100). */
  handlerCost?: number;
}

interface Entry { name: string; fn: KernelFn<X86Sys> }

export class PcMachine {
  readonly mem: PhysMem;
  readonly mmu: Mmu;
  readonly cpu: X86Cpu;
  readonly clock = new DeviceClock();
  readonly pin = new CpuIrqPin();
  readonly lapic: LocalApic;
  readonly ioapic: IoApic;
  readonly ports = new PortBus();
  readonly uart: Uart16550;
  readonly disks: VirtioBlk[] = [];
  readonly power = new PowerState();
  readonly pm1a: Pm1aControl;
  readonly sys: X86System;
  readonly handlerCost: number;
  private readonly entries = new Map<number, Entry>();
  private nextEntry = PC_KERNEL_WINDOW.base;
  halted = false;
  private readonly idlePa: number;

  constructor(opts: PcOptions = {}) {
    const ramSize = opts.ramSize ?? 64 << 20;
    this.mem = new PhysMem(ramSize, { unbacked: "open" });      // a PC's bus reads all ones where nothing answers
    this.lapic = new LocalApic(this.clock, this.pin);
    this.ioapic = new IoApic(this.lapic);
    this.mem.mapDevice(PC_MAP.lapic, PC_MAP.lapicSize, this.lapic);
    this.mem.mapDevice(PC_MAP.ioapic, PC_MAP.ioapicSize, this.ioapic);
    this.uart = new Uart16550(this.clock, this.irqLine(this.ioapic, PC_MAP.uartIoApicPin), { sink: opts.console });
    this.ports.tracer = this.mem.tracer;
    this.ports.map(PC_MAP.uartPort, PC_MAP.uartPorts, this.uart);
    this.pm1a = new Pm1aControl(this.power);
    this.ports.map(PC_MAP.pm1aCntPort, 2, this.pm1a);
    this.ports.map(PC_MAP.exitPort, 1, new ExitPort(this.power));
    (opts.disks ?? []).forEach((img, i) => {
      const blk = new VirtioBlk(this.clock, this.mem, this.irqLine(this.ioapic, PC_MAP.virtioIoApicPin + i), img);
      this.mem.mapDevice(PC_MAP.virtio + i * PC_MAP.virtioSize, PC_MAP.virtioSize, blk.transport);
      this.disks.push(blk);
    });
    this.handlerCost = opts.handlerCost ?? DEFAULT_HANDLER_COST;
    this.mmu = new Mmu(this.mem, { translate: () => { throw new Error("no translator yet"); } });
    this.cpu = new X86Cpu(this.mmu);
    this.sys = new X86System(this.cpu, PC_KERNEL_WINDOW, this.lapic, this.ports, this.pin);
    this.cpu.sys = this.sys;
    this.mmu.translator = new X86Paging(this.mem, this.sys);
    this.clock.source = () => this.cpu.retired;
    this.sys.idleTicks = () => this.clock.now() - this.cpu.retired;
    this.sys.reset();
    this.idlePa = this.kernelEntry("idle", (k) => k.idle());
  }

  // ---- The kernel entry window ----

  /**
   * An address in the window that runs `fn` when CPL 0 fetches from it (an
   * IDT gate's target, LSTAR, or an iretq to CPL 0). Returns the physical
   * address; the kernel maps the window (supervisor-only) to reach it with paging on.
   */
  kernelEntry(name: string, fn: KernelFn<X86Sys>): number {
    const pa = this.nextEntry;
    if (pa + ENTRY_STRIDE > PC_KERNEL_WINDOW.base + PC_KERNEL_WINDOW.size) throw new KernelError("the kernel entry window is full");
    this.entries.set(pa, { name, fn });
    this.nextEntry = pa + ENTRY_STRIDE;
    return pa;
  }

  // ---- Starting ----

  /** Start at CPL 0 (paging off, IF = 0) in `main`, with registers as given by name ("rax", "ebx", ...). */
  start(main: KernelFn<X86Sys>, regs: Record<string, number> = {}): void {
    const pa = this.kernelEntry("main", main);
    for (const [r, v] of Object.entries(regs)) {
      const name = r.replace(/^e/, "r");
      const i = this.cpu.regNames.indexOf(name);
      if (i < 0) throw new KernelError(`start: no register ${r}`);
      this.cpu.setReg(i, BigInt(v >>> 0));
    }
    this.sys.last = { via: "start", vector: -1, code: -1, fromUser: false, frameLo: 0, frameHi: 0 };
    this.cpu.setPc(BigInt(pa));
  }

  /** Run the firmware: image, modules and the Multiboot2 information in RAM; `main` starts with EAX = magic, EBX = info. */
  boot(cfg: BootConfig, main: KernelFn<X86Sys>): FirmwareResult {
    const res = runBoardFirmware(this.mem, pcBoard(this.disks.length), cfg);
    if (res.ok) this.start(main, res.plan.entry);
    return res;
  }

  // ---- Snapshots ----

  /** RAM, clock, devices, the APICs, and the CPU with the board's halted flag. Take them between run() calls. */
  snapshotParts(): MachineParts {
    const devices: Record<string, Saveable> = { uart: this.uart, power: this.power, pm1a: this.pm1a };
    this.disks.forEach((d, i) => { devices[`virtio${i}`] = d.transport; });
    return { mem: this.mem, clock: this.clock, devices, controllers: { ioapic: this.ioapic, lapic: this.lapic }, cpus: [cpuPart(this)] };
  }

  // ---- Running ----

  now(): number { return this.clock.now(); }

  /** An interrupt line into `ctrl`, reporting its level changes to the machine's tracer (irq category). */
  private irqLine(ctrl: ConstructorParameters<typeof IrqLine>[0], n: number): IrqLine {
    const line = new IrqLine(ctrl, n);
    line.tracer = this.mem.tracer;
    return line;
  }

  /** Run until power-off, reset, an error or a limit (machine/boards/run-loop.ts). */
  run(limits: RunLimits = {}): RunResult { return runLoop(this, limits); }

  // For the run loop: HLT resumes on an interrupt the CPU will take (SDM Vol. 2A "HLT"): pin up and IF = 1.
  readonly pcName = "rip";
  readonly haltName = "HLT";
  wakes(): boolean { return this.pin.asserted && (this.cpu.getFlags() & 0x200n) !== 0n; }


  enterKernel(): string | null {
    const pa = this.sys.entryPa;
    const e = this.entries.get(pa);
    if (e === undefined) return `CPL 0 jumped into the kernel entry window at 0x${pa.toString(16)}, where no entry is registered`;
    const k = new X86Kernel(this.cpu, this.mem, e.name, x86Trap(this.sys), () => this.clock.now(), () => this.idle(),
      (n, f) => this.kernelEntry(n, f as KernelFn<X86Sys>));
    return runHandler(k, e.fn as KernelFn<never>, { power: this.power, handlerCost: this.handlerCost, clock: this.clock,
      kernelFaults: [[DeliveryError, "double fault"]] });
  }

  /**
   * idle(): `sti; hlt` at the window's idle entry, on the kernel stack
   * (TSS.RSP0). RIP is the idle entry's *virtual* address, so an
   * interrupt's frame returns there (and the next fetch calls idle again):
   * through the mapping LSTAR points through, if LSTAR translates into the
   * window (a kernel that turned paging on inside this handler has mapped
   * the window there), else the mapping the current handler was entered by.
   */
  private idle(): void {
    const s = this.sys, c = this.cpu;
    let va = s.entryVa - BigInt(s.entryPa) + BigInt(this.idlePa);
    const lstarPa = probeKernelExec(this.mmu, s.lstar);
    if (lstarPa !== null && lstarPa >= PC_KERNEL_WINDOW.base && lstarPa < PC_KERNEL_WINDOW.base + PC_KERNEL_WINDOW.size) {
      va = s.lstar - BigInt(lstarPa) + BigInt(this.idlePa);
    }
    if (s.tssBase !== 0n) {
      const a = s.tssBase + 4n;
      try { c.setReg(4, s.readLin64(Number(a & 0xffffffffn) | 0, Number(a >> 32n) | 0) & ~0xfn); } catch (e) {
        if (e === MEM_FAULT) throw new KernelError(`idle(): reading TSS.RSP0 at 0x${a.toString(16)} faults`);
        throw e;
      }
    }
    c.setFlags(c.getFlags() | 0x200n);
    c.setPc(BigInt.asUintN(64, va));
    this.halted = true;
  }

}
