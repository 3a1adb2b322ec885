/* libc's malloc over the kernel's brk: many allocations of mixed sizes,
 * freed in a scrambled order and allocated again, every byte checked; then
 * brk itself: growing, shrinking (the pages above the new end go back to
 * the kernel) and asking for more than the kernel allows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <minos/syscall.h>

long __syscall(long nr, long a, long b, long c, long d, long e, long f);
static long brk(long end) { return __syscall(MINOS_SYS_brk, end, 0, 0, 0, 0, 0); }

#define N 150
static char *blocks[N];
static unsigned sizes[N];

static unsigned next = 12345;
static unsigned rnd(void) { next = next * 1103515245u + 12345u; return next >> 8; }

static int check(int i) {
  for (unsigned j = 0; j < sizes[i]; j++) if (blocks[i][j] != (char)(i + j)) return 0;
  return 1;
}

int main(void) {
  unsigned long total = 0;
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < N; i++) {
      sizes[i] = 1 + rnd() % (round == 1 ? 2000 : 200);
      blocks[i] = malloc(sizes[i]);
      if (!blocks[i]) { printf("malloc failed at %d\n", i); return 1; }
      for (unsigned j = 0; j < sizes[i]; j++) blocks[i][j] = (char)(i + j);
      total += sizes[i];
    }
    for (int k = 0; k < N; k++) {
      int i = (k * 7919) % N;
      if (!check(i)) { printf("block %d corrupted\n", i); return 1; }
      free(blocks[i]);
    }
  }
  printf("malloc: %lu bytes in %d blocks, all intact\n", total, 3 * N);

  long start = brk(0);
  long up = brk(start + 3 * 4096 + 100);
  char *p = (char *)start;
  memset(p, 0x5a, 3 * 4096 + 100);
  long down = brk(start + 4096);
  long same = brk(0);
  long huge = brk(start + (1L << 40));
  printf("brk: grow %s, shrink %s, query %s, too big %s\n",
         up == start + 3 * 4096 + 100 ? "ok" : "BAD", down == start + 4096 ? "ok" : "BAD",
         same == start + 4096 ? "ok" : "BAD", huge == start + 4096 ? "refused" : "BAD");
  long again = brk(start + 2 * 4096);
  printf("brk: regrown page reads %d\n", ((char *)start)[4096 + 10]);
  return again == start + 2 * 4096 ? 0 : 1;
}
