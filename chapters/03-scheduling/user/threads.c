/* Threads share their process's memory: two threads each add to a counter
 * of their own in a shared array, the main thread waits for both to say
 * they are done, then prints the totals. No locks are needed: each thread
 * writes only its own slot (and on one CPU only the timer interleaves them). */
#include <stdio.h>
#include <stdlib.h>
#include <minos/minos.h>

static volatile long counts[2];
static volatile int done[2];

static void worker(void *arg) {
  long me = (long)arg;
  for (long i = 0; i < 50000; i++) {
    counts[me]++;
    if (i % 10000 == 0) yield();
  }
  done[me] = 1;
}

int main(void) {
  long tids[2];
  for (long i = 0; i < 2; i++) {
    char *stack = malloc(16384);
    tids[i] = thread_create(worker, (void *)i, stack, 16384);
    if (tids[i] < 0) { printf("threads: thread_create failed: %ld\n", tids[i]); return 1; }
  }
  while (!done[0] || !done[1]) sleep_ticks(20000);
  printf("threads: pid %ld, threads %ld and %ld counted %ld and %ld\n", getpid(), tids[0], tids[1], counts[0], counts[1]);
  return 0;
}
