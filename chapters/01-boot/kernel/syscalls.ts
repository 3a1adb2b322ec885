// System calls in chapter 01: the dispatch (number -> handler, or -ENOSYS)
// and the two calls a first program needs, exit and write. Numbers and
// registers are the MinOS ABI (toolchain/libc/include/minos/syscall.h);
// errors are negative errno values, as Linux returns them.

import { currentThread, type Kernel } from "./kernel";
import { consoleWriteBytes } from "./console";
import { hex, logEvent } from "./events";

export const SYS = { exit: 0, write: 1 } as const;
export const ENOSYS = 38n, EFAULT = 14n, EBADF = 9n;

// @snippet dispatch-syscall
export function dispatchSyscall(kn: Kernel, nr: number, args: bigint[]): bigint {
  // @exercise syscall-dispatch 3 "Look nr up in kn.tables.syscalls; call its fn with args. Unknown number: log an event and return -ENOSYS."
  const call = kn.tables.syscalls.get(nr), tid = kn.state.current;
  if (call === undefined) {
    logEvent(kn, "syscall", `unknown system call ${nr} = -ENOSYS`);
    return -ENOSYS;
  }
  const result = call.fn(kn, args);
  logEvent(kn, "syscall", `${call.name}(${args.slice(0, 3).map(hex).join(", ")}) = ${BigInt.asIntN(64, result)}`, tid);
  return result;
  // @end syscall-dispatch
}
// @end dispatch-syscall

/** exit(status): the thread ends; the scheduler picks the next one. */
export function sysExit(kn: Kernel, args: bigint[]): bigint {
  const t = currentThread(kn);
  if (t !== null) kn.hooks.threadExit(kn, t.tid, Number(args[0] & 0xffn));
  return 0n;
}

// @snippet sys-write
/** write(fd, buf, len): fd 1 and 2 are the console. The buffer must lie inside the caller's own memory. */
export function sysWrite(kn: Kernel, [fd, buf, len]: bigint[]): bigint {
  if (fd !== 1n && fd !== 2n) return -EBADF;
  if (len === 0n) return 0n;
  if (!userRange(kn, buf, len)) return -EFAULT;
  consoleWriteBytes(kn, kn.k.readBytes(Number(buf), Number(len)));   // no paging yet: the address is physical
  return len;
}

/** Is [va, va+len) entirely inside one region the current thread owns (its program or its stack)? */
export function userRange(kn: Kernel, va: bigint, len: bigint): boolean {
  // @exercise write-range 3 "The range must lie inside ONE region of kn.state.images[current tid]; beware va + len wrapping past 2^64 and a region's end."
  const regions = kn.state.current === null ? [] : kn.state.images[kn.state.current] ?? [];
  const end = va + len;                                     // bigints do not wrap, so a huge len cannot sneak past
  return regions.some((r) => va >= BigInt(r.base) && end <= BigInt(r.base + r.size));
  // @end write-range
}
// @end sys-write
