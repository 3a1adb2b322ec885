// The kernel, as every part of it sees it: one `Kernel` object, made at boot
// and passed to every function (xv6 passes `struct proc *` and friends; we
// pass the whole kernel, so a reader always knows where state lives).
//
// Two rules keep it teachable and let the debugger step backwards:
//   - `state` is plain data only (objects, arrays, numbers, bigints,
//     strings, Maps, typed arrays): no functions, no class instances. The
//     debugger copies it with structuredClone to take a snapshot between
//     events, and replays from there.
//   - code is functions in modules, reached through `hooks` where a later
//     chapter may change the behaviour (builder.ts explains how).
//
// Later chapters add their own fields to KernelState and their own hooks by
// declaration merging, e.g. in chapters/02-memory/kernel/state.ts:
//
//   declare module "../../01-boot/kernel/kernel" {
//     interface KernelState { frames: FrameState }
//   }

import type { Arch } from "../../../machine/core/cpu";
import type { KernelMode, Trap } from "../../../machine/kernel-mode";
import type { Hal } from "./hal/hal";
import type { BootInfo } from "./bootinfo/bootinfo";
import type { KernelTables } from "./builder";

/** One thing the kernel did, for the panic trail and the debugger. */
export interface KernelEvent {
  /** Virtual time (ticks) when it happened. */
  time: number;
  kind: "boot" | "syscall" | "fault" | "irq" | "exit" | "switch" | "panic" | "info" | string;
  /** The thread it concerns, if any. */
  tid: number | null;
  /** One line a student can read: "write(1, 0x4000f0, 14) = 14". */
  text: string;
}

/** A user thread as chapter 01 knows it: a register file and a program. */
export interface Thread {
  tid: number;
  /**
   * The process it belongs to: the tid of the process's first thread.
   * Chapter 01 has one thread per program, so it is absent (= tid);
   * chapter 03 gives a process more threads, all sharing one address space.
   */
  pid?: number;
  /** The program it runs (a boot module's name). */
  name: string;
  /** The user register file, saved at every kernel entry (Hal.saveUser). */
  context: UserContext;
  status: "runnable" | "running" | "blocked" | "exited";
  /** Exit status once exited: the program's own, or 128 + a signal-like number when the kernel killed it. */
  exitStatus: number | null;
}

/** The user register file in the HAL's order (Hal.contextRegs); values as unsigned 64-bit. */
export interface UserContext {
  regs: bigint[];
}

/** Everything the kernel knows, as plain data (see the rules above). */
export interface KernelState {
  arch: Arch;
  /** Which chapter's kernel this is: each chapter's layer sets its own number, so the last one wins. */
  chapter: number;
  /** The seed ASLR and any other choice the kernel makes come from. */
  seed: number;
  boot: BootInfo;
  /** The last events, oldest first, at most EVENT_LOG_SIZE. */
  events: KernelEvent[];
  /** Console output not yet handed to the UART, and input not yet read. */
  console: { out: number[]; input: number[] };
  threads: Thread[];
  /** tid of the thread on the CPU, or null when idle. */
  current: number | null;
  nextTid: number;
  /** Set when the kernel has decided to power off: it drains the console first. */
  shutdown: { status: number; reason: string } | null;
  /** The kernel panicked (the message), or null. */
  panicked: string | null;
}

export const EVENT_LOG_SIZE = 64;

/** The running kernel. */
export interface Kernel {
  readonly arch: Arch;
  readonly hal: Hal;
  readonly state: KernelState;
  readonly hooks: Hooks;
  /** Trap handlers by kind, the system-call table, debugger data sources, boot steps (builder.ts). */
  readonly tables: KernelTables;
  /** The machine's view for the event being handled; valid only inside it. */
  k: KernelMode;
}

/**
 * The named extension points: every behaviour a later chapter may change.
 * builder.ts lets a layer wrap any of them; the earlier behaviour is passed
 * to the wrapper as `earlier`, so a later chapter adds to it instead of
 * copying it. Chapters add hooks of their own by declaration merging.
 */
export interface Hooks {
  /** Handle one trap (the thread's registers are already saved). Dispatches by kind to `traps`. */
  trap(kn: Kernel, trap: Trap): void;
  /** Handle one interrupt, after the HAL has told which device raised it. */
  irq(kn: Kernel, source: IrqSource): void;
  /** Handle a system call; returns the value for the caller's result register (ignored if the thread did not survive). */
  syscall(kn: Kernel, nr: number, args: bigint[]): bigint;
  /** Load a boot module's program and make a thread for it; returns the tid (or throws a ProgramError). */
  spawn(kn: Kernel, module: string, arg: string): number;
  /** The thread has stopped for good (exited or killed): release what it holds. */
  threadExit(kn: Kernel, tid: number, status: number): void;
  /** Pick the thread to run next, or null to idle. */
  schedule(kn: Kernel): number | null;
  /** A user-mode fault the kernel does not fix: report it and kill the thread. */
  userFault(kn: Kernel, trap: Trap): void;
  /** One 4 KiB physical frame for the kernel's own use ("page table", "kernel stack", ...), zeroed; chapter 01 bumps through free RAM, chapter 02 has a real allocator. */
  allocFrame(kn: Kernel, purpose: string): number;
  /** The kernel's virtual address of a physical one: identity with paging off (chapter 01), the direct map once chapter 02 turns paging on. */
  kva(kn: Kernel, pa: number): bigint;
  /** A kernel bug: print the message, the trap, the registers and the last events, then power off with status 100. Ends the handler. */
  panic(kn: Kernel, message: string): void;
}

/** Who raised an interrupt, as the HAL decodes it. */
export type IrqSource = "timer" | "uart" | "spurious" | { other: number };

/** The process a thread belongs to (its own tid unless chapter 03 made it a second thread). */
export function pidOf(kn: Kernel, tid: number): number {
  return kn.state.threads.find((t) => t.tid === tid)?.pid ?? tid;
}

/** The process of the thread on the CPU, or null. */
export function currentPid(kn: Kernel): number | null {
  return kn.state.current === null ? null : pidOf(kn, kn.state.current);
}

/** Does process `pid` still have a thread that has not exited? */
export function processAlive(kn: Kernel, pid: number): boolean {
  return kn.state.threads.some((t) => (t.pid ?? t.tid) === pid && t.status !== "exited");
}

/** The trapped thread, or null. */
export function currentThread(kn: Kernel): Thread | null {
  const s = kn.state;
  return s.current === null ? null : s.threads.find((t) => t.tid === s.current) ?? null;
}
