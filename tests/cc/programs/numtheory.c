/* Number theory: a sieve of Eratosthenes, prime counting, gcd and lcm
 * (Euclid and binary), extended Euclid and modular inverses, modular
 * exponentiation with 64-bit moduli (products kept below 2^64 by double-and-add),
 * Miller-Rabin with deterministic bases, Euler's totient, factorization,
 * and the Chinese remainder theorem. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

#define LIMIT 5000
static unsigned char composite[LIMIT + 1];

static void sieve(void) {
  composite[0] = composite[1] = 1;
  for (int i = 2; i * i <= LIMIT; i++)
    if (!composite[i])
      for (int j = i * i; j <= LIMIT; j += i) composite[j] = 1;
}

static uint64_t gcd(uint64_t a, uint64_t b) { while (b) { uint64_t t = a % b; a = b; b = t; } return a; }
static uint64_t bgcd(uint64_t a, uint64_t b) {
  if (!a) return b;
  if (!b) return a;
  int shift = __builtin_ctzl(a | b);
  a >>= __builtin_ctzl(a);
  while (b) {
    b >>= __builtin_ctzl(b);
    if (a > b) { uint64_t t = a; a = b; b = t; }
    b -= a;
  }
  return a << shift;
}

static int64_t egcd(int64_t a, int64_t b, int64_t *x, int64_t *y) {
  if (b == 0) { *x = 1; *y = 0; return a; }
  int64_t x1, y1, g = egcd(b, a % b, &x1, &y1);
  *x = y1;
  *y = x1 - (a / b) * y1;
  return g;
}

static int64_t inverse(int64_t a, int64_t m) {
  int64_t x, y;
  if (egcd(a, m, &x, &y) != 1) return -1;
  return ((x % m) + m) % m;
}

static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) {
  if (m <= 0xffffffffULL) return a % m * (b % m) % m; /* the product fits in 64 bits */
  uint64_t r = 0;
  a %= m;
  while (b) {
    if (b & 1) { r = r >= m - a ? r - (m - a) : r + a; }
    a = a >= m - a ? a - (m - a) : a + a;
    b >>= 1;
  }
  return r;
}

static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m) {
  uint64_t r = 1 % m;
  b %= m;
  while (e) {
    if (e & 1) r = mulmod(r, b, m);
    b = mulmod(b, b, m);
    e >>= 1;
  }
  return r;
}

static int miller_rabin(uint64_t n) {
  if (n < 2) return 0;
  static const uint64_t bases[] = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37 };
  for (int i = 0; i < 12; i++) if (n % bases[i] == 0) return n == bases[i];
  uint64_t d = n - 1;
  int s = 0;
  while (!(d & 1)) { d >>= 1; s++; }
  for (int i = 0; i < 12; i++) {
    uint64_t x = powmod(bases[i], d, n);
    if (x == 1 || x == n - 1) continue;
    int composite_ = 1;
    for (int r = 1; r < s && composite_; r++) {
      x = mulmod(x, x, n);
      if (x == n - 1) composite_ = 0;
    }
    if (composite_) return 0;
  }
  return 1;
}

static uint64_t totient(uint64_t n) {
  uint64_t r = n;
  for (uint64_t p = 2; p * p <= n; p++)
    if (n % p == 0) { while (n % p == 0) n /= p; r -= r / p; }
  if (n > 1) r -= r / n;
  return r;
}

static void factor(uint64_t n) {
  printf("%lu =", n);
  const char *sep = " ";
  for (uint64_t p = 2; p * p <= n; p += p == 2 ? 1 : 2) {
    int e = 0;
    while (n % p == 0) { n /= p; e++; }
    if (e) { printf("%s%lu", sep, p); if (e > 1) printf("^%d", e); sep = " * "; }
  }
  if (n > 1) printf("%s%lu", sep, n);
  printf("\n");
}

int main(void) {
  sieve();
  int count = 0, twins = 0, last = 0;
  long sum = 0;
  for (int i = 2; i <= LIMIT; i++)
    if (!composite[i]) { count++; sum += i; if (i - last == 2) twins++; last = i; }
  printf("primes <= %d: %d, sum %ld, twin pairs %d, largest %d\n", LIMIT, count, sum, twins, last);
  printf("first primes:");
  for (int i = 2, k = 0; k < 15; i++) if (!composite[i]) { printf(" %d", i); k++; }
  printf("\n");
  uint64_t pairs[][2] = { { 48, 18 }, { 1071, 462 }, { 0, 5 }, { 17, 0 }, { 1ULL << 40, 6ULL << 20 }, { 600851475143ULL, 6857ULL * 3 } };
  for (int i = 0; i < 6; i++) {
    uint64_t g = gcd(pairs[i][0], pairs[i][1]);
    printf("gcd(%lu,%lu)=%lu binary=%lu lcm=%lu\n", pairs[i][0], pairs[i][1], g, bgcd(pairs[i][0], pairs[i][1]),
           g ? pairs[i][0] / g * pairs[i][1] : 0);
  }
  int64_t x, y;
  int64_t g = egcd(240, 46, &x, &y);
  printf("egcd(240,46) = %ld = 240*%ld + 46*%ld\n", g, x, y);
  printf("inverses mod 1000000007: %ld %ld %ld; 6 mod 9: %ld\n", inverse(2, 1000000007), inverse(3, 1000000007), inverse(123456, 1000000007), inverse(6, 9));
  printf("powmod: %lu %lu %lu\n", powmod(2, 10, 1000), powmod(3, 200, 1000000007), powmod(7, 1ULL << 20, 18446744073709551557ULL));
  uint64_t cands[] = { 1, 2, 97, 561, 7919, 1000000007ULL, 1000000007ULL * 3, 4294967291ULL, 4294967297ULL };
  for (int i = 0; i < 9; i++) printf("prime(%lu)=%d%s", cands[i], miller_rabin(cands[i]), i % 4 == 3 ? "\n" : " ");
  printf("\n");
  int agree = 1;
  for (int i = 0; i <= 400; i++) if (miller_rabin((uint64_t)i) != !composite[i]) agree = 0;
  printf("miller-rabin agrees with sieve to 400: %d\n", agree);
  printf("phi:");
  uint64_t ph[] = { 1, 9, 36, 97, 100, 1000000, 999983 };
  for (int i = 0; i < 7; i++) printf(" phi(%lu)=%lu", ph[i], totient(ph[i]));
  printf("\n");
  factor(360);
  factor(600851475143ULL);
  factor(99999989ULL * 3);
  factor(1ULL << 20);
  /* Chinese remainder: x = 2 mod 3, 3 mod 5, 2 mod 7. */
  int64_t rems[] = { 2, 3, 2 }, mods[] = { 3, 5, 7 }, M = 105, crt = 0;
  for (int i = 0; i < 3; i++) {
    int64_t Mi = M / mods[i];
    crt = (crt + rems[i] * Mi % M * inverse(Mi % mods[i], mods[i])) % M;
  }
  printf("crt = %ld\n", crt);
  return 0;
}
