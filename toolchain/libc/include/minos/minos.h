/* The MinOS system calls that have no C-library name: threads and
 * processes (chapter 03). The calls are in <minos/syscall.h>; these are
 * their C wrappers. Not available with `minos cc --linux`. */
#ifndef _MINOS_MINOS_H
#define _MINOS_MINOS_H
#include <minos/syscall.h>

/* Give up the CPU; the thread stays runnable. */
void yield(void);
/* Sleep for `ticks` of virtual time (instructions retired). */
void sleep_ticks(unsigned long ticks);
/* Start the boot module `module` as a new process with one argument; returns its pid, or -errno. */
long spawn(const char *module, const char *arg);
/* Wait for child `pid` (or any child if pid is -1) to exit; stores its status; returns its pid, or -errno. */
long waitpid(long pid, int *status);
/* This process's id. */
long getpid(void);
/* Start fn(arg) as a new thread of this process on the given stack (size bytes at stack);
 * returns its tid, or -errno. The thread ends when fn returns (or calls thread_exit). */
long thread_create(void (*fn)(void *), void *arg, void *stack, unsigned long size);
/* End the calling thread (the process ends with its last thread). */
void thread_exit(int status);

#endif
