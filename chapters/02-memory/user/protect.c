/* TLB maintenance: write a page, have the kernel make it read-only (the
 * test kernel's system call 252, as mprotect would), then write again. With
 * the TLB entry flushed the second write faults; a kernel that forgot the
 * flush would let it through the old, writable translation. */
#include "mem.h"

static char arr[4 * 4096];

int main(void) {
  char *p = &arr[2 * 4096];
  p[0] = 1;
  say_num("protected ", __syscall(252, (long)p, 0, 0, 0, 0, 0));
  say_num("still reads ", p[0]);
  p[0] = 2;
  say("survived\n");
  return 0;
}
