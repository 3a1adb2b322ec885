// Chapter 03's layer: processes and threads, blocking and waking, timer
// preemption and the MLFQ scheduler, on top of chapters 01 and 02.

import type { KernelBuilder } from "../../01-boot/kernel/builder";
import { initSchedState } from "./state";
import { schedule } from "./sched";
import { killSiblings, registerProcess, threadEnded } from "./processes";
import { wakeSleepers } from "./sleep";
import { onInput } from "./input";
import { quantumOf } from "./policy";
import { SYS3, sysGetpid, sysRead, sysSleep, sysSpawn, sysThread, sysWait, sysYield } from "./syscalls";
import { inspectRunQueues } from "./inspect";
import { parseCmdline } from "../../01-boot/kernel/bootinfo/cmdline";
import type { Kernel } from "../../01-boot/kernel/kernel";

/** A program started at boot gets its argument from the command line: `arg.spawner=spin:4,typist`. */
function bootArg(kn: Kernel, module: string): string {
  return parseCmdline(kn.state.boot.cmdline).words[`arg.${module}`] ?? "";
}

export function install(b: KernelBuilder): void {
  b.initState(initSchedState);

  // @snippet ch03-hooks
  b.wrap("spawn", (earlier) => (kn, module, arg) => {
    const tid = earlier(kn, module, arg === "" && kn.state.current === null ? bootArg(kn, module) : arg);
    registerProcess(kn, tid, module);
    return tid;
  });
  b.wrap("threadExit", (earlier) => (kn, tid, status) => { earlier(kn, tid, status); threadEnded(kn, tid, status); });
  b.wrap("schedule", (earlier) => (kn) => schedule(kn, earlier));
  b.wrap("userFault", (earlier) => (kn, trap) => {
    const tid = kn.state.current;
    earlier(kn, trap);
    if (tid !== null) killSiblings(kn, tid);
  });
  b.wrap("irq", (earlier) => (kn, src) => {
    const typed = kn.state.console.input.length;
    earlier(kn, src);
    if (src === "uart") onInput(kn, typed);
    if (src === "timer") {
      wakeSleepers(kn);
      const r = kn.state.running;                           // quantum used up: give the CPU back at the end of this event
      if (r.tid !== null && kn.state.sched.threads[r.tid] !== undefined && kn.k.now() - r.since >= quantumOf(kn.state.sched, r.tid)) r.preempt = true;
    }
  });
  // @end ch03-hooks

  b.syscall(SYS3.read, "read", sysRead);
  b.syscall(SYS3.yield, "yield", sysYield);
  b.syscall(SYS3.sleep, "sleep", sysSleep);
  b.syscall(SYS3.spawn, "spawn", sysSpawn);
  b.syscall(SYS3.wait, "wait", sysWait);
  b.syscall(SYS3.getpid, "getpid", sysGetpid);
  b.syscall(SYS3.thread, "thread", sysThread);

  b.inspect("run-queues", inspectRunQueues);
}
