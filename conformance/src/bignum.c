/* A tiny bignum: little-endian arrays of 32-bit limbs with 64-bit
 * intermediates (add-with-carry and multiply-accumulate chains), printed in
 * decimal by repeated division by 10^9. Computes 60!, 2^300 and F(300). */
#include "rt.h"

#define LIMBS 40
typedef struct { uint32_t d[LIMBS]; } big;

static void set(big *a, uint32_t v) { memset(a, 0, sizeof *a); a->d[0] = v; }
static void mul_small(big *a, uint32_t m) {
  uint64_t carry = 0;
  for (int i = 0; i < LIMBS; i++) { uint64_t t = (uint64_t)a->d[i] * m + carry; a->d[i] = (uint32_t)t; carry = t >> 32; }
}
static void add(big *r, const big *a, const big *b) {
  uint64_t carry = 0;
  for (int i = 0; i < LIMBS; i++) { uint64_t t = (uint64_t)a->d[i] + b->d[i] + carry; r->d[i] = (uint32_t)t; carry = t >> 32; }
}
static uint32_t div_small(big *a, uint32_t m) {
  uint64_t rem = 0;
  for (int i = LIMBS - 1; i >= 0; i--) { uint64_t cur = (rem << 32) | a->d[i]; a->d[i] = (uint32_t)(cur / m); rem = cur % m; }
  return (uint32_t)rem;
}
static int is_zero(const big *a) { for (int i = 0; i < LIMBS; i++) if (a->d[i]) return 0; return 1; }
static void print(const char *label, const big *a) {
  big t = *a;
  uint32_t parts[40]; int n = 0;
  do parts[n++] = div_small(&t, 1000000000u); while (!is_zero(&t));
  printf("%s = %u", label, parts[n - 1]);
  for (int i = n - 2; i >= 0; i--) printf("%09u", parts[i]);
  printf("\n");
}

int main(void) {
  big a, b, c;
  set(&a, 1);
  for (uint32_t k = 2; k <= 60; k++) mul_small(&a, OPAQUE(k));
  print("60!", &a);
  set(&a, 1);
  for (int k = 0; k < 300; k++) mul_small(&a, OPAQUE(2u));
  print("2^300", &a);
  printf("2^300 top limb %x\n", a.d[9]);
  set(&a, 0); set(&b, 1);
  for (int k = 0; k < 300; k++) { add(&c, &a, &b); a = b; b = c; }
  print("F(300)", &a);
  return 0;
}
