/* C wrappers of the MinOS thread and process calls (<minos/minos.h>). */
#if !defined(__MINOS_LINUX_ABI__)
#include <minos/minos.h>
#include "sys.h"

void yield(void) { __syscall(MINOS_SYS_yield, 0, 0, 0, 0, 0, 0); }
void sleep_ticks(unsigned long ticks) { __syscall(MINOS_SYS_sleep, (long)ticks, 0, 0, 0, 0, 0); }
long spawn(const char *module, const char *arg) { return __syscall(MINOS_SYS_spawn, (long)module, (long)arg, 0, 0, 0, 0); }
long waitpid(long pid, int *status) { return __syscall(MINOS_SYS_wait, pid, (long)status, 0, 0, 0, 0); }
long getpid(void) { return __syscall(MINOS_SYS_getpid, 0, 0, 0, 0, 0, 0); }

void thread_exit(int status) {
  for (;;) __syscall(MINOS_SYS_exit, status, 0, 0, 0, 0, 0);
}

/* Where a new thread starts: the kernel put fn and arg in the first two argument registers. */
static void thread_start(void (*fn)(void *), void *arg) {
  fn(arg);
  thread_exit(0);
}

long thread_create(void (*fn)(void *), void *arg, void *stack, unsigned long size) {
  unsigned long top = ((unsigned long)stack + size) & ~15UL;
#if defined(__x86_64__)
  top -= 8;                       /* as if `call` had pushed a return address (SysV: rsp+8 is 16-aligned at entry) */
#endif
  return __syscall(MINOS_SYS_thread, (long)thread_start, (long)top, (long)fn, (long)arg, 0, 0);
}
#endif
