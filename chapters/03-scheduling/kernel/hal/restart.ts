// Restarting a system call: a thread that blocks in read() or wait() is
// put back one instruction, onto its `syscall` / `svc #0`, so that when it
// runs again it simply makes the call again and finds what it waited for
// (Linux does the same with -ERESTARTSYS). Its argument registers are
// untouched: the kernel never wrote a result.

import type { Arch } from "../../../../machine/core/cpu";
import type { Hal } from "../../../01-boot/kernel/hal/hal";
import type { UserContext } from "../../../01-boot/kernel/kernel";

/** Bytes of the system-call instruction: SYSCALL is 0F 05 (SDM Vol. 2B), SVC is one A64 word (C6.2.365). */
const SYSCALL_LENGTH: Record<Arch, bigint> = { x86_64: 2n, arm64: 4n };
/** The context register that holds the user PC. */
const PC_NAME: Record<Arch, string> = { x86_64: "rip", arm64: "pc" };

export function restartSyscall(hal: Hal, ctx: UserContext): void {
  const i = hal.contextRegs.indexOf(PC_NAME[hal.arch]);
  if (i < 0) throw new Error(`restartSyscall: the ${hal.arch} HAL has no ${PC_NAME[hal.arch]} in its context`);
  ctx.regs[i] = BigInt.asUintN(64, ctx.regs[i] - SYSCALL_LENGTH[hal.arch]);
}
