// Page faults from user mode: the moment demand paging happens. The CPU
// could not translate an address (or the rights forbade the access); the
// kernel looks at the process's regions (address-space.ts faultIn) and
// either maps the page and lets the instruction run again, or hands the
// fault to chapter 01's user-fault path with a sentence saying why - "stack
// overflow", "write to read-only code", "no region holds it" - and the
// process is killed. A page fault in the kernel itself stays a panic.

import type { Kernel } from "../../01-boot/kernel/kernel";
import { currentPid } from "../../01-boot/kernel/kernel";
import type { Trap } from "../../../machine/kernel-mode";
import { logEvent } from "../../01-boot/kernel/events";
import { faultIn, USER_TOP } from "./address-space";
import { OutOfMemory } from "./frames";

// @snippet page-fault
export function pageFault(kn: Kernel, trap: Trap, earlier: (kn: Kernel, trap: Trap) => void): void {
  const pid = currentPid(kn);                               // the address space is the process's
  if (!trap.fromUser || pid === null || kn.state.spaces[pid] === undefined || trap.address === null) { earlier(kn, trap); return; }
  const va = trap.address, access = trap.access ?? "read";
  if (va >= BigInt(USER_TOP)) {
    earlier(kn, { ...trap, detail: `${access} of kernel address 0x${va.toString(16)} (${trap.detail})` });
    return;
  }
  let why: string;
  try {
    const r = faultIn(kn, pid, Number(va), access);
    if (r.ok) { logEvent(kn, "fault", `page-in 0x${va.toString(16)} (${access}) -> frame 0x${r.pa.toString(16)}`, pid); return; }
    why = r.message;
  } catch (err) {
    if (!(err instanceof OutOfMemory)) throw err;
    why = `${access} at 0x${va.toString(16)}: out of memory`;
  }
  earlier(kn, { ...trap, detail: why });
}
// @end page-fault
