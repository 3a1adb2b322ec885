/* Number theory: gcd/lcm, modular exponentiation with 128-bit products,
 * Miller-Rabin primality (deterministic bases for 64-bit), integer square
 * roots by Newton's method, and Collatz trajectory lengths. */
#include "rt.h"

static uint64_t gcd(uint64_t a, uint64_t b) { while (b) { uint64_t t = a % b; a = b; b = t; } return a; }
static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) { return (uint64_t)((unsigned __int128)a * b % m); }
static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m) {
  uint64_t r = 1 % m; b %= m;
  while (e) { if (e & 1) r = mulmod(r, b, m); b = mulmod(b, b, m); e >>= 1; }
  return r;
}
static int is_prime(uint64_t n) {
  if (n < 2) return 0;
  static const uint64_t bases[] = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37 };
  for (int i = 0; i < 12; i++) { if (n == bases[i]) return 1; if (n % bases[i] == 0) return 0; }
  uint64_t d = n - 1; int s = 0;
  while (!(d & 1)) { d >>= 1; s++; }
  for (int i = 0; i < 12; i++) {
    uint64_t x = powmod(bases[i], d, n);
    if (x == 1 || x == n - 1) continue;
    int comp = 1;
    for (int r = 1; r < s; r++) { x = mulmod(x, x, n); if (x == n - 1) { comp = 0; break; } }
    if (comp) return 0;
  }
  return 1;
}
static uint64_t isqrt(uint64_t n) {
  if (n < 2) return n;
  uint64_t x = n, y = (x >> 1) + 1;
  while (y < x) { x = y; y = (x + n / x) >> 1; }
  return x;
}

int main(void) {
  printf("gcd %llu lcm %llu\n", (unsigned long long)gcd(OPAQUE(1071ull), 462), (unsigned long long)(1071ull / gcd(1071, 462) * 462));
  printf("powmod %llu %llu\n", (unsigned long long)powmod(OPAQUE(2ull), 1000000, 1000000007), (unsigned long long)powmod(OPAQUE(0xdeadbeefull), 0xffffffffffffull, 0xffffffffffffffc5ull));
  static const uint64_t cands[] = { 1, 2, 91, 97, 561, 7919, 1000000007, 4294967291ull, 4294967297ull, 18446744073709551557ull, 18446744073709551559ull, 3215031751ull };
  for (int i = 0; i < 12; i++) printf("prime(%llu) %d\n", (unsigned long long)cands[i], is_prime(OPAQUE(cands[i])));
  static const uint64_t sq[] = { 0, 1, 15, 16, 17, 1000000, 999999999999ull, 0xffffffffffffffffull, 0xfffffffe00000001ull };
  for (int i = 0; i < 9; i++) printf("isqrt(%llu) %llu\n", (unsigned long long)sq[i], (unsigned long long)isqrt(OPAQUE(sq[i])));
  unsigned best = 0, arg = 0;
  for (unsigned n = 1; n < 3000; n++) {
    uint64_t x = n; unsigned len = 0;
    while (x != 1) { x = x & 1 ? 3 * x + 1 : x >> 1; len++; }
    if (len > best) { best = len; arg = n; }
  }
  printf("longest collatz below 3000: %u (%u steps)\n", arg, best);
  return 0;
}
