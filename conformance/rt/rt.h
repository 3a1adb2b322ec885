/* The conformance runtime: just enough of a C library for the corpus.
 *
 * Every program in conformance/src includes this header and nothing else
 * from outside the compiler's freestanding headers (stdint.h, stddef.h,
 * stdarg.h, limits.h). Output goes through a small buffer and leaves via the
 * write(2) system call; the process ends with exit_group(2).
 */
#ifndef RT_H
#define RT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>

#if defined(__x86_64__)
#define SYS_write 1
#define SYS_exit_group 231
#elif defined(__aarch64__)
#define SYS_write 64
#define SYS_exit_group 94
#else
#error "conformance runtime: unsupported architecture"
#endif

long rt_syscall3(long nr, long a, long b, long c);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int puts(const char *s);
void flush(void);
void rt_exit(int status) __attribute__((noreturn));
#define exit rt_exit

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Keep the optimiser from folding a value computed from constants at compile
 * time: the CPU under test must do the arithmetic, not gcc. */
#ifdef __minos__
/* MinOS's compiler does no constant folding across statements, and has no
 * statement expressions or inline asm: the value is opaque already. */
#define OPAQUE(x) (x)
#else
#define OPAQUE(x) ({ __auto_type _v = (x); __asm__ volatile("" : "+r"(_v)); _v; })
#endif

#endif
