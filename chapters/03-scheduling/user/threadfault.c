/* One thread of three touches memory it may not: the whole process dies
 * (status 139), not just that thread, and the main thread never prints
 * "survived?!". */
#include <stdio.h>
#include <stdlib.h>
#include <minos/minos.h>

static void worker(void *arg) {
  if ((long)arg == 1) {
    sleep_ticks(50000);
    *(volatile int *)8 = 1;          /* page 0 is never mapped */
  }
  for (;;) yield();
}

int main(void) {
  for (long i = 0; i < 2; i++) thread_create(worker, (void *)i, malloc(16384), 16384);
  for (int i = 0; i < 100; i++) sleep_ticks(20000);
  printf("threadfault: survived?!\n");
  return 0;
}
