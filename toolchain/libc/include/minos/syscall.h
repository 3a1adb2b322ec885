/* The MinOS system-call ABI, version 1: how a user program asks the kernel.
 *
 *   x86_64:  `syscall`; number in rax; arguments in rdi, rsi, rdx, r10, r8, r9;
 *            result in rax; rcx and r11 are clobbered (the SYSCALL instruction
 *            saves RIP and RFLAGS there).
 *   AArch64: `svc #0`; number in x8; arguments in x0..x5; result in x0.
 *
 * The registers are Linux's on purpose, so a student can compare the two;
 * the numbers are MinOS's own. A negative result is an error: -MINOS_E*
 * (the errno values of <errno.h>). Chapters add calls as the kernel grows
 * (chapter 01: write and exit (which ends the calling thread; a process ends
 * with its last thread); 02: brk; 03: the rest of this list; 04 and 05:
 * IPC and capability invocations). */
#ifndef _MINOS_SYSCALL_H
#define _MINOS_SYSCALL_H

#define MINOS_SYS_exit   0   /* exit(int status): never returns */
#define MINOS_SYS_write  1   /* write(int fd, const void *buf, size_t len) -> bytes written */
#define MINOS_SYS_read   2   /* read(int fd, void *buf, size_t len) -> bytes read (a console line) */
#define MINOS_SYS_yield  3   /* yield(void) */
#define MINOS_SYS_sleep  4   /* sleep(unsigned long ticks) */
#define MINOS_SYS_spawn  5   /* spawn(const char *module, const char *arg) -> pid */
#define MINOS_SYS_wait   6   /* wait(long pid, int *status) -> pid */
#define MINOS_SYS_brk    7   /* brk(void *end) -> the new (or current) end of the heap */
#define MINOS_SYS_getpid 8   /* getpid(void) -> pid */
#define MINOS_SYS_thread 9   /* thread(entry, stack_top, a0, a1) -> tid: a new thread in this process */

#endif
