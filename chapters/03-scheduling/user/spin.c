/* spin: a CPU hog: computes for argv[1] rounds (0: forever; default 1000000), then prints how many
 * and exits). Used by the fairness and starvation tests and the dashboard. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  unsigned long rounds = argc > 1 ? strtoul(argv[1], 0, 10) : 1000000;
  unsigned long x = 1, i = 0;
  while (rounds == 0 || i < rounds) {
    x = x * 6364136223846793005UL + 1442695040888963407UL;   /* busy work the compiler cannot drop */
    i++;
  }
  printf("spin: %lu rounds (%lx)\n", i, x & 0xff);
  return 0;
}
