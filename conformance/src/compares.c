/* Signed and unsigned comparisons at every width, each of < <= > >= == !=,
 * on boundary values. On x86 these become CMP + SETcc/Jcc/CMOVcc with every
 * condition code; on AArch64 CMP + CSET/B.cond/CSEL. */
#include "rt.h"

static const uint64_t vals[] = {
  0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000u, 0xffffffffu,
  0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0xfffffffffffffffeull, 0xffffffffffffffffull,
};
#define N (sizeof vals / sizeof vals[0])

#define CMPS(T, a, b) ((((T)(a) < (T)(b)) << 0) | (((T)(a) <= (T)(b)) << 1) | (((T)(a) > (T)(b)) << 2) | \
                       (((T)(a) >= (T)(b)) << 3) | (((T)(a) == (T)(b)) << 4) | (((T)(a) != (T)(b)) << 5))

static __attribute__((noinline)) int64_t pick(int64_t a, int64_t b) { return a < b ? a : b; }
static __attribute__((noinline)) uint64_t upick(uint64_t a, uint64_t b) { return a > b ? a : b; }

int main(void) {
  uint64_t h = 0;
  for (unsigned i = 0; i < N; i++) {
    for (unsigned j = 0; j < N; j++) {
      uint64_t a = OPAQUE(vals[i]), b = OPAQUE(vals[j]);
      unsigned r8 = CMPS(int8_t, a, b) | CMPS(uint8_t, a, b) << 6;
      unsigned r16 = CMPS(int16_t, a, b) | CMPS(uint16_t, a, b) << 6;
      unsigned r32 = CMPS(int32_t, a, b) | CMPS(uint32_t, a, b) << 6;
      unsigned r64 = CMPS(int64_t, a, b) | CMPS(uint64_t, a, b) << 6;
      h = h * 1000003 + r8 + (r16 << 12) + ((uint64_t)r32 << 24) + ((uint64_t)r64 << 36);
      h ^= (uint64_t)pick((int64_t)a, (int64_t)b) + upick(a, b);
      if (j == (i * 7) % N) printf("%016llx vs %016llx: %03x %03x %03x %03x\n",
          (unsigned long long)a, (unsigned long long)b, r8, r16, r32, r64);
    }
  }
  printf("hash %016llx\n", (unsigned long long)h);
  return 0;
}
