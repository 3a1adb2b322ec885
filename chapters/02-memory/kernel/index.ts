// Chapter 02's layer: on top of chapter 01, the kernel gets a real frame
// allocator, turns paging on, gives every process its own address space
// with demand paging, and checks every user pointer through the page tables.
// builder.ts explains layers; this file only wires the pieces in.

import type { KernelBuilder } from "../../01-boot/kernel/builder";
import { SYS } from "../../01-boot/kernel/syscalls";
import { pidOf, processAlive } from "../../01-boot/kernel/kernel";
import { initMemoryState } from "./state";
import { initFrameAllocator, kernelFrame } from "./frames";
import { kva, pagingStep, printAccounting } from "./paging";
import { destroySpace, switchSpace } from "./address-space";
import { pageFault } from "./memfault";
import { sysWritePaged } from "./syscalls";
import { inspectFrames, inspectInvariants, inspectSpaces } from "./inspect";
import { installProgram } from "./program";

export function install(b: KernelBuilder): void {
  b.initState(initMemoryState);

  // @snippet ch02-steps
  b.bootStep("memory", initFrameAllocator, { after: "frames" });
  b.bootStep("paging", pagingStep, { before: "traps" });
  b.bootStep("kmem-report", printAccounting, { after: "traps" });
  // @end ch02-steps

  // @snippet ch02-hooks
  b.wrap("allocFrame", (earlier) => (kn, purpose) =>          // the real allocator, once "memory" has run
    kn.state.frames.owner.length > 0 ? kernelFrame(kn, purpose) : earlier(kn, purpose));
  b.wrap("kva", kva);
  b.wrap("threadExit", (earlier) => (kn, tid, status) => {
    earlier(kn, tid, status);
    const pid = pidOf(kn, tid);
    if (!processAlive(kn, pid)) destroySpace(kn, pid);        // the process's last thread: its memory goes back
  });
  b.wrap("schedule", (earlier) => (kn) => {
    const tid = earlier(kn);
    const pid = tid === null ? null : pidOf(kn, tid);
    if (pid !== null && kn.state.spaces[pid] !== undefined) switchSpace(kn, pid);   // the next thread's user half
    return tid;
  });
  b.onTrap("page-fault", pageFault);
  b.syscall(SYS.write, "write", sysWritePaged);
  // @end ch02-hooks

  b.inspect("frames", inspectFrames);
  b.inspect("address-space", inspectSpaces);
  b.inspect("invariants", inspectInvariants);

  // The program loader (program.ts: position-independent executables, ASLR, brk) takes over `spawn`.
  installProgram(b);
}
