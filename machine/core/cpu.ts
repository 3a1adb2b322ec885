// What every emulated CPU offers the rest of the machine.
//
// A CPU never calls an operating system. It executes until something needs
// the outside world — a system call instruction, an exception, a halt — and
// then *stops* and reports why. Whoever drives it decides what happens next:
// the user-mode Linux runner (`minos run --linux`) emulates the system call;
// the system-mode machine performs the architectural exception entry and
// runs the kernel's handler. The CPU is the same in both.

import type { Mmu } from "./mmu";

export type Arch = "x86_64" | "arm64";

/** Why `run` returned. */
export const Stop = {
  /** The instruction budget ran out. */
  Budget: 0,
  /** SYSCALL (x86_64) or SVC (AArch64) was executed; the PC is past it. */
  Syscall: 1,
  /** An exception: see `exc`. The PC is at the faulting instruction. */
  Exception: 2,
  /** HLT / WFI: the CPU waits for an interrupt. */
  Halt: 3,
  /**
   * System mode: the CPU, at kernel privilege, fetched from the board's
   * kernel entry window (ARCHITECTURE.md, "The kernel boundary"). Nothing
   * was executed; the board runs the TypeScript function registered there.
   */
  KernelEntry: 4,
} as const;
export type StopReason = (typeof Stop)[keyof typeof Stop];

/** Exception kinds, arch-neutral. `vector` keeps the architectural number. */
export const Exc = {
  /** Undefined or unsupported instruction (#UD, Arm "unknown reason"). */
  Undefined: 0,
  /** A memory access fault; the Mmu's fault fields say which access. */
  PageFault: 1,
  /** Integer divide error (#DE; AArch64 has none). */
  DivideError: 2,
  /** Breakpoint instruction (INT3, BRK). */
  Breakpoint: 3,
  /** General protection (#GP) or other privilege / alignment violations. */
  Protection: 4,
  /** Debug / single-step (#DB, software step). */
  Debug: 5,
} as const;
export type ExcKind = (typeof Exc)[keyof typeof Exc];

export interface ExceptionInfo {
  kind: ExcKind;
  /** Architectural vector (x86) or exception class (Arm ESR_EL1.EC). */
  vector: number;
  /** x86 error code / Arm ISS, where the architecture defines one. */
  code: number;
  /** Extra detail for messages (e.g. "SYSRET", "operand size"). */
  detail: string;
}

export interface Cpu {
  readonly arch: Arch;
  readonly mmu: Mmu;
  /** Instructions retired so far: the machine's virtual clock. */
  retired: number;
  /** The last exception, valid after run() returned Stop.Exception. */
  readonly exc: ExceptionInfo;
  /** Execute at most `budget` instructions. */
  run(budget: number): StopReason;

  // ---- Off the hot path: loaders, the syscall layer, tests, the debugger ----
  /** Register names in the order getReg/setReg index them (GPRs first). */
  readonly regNames: readonly string[];
  getReg(index: number): bigint;
  setReg(index: number, value: bigint): void;
  getPc(): bigint;
  setPc(value: bigint): void;
  /** The flags register (RFLAGS / NZCV as in PSTATE bits 31:28), materialised. */
  getFlags(): bigint;
  setFlags(value: bigint): void;
  /** Forget every cached decoded instruction. */
  flushDecodeCache(): void;
  /**
   * The architectural state as plain data (registers, flags, PC, privilege
   * and system registers, retired), for machine snapshots; restore() puts
   * it back and drops decoded code and TLB entries. Each CPU's own type
   * (Arm64State, X86CpuState) says what is in it.
   */
  save(): unknown;
  restore(state: unknown): void;
}
