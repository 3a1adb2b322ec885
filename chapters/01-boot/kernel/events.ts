// The kernel's event log: the last EVENT_LOG_SIZE things it did, oldest
// first. The panic path prints it (what led up to the bug) and the debugger
// shows it; tests read it to check that a handler really ran.

import { EVENT_LOG_SIZE, type Kernel, type KernelEvent } from "./kernel";

// @snippet log-event
export function logEvent(kn: Kernel, kind: KernelEvent["kind"], text: string, tid: number | null = kn.state.current): void {
  const log = kn.state.events;
  const last = log[log.length - 1];
  if (kind === "irq" && last !== undefined && last.kind === kind && last.tid === tid && last.text.replace(/ \(x\d+\)$/, "") === text) {
    const n = Number(/ \(x(\d+)\)$/.exec(last.text)?.[1] ?? 1) + 1;   // the same interrupt again: count it, keep the trail readable
    last.text = `${text} (x${n})`;
    last.time = kn.k.now();
    return;
  }
  log.push({ time: kn.k.now(), kind, tid, text });
  if (log.length > EVENT_LOG_SIZE) log.shift();     // a ring: drop the oldest
}
// @end log-event

/** Hex with a 0x prefix, for messages. */
export const hex = (v: number | bigint): string => "0x" + BigInt.asUintN(64, BigInt(v)).toString(16);

/** A trap in one line: kind, what the hardware called it, vector/syndrome, address. */
export function formatTrap(t: import("../../../machine/kernel-mode").Trap): string {
  const parts = [`${t.kind}${t.detail ? ` (${t.detail})` : ""}`, t.fromUser ? "from user mode" : "in the kernel",
    `vector ${t.vector}`, `code ${hex(t.code)}`];
  if (t.address !== null) parts.push(`address ${hex(t.address)}`);
  if (t.access !== null) parts.push(`on ${t.access}`);
  return parts.join(", ");
}
