// What every board's KernelMode shares (machine/kernel-mode.ts): physical
// memory and MMIO through the bus, the rule that a handler's view closes once
// it has called eret() or idle(), and finding a register by name or index.
// The arch-specific parts (registers of the trapped context, system
// registers, the return) are each board's own: arm64-kernel.ts, x86_64-kernel.ts.

import { KernelError, type KernelFn, type Trap } from "../kernel-mode";
import type { PhysMem } from "../core/physmem";
import { Access, type Mmu } from "../core/mmu";
import { TRACE_TRAP } from "../core/trace";

export abstract class KernelView {
  /** How the handler ended, for the board: by eret(), by idle(), or not yet. */
  done: "eret" | "idle" | null = null;
  abstract readonly regNames: readonly string[];
  /** How to name the registers in an error ("x0..x30, sp, pc, pstate"). */
  protected abstract readonly regHint: string;
  /** The trapped program counter's register name ("pc", "rip"), for traces. */
  abstract readonly pcReg: string;
  abstract reg(r: number | string): bigint;

  constructor(protected readonly mem: PhysMem, readonly entry: string, readonly trap: Trap,
    private readonly clockNow: () => number, private readonly register: EntryRegistrar) {}

  /** KernelMode.addEntry (kernel-mode.ts): a new entry point in the board's window. */
  addEntry(name: string, fn: (k: never) => void): number {
    this.check();
    return this.register(name, fn);
  }

  /** After eret()/idle() the handler's view is closed: the CPU runs on. */
  protected check(): void {
    if (this.done !== null) throw new KernelError(`kernel handler '${this.entry}' used the machine after ${this.done}()`);
  }

  now(): number { return this.clockNow(); }

  /** The machine's tracer (machine/core/trace.ts), through physical memory. */
  get tracer() { return this.mem.tracer; }

  read(pa: number, size: 1 | 2 | 4 | 8): bigint {
    this.check();
    if (size === 8) return (BigInt(this.mem.read(pa + 4, 4) >>> 0) << 32n) | BigInt(this.mem.read(pa, 4) >>> 0);
    const v = this.mem.read(pa, size);
    return BigInt(size === 4 ? v >>> 0 : v);
  }

  write(pa: number, size: 1 | 2 | 4 | 8, value: bigint): void {
    this.check();
    const v = BigInt.asUintN(64, value);
    if (size === 8) { this.mem.write(pa, 4, Number(v & 0xffffffffn) | 0); this.mem.write(pa + 4, 4, Number(v >> 32n) | 0); return; }
    this.mem.write(pa, size, Number(v & 0xffffffffn) | 0);
  }

  readBytes(pa: number, length: number): Uint8Array {
    this.check();
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.mem.read(pa + i, 1);
    return out;
  }

  writeBytes(pa: number, bytes: Uint8Array): void {
    this.check();
    for (let i = 0; i < bytes.length; i++) this.mem.write(pa + i, 1, bytes[i]);
  }

  /** A register's index from its name (any case) or index; a clear error otherwise. */
  protected index(r: number | string): number {
    const i = typeof r === "number" ? r : this.regNames.indexOf(r.toLowerCase());
    if (!Number.isInteger(i) || i < 0 || i >= this.regNames.length) {
      throw new KernelError(`no register ${String(r)}: use ${this.regHint} (or 0..${this.regNames.length - 1})`);
    }
    return i;
  }
}

/** The board's window allocator, as a handler may use it. */
export type EntryRegistrar = (name: string, fn: (k: never) => void) => number;

/** What a board needs to end a handler's turn: its power state and the ticks a handler costs. */
export interface HandlerContext {
  power: { off: boolean; reset: boolean };
  handlerCost: number;
  clock: { now(): number; advanceTo(t: number): void };
  /** Errors besides KernelError that mean "the kernel did something wrong": name, and how to say it. */
  kernelFaults?: [new (...args: never[]) => Error, string][];
}

/**
 * Run one kernel handler to completion, as both boards do: trace the entry
 * and the return (trap category), turn a KernelError into the run's error
 * message, insist the handler ended with eret() or idle(), and charge its
 * ticks. Returns an error message, or null.
 */
export function runHandler(k: KernelView, fn: KernelFn<never>, ctx: HandlerContext): string | null {
  const tracer = k.tracer;
  if (tracer.trap) traceTrap(k, k.trap.kind);
  try {
    (fn as KernelFn<unknown>)(k as never);
  } catch (err) {
    if (err instanceof KernelError) return `kernel handler '${k.entry}': ${err.message}`;
    for (const [cls, what] of ctx.kernelFaults ?? []) if (err instanceof cls) return `kernel handler '${k.entry}': ${what}: ${err.message}`;
    throw err;
  }
  if (k.done === null && !ctx.power.off && !ctx.power.reset) return `kernel handler '${k.entry}' returned without eret() or idle()`;
  if (tracer.trap && k.done !== null) traceTrap(k, k.done);
  if (ctx.handlerCost > 0) ctx.clock.advanceTo(ctx.clock.now() + ctx.handlerCost);
  return null;
}

function traceTrap(k: KernelView, kind: string): void {
  const wasDone = k.done;
  k.done = null;                                   // read the PC even after eret()
  const pc = k.reg(k.pcReg);
  k.done = wasDone;
  k.tracer.emit(TRACE_TRAP, kind, k.trap.vector, k.trap.code, Number(pc & 0xffffffffn) | 0, Number(pc >> 32n) | 0);
}

/**
 * The physical address privileged code would fetch `va` from, or null if
 * that faults: no TLB fill, no change to the Mmu's fault registers or
 * privilege. The boards' idle() uses it to find the kernel's mapping of
 * the entry window.
 */
export function probeKernelExec(m: Mmu, va: bigint): number | null {
  if (va === 0n) return null;
  const lo = Number(va & 0xffffffffn) | 0, hi = Number((va >> 32n) & 0xffffffffn) | 0;
  const saved = [m.faultLo, m.faultHi, m.faultAccess, m.faultCode, m.faultLevel] as const;
  const user = m.user;
  m.user = false;
  try {
    return m.probe(lo, hi, Access.Exec);
  } catch {
    return null;
  } finally {
    [m.faultLo, m.faultHi, m.faultAccess, m.faultCode, m.faultLevel] = saved;
    m.user = user;
  }
}
