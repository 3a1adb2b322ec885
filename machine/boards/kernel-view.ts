// What every board's KernelMode shares (machine/kernel-mode.ts): physical
// memory and MMIO through the bus, the rule that a handler's view closes once
// it has called eret() or idle(), and finding a register by name or index.
// The arch-specific parts (registers of the trapped context, system
// registers, the return) are each board's own: arm64-kernel.ts, x86_64-kernel.ts.

import { KernelError, type Trap } from "../kernel-mode";
import type { PhysMem } from "../core/physmem";

export abstract class KernelView {
  /** How the handler ended, for the board: by eret(), by idle(), or not yet. */
  done: "eret" | "idle" | null = null;
  abstract readonly regNames: readonly string[];
  /** How to name the registers in an error ("x0..x30, sp, pc, pstate"). */
  protected abstract readonly regHint: string;

  constructor(protected readonly mem: PhysMem, readonly entry: string, readonly trap: Trap,
    private readonly clockNow: () => number) {}

  /** After eret()/idle() the handler's view is closed: the CPU runs on. */
  protected check(): void {
    if (this.done !== null) throw new KernelError(`kernel handler '${this.entry}' used the machine after ${this.done}()`);
  }

  now(): number { return this.clockNow(); }

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
