/* Integer arithmetic at every width and signedness: wraparound, the usual
 * arithmetic conversions (C11 6.3.1.8), integer promotions of char/short,
 * and mixing signed with unsigned. Signed overflow is UB in C, so signed
 * wraparound is done through unsigned types and converted back
 * (implementation-defined in C, modular on gcc). */
#include "rt.h"

static const uint64_t vals[] = {
  0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000u,
  0xffffffffu, 0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
  0x123456789abcdef0ull, 0xfedcba9876543210ull, 12345, 0xdeadbeefull,
};
#define N (sizeof vals / sizeof vals[0])

int main(void) {
  uint64_t h = 0;
  for (unsigned i = 0; i < N; i++) {
    for (unsigned j = 0; j < N; j++) {
      uint64_t a = OPAQUE(vals[i]), b = OPAQUE(vals[j]);
      uint8_t a8 = (uint8_t)a, b8 = (uint8_t)b;
      uint16_t a16 = (uint16_t)a, b16 = (uint16_t)b;
      uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
      uint8_t s8 = a8 + b8, d8 = a8 - b8, m8 = a8 * b8;
      uint16_t s16 = a16 + b16, d16 = a16 - b16, m16 = a16 * b16;
      uint32_t s32 = a32 + b32, d32 = a32 - b32, m32 = a32 * b32;
      uint64_t s64 = a + b, d64 = a - b, m64 = a * b;
      /* Promotions: int8 operands become int before the multiply. */
      int p8 = (int8_t)a8 * (int8_t)b8;
      int p16 = (int16_t)a16 * (int16_t)b16;
      long long sx = (long long)(int32_t)a32 * (int32_t)b32;
      /* Mixed signedness: -1 compared as unsigned is the largest value. */
      int mixed = ((int32_t)a32 < 0) + 2 * ((int32_t)a32 < (int32_t)b32) + 4 * (a32 < b32);
      h = h * 31 + s8 + ((uint64_t)d8 << 8) + ((uint64_t)m8 << 16);
      h = h * 31 + s16 + ((uint64_t)d16 << 16) + ((uint64_t)m16 << 32);
      h = h * 31 + s32 + ((uint64_t)d32 << 32) + m32;
      h = h * 31 + s64 + d64 * 3 + m64 * 7;
      h = h * 31 + (uint64_t)(int64_t)p8 + (uint64_t)(int64_t)p16 * 5 + (uint64_t)sx + (uint64_t)mixed;
      if (i == j || j == 0 || i + 1 == j) {
        printf("%2u %2u: u8 %u %u %u  u16 %u %u %u  u32 %x %x %x\n", i, j, s8, d8, m8, s16, d16, m16, s32, d32, m32);
        printf("       u64 %llx %llx %llx  p8 %d p16 %d sx %lld mixed %d\n",
               (unsigned long long)s64, (unsigned long long)d64, (unsigned long long)m64, p8, p16, sx, mixed);
      }
    }
  }
  /* Narrowing conversions and sign extension. */
  int64_t big = OPAQUE((int64_t)-123456789012345ll);
  printf("narrow: %d %d %d %lld\n", (int8_t)big, (int16_t)big, (int32_t)big, (long long)big);
  printf("zext: %u %u %u\n", (uint8_t)big, (uint16_t)big, (uint32_t)big);
  int8_t c = OPAQUE((int8_t)-128);
  printf("neg int8 -128 -> int %d, back to int8 %d\n", -c, (int8_t)-c);
  printf("hash %llx\n", (unsigned long long)h);
  return 0;
}
