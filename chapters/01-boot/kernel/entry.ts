// The kernel's one way in. Every trap, fault, interrupt and system call,
// on either arch, arrives here (the HAL pointed every vector at it), and
// every visit ends one of three ways: back to a user program, waiting for
// the next interrupt, or powering off. Nothing in between waits.

import type { KernelMode } from "../../../machine/kernel-mode";
import { currentThread, type Kernel } from "./kernel";
import { consoleFlush, consoleIdle } from "./console";
import { logEvent } from "./events";

/** How long to wait for the UART's last bits when nothing else will interrupt (virtual ticks). */
const DRAIN_POLL = 2000;

// @snippet step-traps
/** "traps": the HAL installs the vectors; every event then comes to onEvent. */
export function trapsStep(kn: Kernel): void {
  const frames = kn.hal.installTraps(kn.k, (k) => onEvent(kn, k),
    () => kn.hooks.allocFrame(kn, "trap tables and kernel stack"), (pa) => kn.hooks.kva(kn, pa));
  kn.state.trapsUp = true;
  logEvent(kn, "boot", `trap vectors installed (${frames.length} frames)`, null);
}
// @end step-traps

// @snippet on-event
export function onEvent(kn: Kernel, k: KernelMode): void {
  kn.k = k;                                                 // the machine's view, valid for this event only
  const trap = k.trap;
  if (kn.state.panicked !== null) { afterPanic(kn); return; }
  const t = currentThread(kn);
  if (trap.fromUser && t !== null) kn.hal.saveUser(k, t.context);   // the thread's registers, before anything else
  try {
    kn.hooks.trap(kn, trap);
  } catch (err) {
    // An exception here is a bug in the kernel, never the user's fault: panic.
    kn.hooks.panic(kn, `while handling ${trap.kind}: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  resume(kn);
}
// @end on-event

// @snippet resume
/** End the event: run a thread, or wait for an interrupt, or (shutting down) power off once the console has drained. */
export function resume(kn: Kernel): void {
  const s = kn.state;
  consoleFlush(kn);
  if (s.shutdown === null) {
    const tid = kn.hooks.schedule(kn);
    const t = tid === null ? undefined : s.threads.find((x) => x.tid === tid);
    if (t !== undefined) {
      if (s.current !== t.tid) logEvent(kn, "switch", `run pid ${t.tid} (${t.name})`, t.tid);
      s.current = t.tid;
      t.status = "running";
      kn.hal.enterUser(kn.k, t.context);
      return;
    }
    s.current = null;
  }
  if (s.shutdown !== null) { finish(kn); return; }
  kn.hal.idle(kn.k);
}

/** Shutting down: power off when every byte has left the UART, else wait for it (its interrupt, or a timer for the last bits). */
export function finish(kn: Kernel): void {
  const s = kn.state, status = s.shutdown?.status ?? 0;
  if (consoleIdle(kn) || !s.trapsUp) {                      // without trap vectors there is no waiting at all
    logEvent(kn, "info", `power off, status ${status}`, null);
    kn.hal.powerOff(kn.k, status);
    return;
  }
  if (s.console.out.length === 0) kn.hal.setTimer(kn.k, DRAIN_POLL);
  kn.hal.idle(kn.k);
}
// @end resume

/** After a panic only the console matters: keep it draining, then power off. */
function afterPanic(kn: Kernel): void {
  try {
    if (kn.k.trap.kind === "irq") {
      const src = kn.hal.irqSource(kn.k);
      kn.hal.endIrq(kn.k, src);
    }
    consoleFlush(kn);
  } catch { /* the interrupt path may be what is broken: power off below regardless */ }
  finish(kn);
}
