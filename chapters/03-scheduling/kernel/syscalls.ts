// The system calls that make threads and processes usable (MinOS ABI v1,
// toolchain/libc/include/minos/syscall.h): yield, sleep, spawn, wait,
// getpid and read. A call that must wait blocks its thread (sleep.ts):
// sleep writes its result at once and is woken by the timer; read and wait
// are *restarted* when woken — the thread makes the same call again and
// this time finds its line or its child.

import { currentThread, type Kernel } from "../../01-boot/kernel/kernel";
import { ProgramError } from "../../01-boot/kernel/program-error";
import { copyToUser, strFromUser } from "../../02-memory/kernel/uaccess";
import { restartSyscall } from "./hal/restart";
import { childrenOf } from "./processes";
import { block } from "./sleep";
import { takeLine } from "./input";
import { admit } from "./policy";

export const SYS3 = { read: 2, yield: 3, sleep: 4, spawn: 5, wait: 6, getpid: 8, thread: 9 } as const;
const EFAULT = 14n, EBADF = 9n, ECHILD = 10n, ENOENT = 2n, ENOEXEC = 8n, EINVAL = 22n, ESRCH = 3n;
/** The user half ends here (47-bit user addresses on both machines, chapter 02). */
const USER_TOP = 1n << 47n;

function me(kn: Kernel) {
  const t = currentThread(kn);
  if (t === null) throw new Error("a system call with no current thread");
  return t;
}

/** yield(): back of its level's queue; someone else may run. */
export function sysYield(kn: Kernel): bigint {
  kn.state.running.preempt = true;
  return 0n;
}

// @snippet sys-sleep
/** sleep(ticks): blocked until virtual time has moved on by `ticks`; returns 0. */
export function sysSleep(kn: Kernel, [ticks]: bigint[]): bigint {
  const t = me(kn);
  if (ticks === 0n) return sysYield(kn);
  const until = kn.k.now() + Number(BigInt.asUintN(48, ticks));
  block(kn, t.tid, { kind: "sleep", until });
  kn.hal.setResult(t.context, 0n);                          // it will not pass through the syscall's return again
  return 0n;
}
// @end sys-sleep

/** spawn(module, arg): a new process running boot module `module` with one argument; its pid. */
export function sysSpawn(kn: Kernel, [modPtr, argPtr]: bigint[]): bigint {
  const module = strFromUser(kn, modPtr, 64);
  const arg = argPtr === 0n ? "" : strFromUser(kn, argPtr, 256);
  if (module === null || arg === null) return -EFAULT;
  try {
    return BigInt(kn.hooks.spawn(kn, module, arg));
  } catch (err) {
    if (!(err instanceof ProgramError)) throw err;
    return /no boot module/.test(err.message) ? -ENOENT : -ENOEXEC;
  }
}

// @snippet sys-wait
/** wait(pid, status): collect an exited child (pid -1: any); block until one exits. */
export function sysWait(kn: Kernel, [pidArg, statusPtr]: bigint[]): bigint {
  // @exercise sys-wait 4 "Children of the caller that pidArg selects (-1: any; none: -ECHILD). An exited one: copy its status out (int32), delete it from processes, return its pid. None exited yet: block for {child} and restart the call."
  const t = me(kn), pid = kn.state.tinfo[t.tid].pid;
  const want = Number(BigInt.asIntN(64, pidArg));
  const kids = childrenOf(kn, pid, want);
  if (kids.length === 0) return -ECHILD;
  const done = kids.find((p) => p.exitStatus !== null);
  if (done === undefined) {
    block(kn, t.tid, { kind: "child", pid: want });
    restartSyscall(kn.hal, t.context);                      // when a child exits, the call is made again
    return 0n;
  }
  if (statusPtr !== 0n) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, done.exitStatus!, true);
    if (!copyToUser(kn, statusPtr, b)) return -EFAULT;
  }
  delete kn.state.processes[done.pid];                      // reaped: the zombie is gone
  return BigInt(done.pid);
  // @end sys-wait
}
// @end sys-wait

export function sysGetpid(kn: Kernel): bigint {
  return BigInt(kn.state.tinfo[me(kn).tid]?.pid ?? me(kn).tid);
}

// @snippet sys-read
/** read(0, buf, len): one line of console input (at most len bytes); blocks until a line has been typed. */
export function sysRead(kn: Kernel, [fd, buf, len]: bigint[]): bigint {
  const t = me(kn);
  if (fd !== 0n) return -EBADF;
  if (len === 0n) return 0n;
  if (len > 0x7fffffffn) return -EINVAL;
  const line = takeLine(kn, Number(len));
  if (line === null) {
    block(kn, t.tid, { kind: "input" });
    restartSyscall(kn.hal, t.context);
    return 0n;
  }
  if (!copyToUser(kn, buf, line)) { kn.state.console.input.unshift(...line); return -EFAULT; }
  const info = kn.state.tinfo[t.tid];
  if (info.inputAt >= 0) {
    const lat = kn.state.switchStats.inputLatency;
    lat.push(kn.k.now() - info.inputAt);
    if (lat.length > 64) lat.shift();
    info.inputAt = -1;
  }
  return BigInt(line.length);
}
// @end sys-read

// @snippet sys-thread
/**
 * thread(entry, stackTop, a0, a1): a new thread in the caller's process —
 * just a register file and a place in the scheduler; the address space,
 * the heap and everything else are shared. This is what makes a thread
 * cheaper than a process: nothing is loaded, no page table is made.
 */
export function sysThread(kn: Kernel, [entry, stackTop, a0, a1]: bigint[]): bigint {
  const t = me(kn), pid = kn.state.tinfo[t.tid].pid, proc = kn.state.processes[pid];
  if (proc === undefined) return -ESRCH;
  if (entry >= USER_TOP || stackTop >= USER_TOP || stackTop < 4096n) return -EINVAL;
  const tid = kn.state.nextTid++;
  kn.state.threads.push({ tid, pid, name: `${proc.name}.${proc.threads.length}`, status: "runnable", exitStatus: null,
    context: kn.hal.newContext(entry, stackTop, [a0, a1]) });
  kn.state.images[tid] = [];
  proc.threads.push(tid);
  kn.state.tinfo[tid] = { pid, cpu: 0, waiting: null, inputAt: -1 };
  admit(kn.state.sched, tid, kn.k.now());
  return BigInt(tid);
}
// @end sys-thread
