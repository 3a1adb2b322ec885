/* The system calls libc makes, and their numbers for each runtime: the
 * MinOS ABI (<minos/syscall.h>, the default) or, with `minos cc --linux`,
 * Linux's (for conformance runs under `minos run --linux` and qemu-user).
 * Both use the same registers and instructions (see <minos/syscall.h>), so
 * crt0's __syscall serves both. */
#ifndef _LIBC_SYS_H
#define _LIBC_SYS_H
#include <stddef.h>

#if !defined(__MINOS_LINUX_ABI__)
#include <minos/syscall.h>
#define SYS_read MINOS_SYS_read
#define SYS_write MINOS_SYS_write
#define SYS_brk MINOS_SYS_brk
#define SYS_exit_group MINOS_SYS_exit
#elif defined(__x86_64__)
#define SYS_read 0
#define SYS_write 1
#define SYS_brk 12
#define SYS_exit_group 231
#elif defined(__aarch64__)
#define SYS_read 63
#define SYS_write 64
#define SYS_brk 214
#define SYS_exit_group 94
#endif

long __syscall(long nr, long a, long b, long c, long d, long e, long f);
#define __sys1(n, a) __syscall(n, (long)(a), 0, 0, 0, 0, 0)
#define __sys3(n, a, b, c) __syscall(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)

void __stdio_flush_all(void);
#endif
