// Dispatching a trap by kind, and the two kinds chapter 01 handles itself:
// system calls and interrupts. Everything else a user program causes goes
// to its kind's handler in kn.tables.traps (a later chapter adds, say,
// "page-fault"), and by default to userFault. A trap from the kernel itself
// (not an interrupt) is a kernel bug.

import type { Trap } from "../../../machine/kernel-mode";
import { currentThread, type Kernel } from "./kernel";
import { consoleFlush } from "./console";
import { logEvent } from "./events";

// @snippet trap-dispatch
export function dispatchTrap(kn: Kernel, trap: Trap): void {
  if (!trap.fromUser && trap.kind !== "irq") throw new Error(`${trap.kind} (${trap.detail || "no detail"}) in kernel mode, vector ${trap.vector}`);
  const handler = kn.tables.traps.get(trap.kind);
  if (handler !== undefined) handler(kn, trap);
  else kn.hooks.userFault(kn, trap);                        // nothing more specific: the program did something it may not
}
// @end trap-dispatch

// @snippet syscall-trap
/** A system call: arguments from the saved registers, the result back into them (if the thread is still alive). */
export function syscallTrap(kn: Kernel): void {
  const t = currentThread(kn);
  if (t === null) throw new Error("a system call with no current thread");
  const { nr, args } = kn.hal.syscallArgs(t.context);
  const result = kn.hooks.syscall(kn, nr, args);
  if (t.status === "running") kn.hal.setResult(t.context, result);
}
// @end syscall-trap

/** An interrupt: ask the controller who it was, handle it, acknowledge it. */
export function irqTrap(kn: Kernel): void {
  const src = kn.hal.irqSource(kn.k);
  logEvent(kn, "irq", typeof src === "string" ? src : `irq ${src.other}`);
  kn.hooks.irq(kn, src);
  kn.hal.endIrq(kn.k, src);
}

// @snippet irq
/** The console's interrupts: bytes arrived (keep them), or the transmit FIFO emptied (refill it). The timer needs nothing here. */
export function handleIrq(kn: Kernel, src: import("./kernel").IrqSource): void {
  if (src === "uart") {
    kn.hal.consoleReceive(kn.k, kn.state.console.input);
    consoleFlush(kn);
  }
}
// @end irq
