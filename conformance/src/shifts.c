/* Shifts by every count 0..63 (64-bit) and 0..31 (32-bit), logical and
 * arithmetic (right shift of a negative value is implementation-defined in
 * C; gcc documents it as arithmetic), and shifts of promoted small types.
 * Counts >= width are UB in C, so the program masks them the way it wants. */
#include "rt.h"

static uint64_t rol64(uint64_t x, unsigned n) { n &= 63; return n ? (x << n) | (x >> (64 - n)) : x; }

int main(void) {
  uint64_t v64 = OPAQUE(0x8123456789abcdefull);
  int64_t s64 = OPAQUE((int64_t)0x8123456789abcdefull);
  uint32_t v32 = OPAQUE(0x89abcdefu);
  int32_t s32 = OPAQUE((int32_t)0x89abcdefu);
  uint64_t h = 0;
  for (unsigned n = 0; n < 64; n++) {
    unsigned k = OPAQUE(n);
    uint64_t l = v64 << k, r = v64 >> k;
    int64_t a = s64 >> k;
    h = rol64(h, 7) ^ l ^ (r * 3) ^ ((uint64_t)a * 5);
    if (n % 8 == 0 || n == 63 || n == 1) printf("64 n=%2u shl %016llx shr %016llx sar %016llx\n", n,
        (unsigned long long)l, (unsigned long long)r, (unsigned long long)a);
  }
  for (unsigned n = 0; n < 32; n++) {
    unsigned k = OPAQUE(n);
    uint32_t l = v32 << k, r = v32 >> k;
    int32_t a = s32 >> k;
    h = rol64(h, 5) ^ l ^ ((uint64_t)r << 32) ^ (uint64_t)(uint32_t)a;
    if (n % 4 == 0 || n == 31) printf("32 n=%2u shl %08x shr %08x sar %08x\n", n, l, r, (uint32_t)a);
  }
  for (unsigned n = 0; n < 16; n++) {
    unsigned k = OPAQUE(n);
    uint16_t u16 = OPAQUE((uint16_t)0x8421);
    int16_t i16 = OPAQUE((int16_t)-0x7bdf);
    uint8_t u8 = OPAQUE((uint8_t)0x81);
    int8_t i8 = OPAQUE((int8_t)-0x7f);
    /* Promoted to int first: u16 << 15 does not wrap at 16 bits. */
    int pl = u16 << k, pr = i16 >> k, ql = u8 << k, qr = i8 >> (k & 7);
    uint16_t trunc = (uint16_t)(u16 << k);
    h = rol64(h, 3) ^ (uint64_t)pl ^ ((uint64_t)(uint32_t)pr << 20) ^ (uint64_t)ql ^ ((uint64_t)(uint32_t)qr << 40) ^ trunc;
    printf("small n=%2u %x %d %x %d %x\n", n, pl, pr, ql, qr, trunc);
  }
  for (unsigned n = 0; n < 70; n += 3) {
    unsigned k = OPAQUE(n);
    h ^= rol64(v64, k) + (v64 >> (k & 63)) + ((uint64_t)(v32 << (k & 31)));
  }
  printf("hash %016llx\n", (unsigned long long)h);
  return 0;
}
