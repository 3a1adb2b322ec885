/* Sleeps argv[1] ticks three times, saying so each time. */
#include <stdio.h>
#include <stdlib.h>
#include <minos/minos.h>

int main(int argc, char **argv) {
  unsigned long ticks = argc > 1 ? strtoul(argv[1], 0, 10) : 100000;
  for (int i = 0; i < 3; i++) {
    sleep_ticks(ticks);
    printf("sleeper: woke %d\n", i + 1);
  }
  return 0;
}
