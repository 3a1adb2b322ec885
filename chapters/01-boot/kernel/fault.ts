// A user program did something the CPU would not let it do: executed a
// privileged instruction, touched memory it may not, hit an undefined
// opcode. The kernel is not hurt: it reports what happened, kills the
// program (an exit status of 128 + a signal-like number, as a Unix shell
// shows a program killed by a signal), and carries on with the next one.

import { currentThread, type Kernel } from "./kernel";
import type { Trap } from "../../../machine/kernel-mode";
import { kprint } from "./console";
import { hex, logEvent } from "./events";

/** The signal Linux would send for this kind of trap (signal(7) numbers). */
export function signalFor(trap: Trap): number {
  switch (trap.kind) {
    case "undefined": return 4;          // SIGILL
    case "breakpoint": return 5;         // SIGTRAP
    case "alignment": return 7;          // SIGBUS
    default: return 11;                  // SIGSEGV: page faults, #GP (privileged instructions on x86), the rest
  }
}

// @snippet report-fault
export function userFault(kn: Kernel, trap: Trap): void {
  // @exercise user-fault 2 "Find the current thread, print 'fault: pid N (name) <what> at pc 0x..: killed (status S)' with S = 128 + signalFor(trap), then kn.hooks.threadExit."
  const t = currentThread(kn);
  if (t === null || !trap.fromUser) throw new Error(`${trap.kind} (${trap.detail}) in the kernel itself`);
  const status = 128 + signalFor(trap);
  const what = trap.detail || trap.kind;
  const where = trap.address === null ? "" : `, address ${hex(trap.address)}`;
  kprint(kn, `fault: pid ${t.tid} (${t.name}) ${what}${where} at pc ${hex(kn.hal.pc(t.context))}: killed (status ${status})\n`);
  logEvent(kn, "fault", `${what} at pc ${hex(kn.hal.pc(t.context))}: killed`, t.tid);
  kn.hooks.threadExit(kn, t.tid, status);
  // @end user-fault
}
// @end report-fault
