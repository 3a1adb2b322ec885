/* Function pointers and callbacks: indirect calls (x86 CALL r/m64, AArch64
 * BLR), tables of functions, callbacks that capture state through a context
 * pointer, and a function returning a function pointer. */
#include "rt.h"

typedef long (*binop)(long, long);
static long add(long a, long b) { return a + b; }
static long sub(long a, long b) { return a - b; }
static long mul(long a, long b) { return a * b; }
static long maxf(long a, long b) { return a > b ? a : b; }
static long gcd(long a, long b) { while (b) { long t = a % b; a = b; b = t; } return a < 0 ? -a : a; }

static const binop table[] = { add, sub, mul, maxf, gcd };
static const char *const names[] = { "add", "sub", "mul", "max", "gcd" };

static long fold(const long *xs, int n, binop f, long init) {
  long acc = init;
  for (int i = 0; i < n; i++) acc = f(acc, xs[i]);
  return acc;
}

struct counter { int calls; long total; };
static void visit(const long *xs, int n, void (*cb)(void *, long), void *ctx) { for (int i = 0; i < n; i++) cb(ctx, xs[i]); }
static void count_cb(void *ctx, long v) { struct counter *c = ctx; c->calls++; c->total += v * v; }

static binop choose(int k) { return table[k % 5]; }

static int apply_n(int (*f)(int), int n, int x) { while (n--) x = f(x); return x; }
static int twice_plus1(int x) { return 2 * x + 1; }
static int collatz(int x) { return x & 1 ? 3 * x + 1 : x / 2; }

int main(void) {
  static const long xs[] = { 12, 18, -30, 42, 7, 96, -5, 60 };
  for (int k = 0; k < 5; k++) {
    long r = fold(xs, 8, table[OPAQUE(k)], k == 2 ? 1 : (k == 4 ? 0 : 0));
    printf("%s -> %ld (%lx)\n", names[k], r, (unsigned long)r);
  }
  struct counter c = { 0, 0 };
  visit(xs, 8, count_cb, &c);
  printf("visited %d total %ld\n", c.calls, c.total);
  long acc = 1;
  for (int k = 0; k < 12; k++) acc = choose(OPAQUE(k))(acc, k + 3);
  printf("chain %ld\n", acc);
  printf("apply %d %d\n", apply_n(twice_plus1, 10, 1), apply_n(collatz, 100, 27));
  return 0;
}
