/* W^X: code is read-only. Writing to our own instructions must fault. */
#include "mem.h"

int main(void) {
  volatile unsigned char *p = (volatile unsigned char *)main;
  say("reading my code: ");
  say_num("first byte ", p[0]);
  say("writing my code\n");
  p[0] = 0;
  say("survived?!\n");
  return 0;
}
