// The kernel boundary: what a TypeScript kernel handler sees of the machine.
//
// A MinOS kernel is TypeScript, but it meets the machine where a real
// kernel meets real hardware (ARCHITECTURE.md, "The kernel boundary"). It
// installs real vectors whose addresses lie in the board's *kernel entry
// window*; when the CPU, after doing everything the architecture does on an
// exception, fetches from that window, the board calls the handler
// registered there with a `KernelMode` object. That object is the whole of
// the handler's reach:
//
//   - physical memory (RAM and, through the same accessors, MMIO);
//   - the trapped context's registers (on Arm the GPRs are live at entry:
//     the hardware saves only PC and PSTATE, in ELR_EL1 and SPSR_EL1);
//   - why it was entered, decoded from the syndrome registers (`trap`);
//   - TLB invalidation;
//   - the architecture's system registers (`sys`, arch-specific);
//   - the two ways a handler ends: `eret()` (the return instruction,
//     executed by the CPU with its architectural checks, so a bad saved
//     state faults the way it would on hardware) or `idle()` (wait for an
//     interrupt).
//
// Nothing else of the machine is reachable, and a handler runs to
// completion: it never blocks. A handler that returns without calling
// either is a kernel bug the board reports (unless it powered the machine
// off).

import type { Arch } from "./core/cpu";

/** Why the kernel was entered, arch-neutral. */
export type TrapKind =
  | "start"        // the first entry, from the board (no exception)
  | "syscall"      // SVC / SYSCALL
  | "page-fault"   // data or instruction abort / #PF
  | "undefined"    // undefined instruction / #UD
  | "breakpoint"   // BRK / INT3
  | "alignment"    // PC or SP alignment fault
  | "wfi"          // a trapped WFI/WFE (Arm EC 0x01)
  | "irq"          // an interrupt
  | "illegal"      // Arm: illegal exception return (EC 0x0E)
  | "other";

export interface Trap {
  kind: TrapKind;
  /** The trapped context was user mode (EL0 / CPL 3). */
  fromUser: boolean;
  /** Arm: ESR_EL1.EC (-1 for IRQ/FIQ/start); x86: the vector. */
  vector: number;
  /** Arm: ESR_EL1.ISS; x86: the error code (0 if none). */
  code: number;
  /** The raw syndrome (Arm: ESR_EL1; x86: error code). */
  syndrome: number;
  /** Faulting virtual address (Arm FAR_EL1, x86 CR2) for aborts and PC alignment, else null. */
  address: bigint | null;
  /** For page faults: what the access was. */
  access: "read" | "write" | "exec" | null;
  /** For page faults: fault status (Arm DFSC/IFSC: type and level), e.g. "translation fault, level 3". */
  detail: string;
}

/** TLB invalidation, arch-neutral: everything, one address space's non-global entries, or one page. */
export type TlbScope = { all: true } | { asid: number } | { va: bigint; asid?: number };

export interface KernelMode<Sys = unknown> {
  readonly arch: Arch;
  /** The name the entry was registered under (kernelEntry / the vector slot). */
  readonly entry: string;
  readonly trap: Trap;
  /** Virtual time in ticks (instructions retired plus idle ticks). */
  now(): number;

  // ---- Physical memory and MMIO (little-endian; 8-byte accesses as bigint) ----
  read(pa: number, size: 1 | 2 | 4 | 8): bigint;
  write(pa: number, size: 1 | 2 | 4 | 8, value: bigint): void;
  readBytes(pa: number, length: number): Uint8Array;
  writeBytes(pa: number, bytes: Uint8Array): void;

  // ---- The trapped context ----
  /** Register names reg()/setReg() accept, in index order. */
  readonly regNames: readonly string[];
  reg(r: number | string): bigint;
  setReg(r: number | string, value: bigint): void;

  invalidateTlb(scope: TlbScope): void;

  /**
   * Register a TypeScript entry point in the board's kernel entry window and
   * return its physical address: what the kernel writes into an IDT gate,
   * LSTAR, or a vector (through its own mapping of the window once paging is
   * on). This is how a kernel loaded from a signed image installs its traps.
   */
  addEntry(name: string, fn: KernelFn<Sys>): number;

  /** Return from the exception (ERET / IRETQ) with the state now in the registers. */
  eret(): void;
  /** Wait for an interrupt with interrupts enabled, in a loop (Arm: `1: msr daifclr, #2; wfi; b 1b`). */
  idle(): void;

  /** System registers and other arch-specific operations. */
  readonly sys: Sys;
}

/** A TypeScript kernel entry point. */
export type KernelFn<Sys = unknown> = (k: KernelMode<Sys>) => void;

/** A kernel bug the board reports as the run's error (not an emulator crash). */
export class KernelError extends Error {}
