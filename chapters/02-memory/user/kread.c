/* The kernel half is mapped in every address space, but supervisor-only:
 * a user program that reads it faults. */
#include "mem.h"

int main(void) {
#ifdef __x86_64__
  volatile long *k = (volatile long *)0xffff800000100000;   /* the direct map of physical 1 MiB */
#else
  volatile long *k = (volatile long *)0xffff000040000000;   /* the direct map of the start of RAM */
#endif
  say("reading the kernel half\n");
  say_num("got ", *k);
  return 0;
}
