/* Exit status: exit() called from deep inside nested calls ends the process
 * at once (exit_group), and the status the parent sees is the low 8 bits
 * (wait(2)): 300 is reported as 44. Nothing after exit() may print. */
#include "rt.h"

static int deeper(int depth, int code) {
  if (depth == 0) { printf("exiting with %d from the bottom\n", code); exit(code); }
  if (depth < 0) return -1;
  int r = deeper(depth - 1, code);
  printf("not reached %d\n", depth);
  return r + 1;
}

int main(void) {
  printf("start\n");
  deeper(OPAQUE(20), 300);
  printf("not reached either\n");
  return 0;
}
