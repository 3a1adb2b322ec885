/* TLB maintenance: touch a page, have the kernel take it away (the test
 * kernel's system call 251 shrinks our data region below it, as brk does),
 * then touch it again. With the TLB entry flushed, the second touch faults;
 * a kernel that forgot the flush would let it through to a freed frame. */
#include "mem.h"

static char arr[8 * 4096];

int main(void) {
  char *p = &arr[4 * 4096];
  p[0] = 1;
  say_num("shrunk ", __syscall(251, (long)p, 0, 0, 0, 0, 0));
  say("touching again\n");
  p[0] = 2;
  say("survived\n");
  return 0;
}
