/* Small helpers for chapter 02's test programs: print a line right away
 * (straight to the write system call, so nothing is lost in a buffer when
 * the kernel kills the program a moment later) and make raw system calls. */
#ifndef MEM_H
#define MEM_H
#include <stdio.h>

#ifdef __minos__
#include <minos/syscall.h>
long __syscall(long nr, long a, long b, long c, long d, long e, long f);
static long sys_write(const void *buf, long len) { return __syscall(MINOS_SYS_write, 1, (long)buf, len, 0, 0, 0); }
#else
/* Built by gcc for Linux (the tests compare with what Linux does): the same call through glibc. */
#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>
static long sys_write(const void *buf, long len) { long r = syscall(SYS_write, 1, buf, len); return r < 0 ? -errno : r; }
#endif

static void say(const char *s) {
  long n = 0;
  while (s[n]) n++;
  sys_write(s, n);
}

static void say_num(const char *label, long v) {
  char line[96];
  snprintf(line, sizeof line, "%s%ld\n", label, v);
  say(line);
}

static void say_hex(const char *label, unsigned long v) {
  char line[96];
  snprintf(line, sizeof line, "%s0x%lx\n", label, v);
  say(line);
}
#endif
