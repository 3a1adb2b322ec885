/* Calling conventions without varargs: functions with 0 to 12 integer
 * parameters (registers run out after 6 on x86_64 and 8 on arm64), narrow
 * parameters and return values that must be sign- or zero-extended by the
 * right side, _Bool, pointers mixed with integers, recursion through
 * function pointers, and deep call chains that keep values live across calls. */
#include <stdio.h>
#include <stdbool.h>

static int f0(void) { return 7; }
static int f1(int a) { return a * 2; }
static int f6(int a, int b, int c, int d, int e, int f) { return a - b + c - d + e - f; }
static long f7(long a, long b, long c, long d, long e, long f, long g) { return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g; }
static long f9(char a, short b, int c, long d, unsigned char e, unsigned short f, unsigned g, unsigned long h, signed char i) {
  return a + b + c + d + e + f + g + h + i;
}
static long f12(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j, long k, long l) {
  return a ^ b << 1 ^ c << 2 ^ d << 3 ^ e << 4 ^ f << 5 ^ g << 6 ^ h << 7 ^ i << 8 ^ j << 9 ^ k << 10 ^ l << 11;
}
static int stack_chars(char a, char b, char c, char d, char e, char f, char g, char h, char i, char j) {
  return a * 1 + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8 + i * 9 + j * 10;
}
static signed char ret_schar(int v) { return (signed char)v; }
static unsigned char ret_uchar(int v) { return (unsigned char)v; }
static short ret_short(int v) { return (short)v; }
static unsigned short ret_ushort(int v) { return (unsigned short)v; }
static bool ret_bool(long v) { return v; }
static int take_bool(bool b, bool c) { return b * 10 + c; }
static unsigned ret_uint(long v) { return (unsigned)v; }
static long widen(int v, unsigned u) { return (long)v + (long)u; }
static long ptrs(int *a, long b, const char *s, int c, long *out, short d, char *e, int f) {
  *out = *a + b + c + d + f;
  *e = s[1];
  return *out * 2;
}

typedef struct Rec { long (*fn)(struct Rec *, long, long); } Rec;
static long fact_via(Rec *self, long n, long acc) { return n <= 1 ? acc : self->fn(self, n - 1, acc * n); }

static long chain3(long x) { return x * 3 + 1; }
static long chain2(long x) { long a = chain3(x), b = chain3(x + 1); return a * b - chain3(a - b); }
static long chain1(long x) {
  long keep1 = x * 11, keep2 = x ^ 0x55, keep3 = -x;
  long r = chain2(x) + chain2(x + 2);
  return r + keep1 + keep2 + keep3;
}

int main(void) {
  printf("f0=%d f1=%d f6=%d\n", f0(), f1(-21), f6(1, 2, 3, 4, 5, 6));
  printf("f7=%ld\n", f7(1, 2, 3, 4, 5, 6, 7));
  printf("f9=%ld\n", f9(-1, -2, -3, -4, 250, 65000, 4000000000u, 1UL << 60, -128));
  printf("f12=%ld\n", f12(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
  printf("stack chars=%d\n", stack_chars(1, -2, 3, -4, 5, -6, 7, -8, 9, -10));
  printf("narrow returns: %d %d %d %d %d %d %u\n", ret_schar(200), ret_uchar(-1), ret_short(40000), ret_ushort(-2), ret_bool(0x100000000L),
         ret_bool(0), ret_uint(-1L));
  printf("take_bool: %d %d %d\n", take_bool(5, 0), take_bool(0, 3), take_bool(1, 1));
  printf("widen: %ld %ld\n", widen(-1, 1u), widen(-5, 4294967295u));
  int a = 4;
  long out;
  char e = 0;
  long r = ptrs(&a, 10, "xyz", 100, &out, -1000, &e, 5);
  printf("ptrs: %ld %ld %c\n", r, out, e);
  Rec self = { fact_via };
  printf("fact via pointer: %ld %ld\n", fact_via(&self, 10, 1), fact_via(&self, 20, 1));
  long sum = 0;
  for (int i = 0; i < 30; i++) sum += chain1(i);
  printf("chains: %ld\n", sum);
  int (*fns[])(int, int, int, int, int, int) = { f6 };
  printf("through pointer: %d\n", fns[0](10, 20, 30, 40, 50, 60));
  return 0;
}
