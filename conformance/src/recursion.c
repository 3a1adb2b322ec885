/* Recursion: deep call chains exercise CALL/RET (x86) and BL/RET with
 * frame records (AArch64), stack frames, and callee-saved registers. */
#include "rt.h"

static unsigned long ack(unsigned long m, unsigned long n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}
static unsigned long fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static unsigned moves;
static unsigned long hanoi_sig;
static void hanoi(int n, int from, int to, int via) {
  if (n == 0) return;
  hanoi(n - 1, from, via, to);
  moves++;
  hanoi_sig = hanoi_sig * 7 + (unsigned long)(from * 3 + to);
  hanoi(n - 1, via, to, from);
}

/* Mutual recursion. */
static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

/* Many arguments: some are passed on the stack on both ABIs. */
static long many(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j, int depth) {
  if (depth == 0) return a - b + c - d + e - f + g - h + i - j;
  return many(b, c, d, e, f, g, h, i, j, a + depth, depth - 1) * 3 + 1;
}

int main(void) {
  for (unsigned long m = 0; m <= 2; m++)
    for (unsigned long n = 0; n <= 3; n++) printf("ack(%lu,%lu) = %lu\n", m, n, ack(OPAQUE(m), n));
  printf("ack(3,3) = %lu\n", ack(3, OPAQUE(3ul)));
  for (unsigned n = 0; n <= 20; n += 5) printf("fib(%u) = %lu\n", n, fib(OPAQUE(n)));
  hanoi(OPAQUE(10), 1, 3, 2);
  printf("hanoi moves %u sig %lx\n", moves, hanoi_sig);
  printf("even(101) %d odd(77) %d\n", is_even(OPAQUE(101u)), is_odd(OPAQUE(77u)));
  printf("many %ld\n", many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, OPAQUE(12)));
  return 0;
}
