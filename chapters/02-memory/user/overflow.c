/* Unbounded recursion runs off the bottom of the stack into the guard page. */
#include "mem.h"

static long deeper(long n) {
  volatile char frame[512];
  frame[0] = (char)n;
  if (n % 16 == 0) say_num("depth ", n);
  return deeper(n + 1) + frame[0];
}

int main(void) {
  say("recursing\n");
  return (int)deeper(1);
}
