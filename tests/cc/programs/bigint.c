/* Arbitrary-precision unsigned arithmetic in base 10^9 limbs: addition,
 * subtraction, multiplication, division by a small number, factorials,
 * Fibonacci numbers, powers of two and a comparison-based square root. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#define BASE 1000000000u
#define MAXL 64

typedef struct { int n; uint32_t d[MAXL]; } Big; /* little-endian limbs, n = used */

static Big big(uint64_t v) {
  Big b;
  b.n = 0;
  do { b.d[b.n++] = (uint32_t)(v % BASE); v /= BASE; } while (v);
  return b;
}

static void trim(Big *b) { while (b->n > 1 && b->d[b->n - 1] == 0) b->n--; }

static Big add(Big a, Big b) {
  Big r;
  uint32_t carry = 0;
  r.n = a.n > b.n ? a.n : b.n;
  for (int i = 0; i < r.n; i++) {
    uint32_t s = carry + (i < a.n ? a.d[i] : 0) + (i < b.n ? b.d[i] : 0);
    carry = s >= BASE;
    r.d[i] = carry ? s - BASE : s;
  }
  if (carry) r.d[r.n++] = carry;
  return r;
}

static int cmp(const Big *a, const Big *b) {
  if (a->n != b->n) return a->n < b->n ? -1 : 1;
  for (int i = a->n - 1; i >= 0; i--)
    if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
  return 0;
}

static Big sub(Big a, Big b) { /* a >= b */
  Big r = a;
  int64_t borrow = 0;
  for (int i = 0; i < a.n; i++) {
    int64_t s = (int64_t)a.d[i] - borrow - (i < b.n ? b.d[i] : 0);
    borrow = s < 0;
    r.d[i] = (uint32_t)(s < 0 ? s + BASE : s);
  }
  trim(&r);
  return r;
}

static Big mul(const Big *a, const Big *b) {
  Big r;
  uint64_t acc[2 * MAXL] = { 0 };
  for (int i = 0; i < a->n; i++)
    for (int j = 0; j < b->n; j++) {
      acc[i + j] += (uint64_t)a->d[i] * b->d[j];
      if (acc[i + j] >= (uint64_t)BASE * BASE * 8) { acc[i + j + 1] += acc[i + j] / BASE; acc[i + j] %= BASE; }
    }
  r.n = a->n + b->n;
  uint64_t carry = 0;
  for (int i = 0; i < r.n; i++) {
    uint64_t s = acc[i] + carry;
    r.d[i] = (uint32_t)(s % BASE);
    carry = s / BASE;
  }
  trim(&r);
  return r;
}

static Big mul_small(Big a, uint32_t m) {
  uint64_t carry = 0;
  for (int i = 0; i < a.n; i++) {
    uint64_t p = (uint64_t)a.d[i] * m + carry;
    a.d[i] = (uint32_t)(p % BASE);
    carry = p / BASE;
  }
  while (carry) { a.d[a.n++] = (uint32_t)(carry % BASE); carry /= BASE; }
  return a;
}

static Big div_small(Big a, uint32_t m, uint32_t *rem) {
  uint64_t r = 0;
  for (int i = a.n - 1; i >= 0; i--) {
    uint64_t cur = a.d[i] + r * BASE;
    a.d[i] = (uint32_t)(cur / m);
    r = cur % m;
  }
  trim(&a);
  *rem = (uint32_t)r;
  return a;
}

static char *str(const Big *b, char *buf) {
  char *p = buf + sprintf(buf, "%u", b->d[b->n - 1]);
  for (int i = b->n - 2; i >= 0; i--) p += sprintf(p, "%09u", b->d[i]);
  return buf;
}

static int digit_sum(const Big *b) {
  char buf[MAXL * 9 + 2];
  int s = 0;
  for (char *p = str(b, buf); *p; p++) s += *p - '0';
  return s;
}

int main(void) {
  char buf[MAXL * 9 + 2];
  Big f = big(1);
  for (uint32_t i = 2; i <= 60; i++) {
    f = mul_small(f, i);
    if (i % 15 == 0) printf("%u! = %s\n", i, str(&f, buf));
  }
  printf("digit sum of 60! = %d\n", digit_sum(&f));
  Big a = big(0), b = big(1);
  for (int i = 0; i < 250; i++) { Big c = add(a, b); a = b; b = c; }
  printf("fib(250) = %s\n", str(&a, buf));
  Big p = big(1);
  for (int i = 0; i < 200; i++) p = add(p, p);
  printf("2^200 = %s\n", str(&p, buf));
  Big sq = mul(&p, &p);
  printf("2^400 has %d digits, digit sum %d\n", (int)strlen(str(&sq, buf)), digit_sum(&sq));
  Big x = big(123456789012345678ULL), y = big(987654321098765432ULL);
  Big xy = mul(&x, &y);
  printf("x*y = %s\n", str(&xy, buf));
  Big back = sub(xy, mul_small(x, 1000));
  printf("x*y - 1000x = %s\n", str(&back, buf));
  uint32_t rem;
  Big q = div_small(xy, 97, &rem);
  printf("x*y / 97 = %s rem %u\n", str(&q, buf), rem);
  Big check = add(mul_small(q, 97), big(rem));
  printf("roundtrip equal: %d, cmp(x,y)=%d cmp(y,x)=%d\n", cmp(&check, &xy) == 0, cmp(&x, &y), cmp(&y, &x));
  /* Integer square root of 2 * 10^60 by bisection on digits: sqrt(2) to 30 places. */
  Big target = big(2);
  for (int i = 0; i < 60; i++) target = mul_small(target, 10);
  Big lo = big(0), hi = big(1);
  for (int i = 0; i < 31; i++) hi = mul_small(hi, 10);
  for (int iter = 0; iter < 110; iter++) {
    Big mid = div_small(add(lo, hi), 2, &rem);
    Big m2 = mul(&mid, &mid);
    if (cmp(&m2, &target) <= 0) lo = mid; else hi = mid;
  }
  printf("sqrt(2)*10^30 = %s\n", str(&lo, buf));
  return 0;
}
