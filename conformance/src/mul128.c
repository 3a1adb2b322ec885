/* 128-bit products: unsigned __int128 and signed __int128 multiplies, the
 * high halves (x86 MUL/IMUL one-operand forms; AArch64 UMULH/SMULH), and
 * 32x32->64 widening multiplies (AArch64 UMULL/SMULL). */
#include "rt.h"

typedef unsigned __int128 u128;
typedef __int128 s128;

static const uint64_t vals[] = {
  0, 1, 3, 0xffffffffull, 0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
  0xffffffffffffffffull, 0x123456789abcdef1ull, 0xfedcba9876543211ull, 0xdeadbeefcafef00dull,
};
#define N (sizeof vals / sizeof vals[0])

static void p128(const char *name, u128 v) {
  printf("%s %016llx%016llx\n", name, (unsigned long long)(v >> 64), (unsigned long long)v);
}

int main(void) {
  uint64_t h = 0;
  for (unsigned i = 0; i < N; i++) {
    for (unsigned j = i; j < N; j++) {
      uint64_t a = OPAQUE(vals[i]), b = OPAQUE(vals[j]);
      u128 u = (u128)a * b;
      s128 s = (s128)(int64_t)a * (int64_t)b;
      uint64_t ul = (uint64_t)(uint32_t)a * (uint32_t)b;
      int64_t sl = (int64_t)(int32_t)a * (int32_t)b;
      h = h * 31 + (uint64_t)(u >> 64) + (uint64_t)u * 3 + (uint64_t)((u128)s >> 64) * 5 + ul * 7 + (uint64_t)sl;
      if (j == i || j == N - 1) {
        printf("%llx * %llx\n", (unsigned long long)a, (unsigned long long)b);
        p128("  umul", u);
        p128("  smul", (u128)s);
        printf("  umull %llx smull %llx\n", (unsigned long long)ul, (long long)sl);
      }
    }
  }
  /* A 128-bit accumulate: sum of squares modulo 2^128. */
  u128 acc = 0;
  for (uint64_t k = 1; k < 200; k++) {
    uint64_t x = OPAQUE(k * 0x9e3779b97f4a7c15ull);
    acc += (u128)x * x;
  }
  p128("acc", acc);
  printf("hash %016llx\n", (unsigned long long)h);
  return 0;
}
