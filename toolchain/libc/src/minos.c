/* C wrappers of the MinOS thread and process calls (<minos/minos.h>). */
#if !defined(__MINOS_LINUX_ABI__)
#include <minos/minos.h>
#include "sys.h"

void yield(void) { __syscall(MINOS_SYS_yield, 0, 0, 0, 0, 0, 0); }
void sleep_ticks(unsigned long ticks) { __syscall(MINOS_SYS_sleep, (long)ticks, 0, 0, 0, 0, 0); }
long spawn(const char *module, const char *arg) { return __syscall(MINOS_SYS_spawn, (long)module, (long)arg, 0, 0, 0, 0); }
long waitpid(long pid, int *status) { return __syscall(MINOS_SYS_wait, pid, (long)status, 0, 0, 0, 0); }
long getpid(void) { return __syscall(MINOS_SYS_getpid, 0, 0, 0, 0, 0, 0); }
#endif
