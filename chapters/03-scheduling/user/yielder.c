/* Gives up the CPU argv[1] times (default 1000) and exits: two of these make
 * the kernel switch between them at every call (minos bench measures it). */
#include <stdlib.h>
#include <minos/minos.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000;
  for (long i = 0; i < n; i++) yield();
  return 0;
}
