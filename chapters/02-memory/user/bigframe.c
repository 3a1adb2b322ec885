/* Recursion with frames bigger than the guard page: a frame can step right
 * over the guard, so the first touch lands below it. The kernel still calls
 * that a stack overflow (a fault just below a guard), not a wild pointer. */
#include "mem.h"

static long deeper(long n) {
  volatile char frame[3 * 4096];
  frame[0] = (char)n;                     /* the lowest byte of the frame first */
  frame[sizeof frame - 1] = (char)n;
  return deeper(n + 1) + frame[0];
}

int main(void) {
  say("recursing in big steps\n");
  return (int)deeper(1);
}
