// The HAL: the kernel's arch-specific layer, and the only kernel code that
// knows whether it runs on x86_64 or AArch64. Everything outside `hal/` is
// arch-neutral and reaches the machine through this interface (and through
// KernelMode's physical-memory accessors, which are the same on both).
//
// Each arch implements it in its own folder (hal/x86_64/, hal/arm64/), over
// that machine's privileged interface (machine/boards/x86_64-kernel.ts,
// arm64-kernel.ts): descriptor tables or a vector table, the interrupt
// controller, the console UART, the way into and out of user mode.
//
// Conventions: `k` is the KernelMode of the event being handled. Functions
// marked "ends the handler" call eret()/idle() (or power off): the caller
// must not touch the machine after them.

import type { Arch } from "../../../../machine/core/cpu";
import type { KernelMode } from "../../../../machine/kernel-mode";
import type { BootInfo } from "../bootinfo/bootinfo";
import type { IrqSource, UserContext } from "../kernel";

export interface Hal {
  readonly arch: Arch;

  // ---- Boot ----
  /**
   * Where the firmware left the boot information and in which format:
   * x86_64 Multiboot2 (EAX magic, EBX address), arm64 a devicetree (X0).
   * Throws a clear Error if the hand-off is not what the boot protocol says.
   */
  bootInfoAt(k: KernelMode): { format: "multiboot2" | "fdt"; pa: number };
  /**
   * Install the trap vectors (x86_64: GDT, TSS with a kernel stack, IDT with
   * a gate per vector, SYSCALL MSRs; arm64: a vector table and VBAR_EL1).
   * Every trap, fault, interrupt and system call then calls `onEvent` with
   * the KernelMode of that entry. Returns the physical frames it used (for
   * the kernel's memory accounting), taken from `alloc`.
   *
   * Every address the CPU itself will use (IDT/GDT/TSS bases, gate targets,
   * RSP0, LSTAR, VBAR_EL1) goes through `kva`, the kernel's virtual address
   * of a physical one: the identity in chapter 01 (paging off), the kernel
   * half's direct map once chapter 02 turns paging on before this step.
   */
  installTraps(k: KernelMode, onEvent: (k: KernelMode) => void, alloc: () => number, kva: (pa: number) => bigint): number[];
  /** Bring up the interrupt controller and the console UART (FIFO on, receive and transmit interrupts routed to the CPU). */
  initDevices(k: KernelMode, boot: BootInfo): void;

  // ---- Interrupts ----
  /** Which device raised the interrupt being handled (reads the controller's acknowledge register). */
  irqSource(k: KernelMode): IrqSource;
  /** Signal end of interrupt to the controller for that source. */
  endIrq(k: KernelMode, source: IrqSource): void;
  /** Arm the one-shot timer to interrupt `ticks` of virtual time from now (0 cancels it). */
  setTimer(k: KernelMode, ticks: number): void;

  // ---- Console (interrupt driven: the kernel never busy-waits) ----
  /** Move bytes from the front of `queue` into the UART's transmit FIFO while it has room (removing them from `queue`); enables the transmit interrupt while bytes remain. */
  consoleSend(k: KernelMode, queue: number[]): void;
  /** Every byte handed to the UART has left the wire (the transmitter is empty). */
  consoleDrained(k: KernelMode): boolean;
  /** Move received bytes from the UART into `into`. */
  consoleReceive(k: KernelMode, into: number[]): void;

  // ---- User mode ----
  /** Register names of a UserContext, in `regs` order (the arch's user register file). */
  readonly contextRegs: readonly string[];
  /** A context that starts at `entry` with stack pointer `sp`, `args` in the first argument registers, user mode, interrupts enabled. */
  newContext(entry: bigint, sp: bigint, args: bigint[]): UserContext;
  /** Copy the trapped user registers into `ctx` (called on every entry from user mode). */
  saveUser(k: KernelMode, ctx: UserContext): void;
  /** Return to user mode in `ctx`. Ends the handler. */
  enterUser(k: KernelMode, ctx: UserContext): void;
  /** The system call number and its six arguments, as the MinOS ABI puts them (toolchain/libc/include/minos/syscall.h). */
  syscallArgs(ctx: UserContext): { nr: number; args: bigint[] };
  /** Put a system call's result where the ABI says (rax / x0). */
  setResult(ctx: UserContext, value: bigint): void;
  /** The user program counter and stack pointer of a context. */
  pc(ctx: UserContext): bigint;
  sp(ctx: UserContext): bigint;

  // ---- Ending an event ----
  /** Wait for the next interrupt. Ends the handler. */
  idle(k: KernelMode): void;
  /** Power the machine off with an exit status (x86_64: the exit port; arm64: PSCI MINOS_EXIT). Ends the handler. */
  powerOff(k: KernelMode, status: number): void;

  // ---- For the panic path and the debugger ----
  /** The trapped registers and the system registers that explain a trap, as name/value pairs in the arch's usual order. */
  dumpRegisters(k: KernelMode): [string, bigint][];
}
