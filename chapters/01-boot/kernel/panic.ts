// The panic path: the kernel found a bug in itself (an exception in a
// handler, a fault in kernel mode, an impossible state). It cannot trust
// anything any more, so it only reports: the message, the trap it was
// handling, the registers, and the last things it did; then it powers off
// with status 100 once the console has drained. Never a silent hang.

import type { Kernel } from "./kernel";
import { kprint } from "./console";
import { formatTrap, hex, logEvent } from "./events";
import { finish, trapsStep } from "./entry";

export const PANIC_STATUS = 100;
/** How many of the last events the dump shows. */
const TRAIL = 16;

// @snippet panic
export function panic(kn: Kernel, message: string): void {
  const s = kn.state;
  if (s.panicked !== null) { kn.hal.powerOff(kn.k, PANIC_STATUS); return; }   // a panic while panicking: stop at once
  s.panicked = message;
  s.shutdown = { status: PANIC_STATUS, reason: `panic: ${message}` };
  earlyTraps(kn);
  try {
    logEvent(kn, "panic", message);
    kprint(kn, `PANIC: ${message}\n`);
    kprint(kn, `trap: ${formatTrap(kn.k.trap)}\n`);
    kprint(kn, "registers:\n" + formatRegisters(kn.hal.dumpRegisters(kn.k)));
    kprint(kn, "last kernel events (oldest first):\n");
    for (const e of s.events.slice(-TRAIL)) kprint(kn, `  [${e.time}] ${e.kind}${e.tid === null ? "" : ` pid ${e.tid}`}: ${e.text}\n`);
  } catch (err) {
    kprint(kn, `(the panic report itself failed: ${err instanceof Error ? err.message : String(err)})\n`);
  }
  finish(kn);
}
// @end panic

/** Three registers per line, 64-bit hex. */
function formatRegisters(regs: [string, bigint][]): string {
  let out = "";
  regs.forEach(([name, v], i) => {
    out += `  ${name.padEnd(10)} ${hex(v).slice(2).padStart(16, "0")}`;
    if (i % 3 === 2 || i === regs.length - 1) out += "\n";
  });
  return out;
}

/**
 * A panic during boot, after the console and the frame allocator but before
 * the trap vectors: install them now, or the kernel could never wait for
 * the UART to take the report (without interrupts, nothing ever tells it).
 * A panic before that is reported only by the power-off status.
 */
function earlyTraps(kn: Kernel): void {
  const s = kn.state;
  if (s.trapsUp || !s.consoleUp || s.bump.regions.length === 0) return;
  try { trapsStep(kn); } catch { /* the trap setup itself may be the bug: power off without the full report */ }
}
