/* Division and remainder edge cases at 8/16/32/64/128 bits, signed and
 * unsigned: 0/x, x/1, negative dividends and divisors (C truncates toward
 * zero, the remainder takes the dividend's sign, C11 6.5.5), large unsigned
 * values. INT_MIN / -1 is undefined behaviour in C and is avoided; x86 traps
 * on it (#DE) while AArch64 SDIV returns INT_MIN. 128-bit division calls
 * libgcc's __udivti3 / __divti3 / __umodti3 / __modti3. */
#include "rt.h"

static const int64_t sv[] = { 0, 1, -1, 2, -2, 7, -7, 100, -100, 0x7fffffffffffffffll, -0x7fffffffffffffffll - 1,
  0x7fffffff, -0x7fffffff - 1, 1000000007, -999999937, 0x123456789abcdll };
#define N (sizeof sv / sizeof sv[0])

int main(void) {
  uint64_t h = 0;
  for (unsigned i = 0; i < N; i++) {
    for (unsigned j = 0; j < N; j++) {
      int64_t a = OPAQUE(sv[i]), b = OPAQUE(sv[j]);
      if (b == 0) continue;
      uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
      uint64_t uq = ua / ub, ur = ua % ub;
      int64_t q = 0, r = 0;
      if (!(a == INT64_MIN && b == -1)) { q = a / b; r = a % b; }
      int32_t a32 = (int32_t)a, b32 = (int32_t)b;
      int32_t q32 = 0, r32 = 0;
      uint32_t uq32 = 0, ur32 = 0;
      if (b32 != 0) {
        if (!(a32 == INT32_MIN && b32 == -1)) { q32 = a32 / b32; r32 = a32 % b32; }
        uq32 = (uint32_t)a32 / (uint32_t)b32; ur32 = (uint32_t)a32 % (uint32_t)b32;
      }
      int16_t a16 = (int16_t)a, b16 = (int16_t)b;
      int q16 = b16 ? a16 / b16 : 0, r16 = b16 ? a16 % b16 : 0;
      uint8_t a8 = (uint8_t)a, b8 = (uint8_t)b;
      unsigned q8 = b8 ? a8 / b8 : 0, r8 = b8 ? a8 % b8 : 0;
      h = h * 1099511628211ull + uq + ur * 3 + (uint64_t)q * 5 + (uint64_t)r * 7;
      h = h * 1099511628211ull + (uint32_t)q32 + ((uint64_t)(uint32_t)r32 << 32) + uq32 + ((uint64_t)ur32 << 16);
      h = h * 1099511628211ull + (uint64_t)(q16 * 65536 + r16) + q8 * 256 + r8;
      if (j == 2 || j == 4 || j == 6 || i == j) {
        printf("%lld / %lld = %lld r %lld | u %llu r %llu | 32: %d r %d u %u r %u | 16: %d r %d | 8: %u r %u\n",
               (long long)a, (long long)b, (long long)q, (long long)r, (unsigned long long)uq, (unsigned long long)ur,
               q32, r32, uq32, ur32, q16, r16, q8, r8);
      }
    }
  }
  /* 128-bit division through libgcc. */
  unsigned __int128 big = ((unsigned __int128)OPAQUE(0xfedcba9876543210ull) << 64) | OPAQUE(0x0123456789abcdefull);
  unsigned __int128 d = OPAQUE(1000000007ull);
  unsigned __int128 q = big / d, r = big % d;
  printf("u128 q %016llx%016llx r %llu\n", (unsigned long long)(q >> 64), (unsigned long long)q, (unsigned long long)r);
  __int128 sb = -(__int128)big / 3;
  __int128 sm = -(__int128)big % 1000;
  printf("s128 q %016llx%016llx r %lld\n", (unsigned long long)((unsigned __int128)sb >> 64), (unsigned long long)sb, (long long)sm);
  /* Repeated division: decimal digits of a large number. */
  uint64_t x = OPAQUE(18446744073709551615ull);
  unsigned digits = 0, sum = 0;
  while (x) { sum += (unsigned)(x % 10); x /= 10; digits++; }
  printf("digits %u sum %u\n", digits, sum);
  printf("hash %016llx\n", (unsigned long long)h);
  return 0;
}
