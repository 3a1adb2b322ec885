// Chapter 01's layer: everything a kernel needs to boot, talk, take traps,
// run a first program and survive it. Later chapters wrap what is here
// (builder.ts); this file only wires the pieces together.

import type { KernelBuilder } from "./builder";
import { initState } from "./state";
import { bootInfoStep, consoleStep } from "./boot";
import { allocFrame, initFrames } from "./frames";
import { trapsStep } from "./entry";
import { dispatchTrap, handleIrq, irqTrap, syscallTrap } from "./trap";
import { dispatchSyscall, SYS, sysExit, sysWrite } from "./syscalls";
import { programsStep, runStep, schedule, spawn, threadExit } from "./threads";
import { userFault } from "./fault";
import { panic } from "./panic";
import { makeX86Hal } from "./hal/x86_64";
import { makeArm64Hal } from "./hal/arm64";

export function install(b: KernelBuilder): void {
  b.setHal({ x86_64: makeX86Hal(), arm64: makeArm64Hal() });
  b.initState(initState);

  // The hooks a later chapter may wrap.
  b.wrap("trap", () => dispatchTrap);
  b.wrap("irq", () => handleIrq);
  b.wrap("syscall", () => dispatchSyscall);
  b.wrap("spawn", () => spawn);
  b.wrap("threadExit", () => threadExit);
  b.wrap("schedule", () => schedule);
  b.wrap("userFault", () => userFault);
  b.wrap("allocFrame", () => allocFrame);
  b.wrap("kva", () => (_kn, pa) => BigInt(pa));              // paging is off: virtual = physical
  b.wrap("panic", () => panic);

  b.onTrap("syscall", (kn) => syscallTrap(kn));
  b.onTrap("irq", (kn) => irqTrap(kn));
  b.syscall(SYS.exit, "exit", sysExit);
  b.syscall(SYS.write, "write", sysWrite);

  // @snippet boot-steps
  b.bootStep("bootinfo", bootInfoStep);
  b.bootStep("console", consoleStep);
  b.bootStep("frames", initFrames);
  b.bootStep("traps", trapsStep);
  b.bootStep("programs", programsStep);
  b.bootStep("run", runStep);               // always last: ends the first event (a later layer's step goes before it)
  // @end boot-steps

  b.inspect("threads", (kn) => kn.state.threads);
  b.inspect("kmem", (kn) => kn.state.kmem);
  b.inspect("events", (kn) => kn.state.events);
}
