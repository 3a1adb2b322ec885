// The Linux system calls a static user program needs, for both arches.
//
// This is not MinOS: it is a small stand-in for Linux (like qemu-user's),
// so that real compilers' output can run on our CPUs and be compared with
// qemu. Calls we do not emulate return -ENOSYS, and the runner names them
// in a warning, so a program that needs more fails visibly, not silently.

import type { Arch } from "../machine/core/cpu";

export type SyscallName =
  | "read" | "write" | "writev" | "close" | "fstat" | "exit" | "exit_group" | "brk" | "mmap" | "munmap"
  | "mprotect" | "uname" | "arch_prctl" | "set_tid_address" | "getpid" | "gettid" | "getrandom"
  | "clock_gettime" | "rt_sigaction" | "rt_sigprocmask" | "ioctl" | "prlimit64" | "readlinkat"
  | "set_robust_list" | "rseq" | "madvise" | "openat" | "lseek" | "kill" | "tgkill";

/** Syscall numbers: arch/x86/entry/syscalls/syscall_64.tbl and include/uapi/asm-generic/unistd.h. */
export const SYSCALL_NUMBERS: Record<Arch, Partial<Record<SyscallName, number>>> = {
  x86_64: {
    read: 0, write: 1, close: 3, fstat: 5, lseek: 8, mmap: 9, mprotect: 10, munmap: 11, brk: 12,
    rt_sigaction: 13, rt_sigprocmask: 14, ioctl: 16, writev: 20, madvise: 28, getpid: 39, exit: 60,
    kill: 62, uname: 63, arch_prctl: 158, gettid: 186, set_tid_address: 218, clock_gettime: 228,
    exit_group: 231, tgkill: 234, openat: 257, readlinkat: 267, set_robust_list: 273, prlimit64: 302,
    getrandom: 318, rseq: 334,
  },
  arm64: {
    ioctl: 29, openat: 56, close: 57, lseek: 62, read: 63, write: 64, writev: 66, readlinkat: 78,
    fstat: 80, exit: 93, exit_group: 94, set_tid_address: 96, set_robust_list: 99, clock_gettime: 113,
    rt_sigaction: 134, rt_sigprocmask: 135, kill: 129, tgkill: 131, uname: 160, getpid: 172,
    gettid: 178, brk: 214, munmap: 215, mmap: 222, mprotect: 226, madvise: 233, prlimit64: 261,
    getrandom: 278, rseq: 293,
  },
};

/** Where the number, the arguments and the result live (register indices of Cpu.getReg). */
export const SYSCALL_REGS: Record<Arch, { nr: number; args: number[]; ret: number }> = {
  // System V AMD64 ABI A.2.1: rax; rdi, rsi, rdx, r10, r8, r9; result in rax
  x86_64: { nr: 0, args: [7, 6, 2, 10, 8, 9], ret: 0 },
  // Linux arm64: x8; x0..x5; result in x0
  arm64: { nr: 8, args: [0, 1, 2, 3, 4, 5], ret: 0 },
};

export function syscallName(arch: Arch, nr: number): SyscallName | undefined {
  const table = SYSCALL_NUMBERS[arch];
  return (Object.keys(table) as SyscallName[]).find((k) => table[k] === nr);
}

// errno values (include/uapi/asm-generic/errno-base.h)
export const ENOENT = 2, EBADF = 9, ENOMEM = 12, EFAULT = 14, EINVAL = 22, ENOTTY = 25, ENOSYS = 38;
