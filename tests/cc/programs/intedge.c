/* Integer edge cases at every width and signedness: limits, conversions and
 * truncation, the usual arithmetic conversions (signed meets unsigned),
 * integer promotions of char and short, shifts, division and remainder signs,
 * unsigned wraparound, and compound assignment on narrow types. Char signedness
 * differs between x86_64 (signed) and arm64 (unsigned), so plain char is only
 * printed through explicit signed/unsigned casts. */
#include <stdio.h>
#include <limits.h>
#include <stdint.h>

static void limits(void) {
  printf("schar %d..%d uchar %u short %d..%d ushort %u\n", SCHAR_MIN, SCHAR_MAX, UCHAR_MAX, SHRT_MIN, SHRT_MAX, USHRT_MAX);
  printf("int %d..%d uint %u\n", INT_MIN, INT_MAX, UINT_MAX);
  printf("long %ld..%ld ulong %lu\n", LONG_MIN, LONG_MAX, ULONG_MAX);
  printf("llong %lld..%lld ullong %llu\n", LLONG_MIN, LLONG_MAX, ULLONG_MAX);
  printf("int8 %d int16 %d int32 %d int64 %ld uint64 %lu\n", INT8_MIN, INT16_MIN, INT32_MIN, INT64_MIN, UINT64_MAX);
}

static void conversions(void) {
  long big = 0x123456789abcdefL;
  printf("trunc: %d %u %d %u %d %u\n", (signed char)big, (unsigned char)big, (short)big, (unsigned short)big, (int)big, (unsigned)big);
  int neg = -2;
  printf("sign-extend: %ld %lu %u %lld\n", (long)neg, (unsigned long)neg, (unsigned)neg, (long long)(signed char)0x80);
  printf("zero-extend: %ld %ld\n", (long)(unsigned)neg, (long)(unsigned short)neg);
  unsigned char uc = 200;
  signed char sc = (signed char)200;
  printf("uc+uc=%d sc+sc=%d uc*uc=%d ~uc=%d -uc=%d\n", uc + uc, sc + sc, uc * uc, ~uc, -uc);
  unsigned short us = 65535;
  printf("us+1=%d (us+1)==65536 %d, (unsigned short)(us+1)=%d\n", us + 1, us + 1 == 65536, (unsigned short)(us + 1));
  printf("-1 < 0u: %d, -1L < 0u: %d, -1 < (unsigned char)0: %d\n", -1 < 0u, -1L < 0u, -1 < (unsigned char)0);
  unsigned u = 1;
  long l = -5;
  printf("u + l = %ld (long wins), u * -1 = %u\n", u + l, u * -1);
  printf("int/unsigned mix: %u %d\n", -7 / 2u, (int)(-7 / 2u));
}

static void arithmetic(void) {
  int vals[] = { 7, -7, 1, -1, 100, -100 };
  int divs[] = { 2, -2, 3, -3 };
  for (int i = 0; i < 6; i++) {
    for (int j = 0; j < 4; j++) printf("%d/%d=%d%%%d ", vals[i], divs[j], vals[i] / divs[j], vals[i] % divs[j]);
    printf("\n");
  }
  long a = LONG_MAX / 3, b = -LONG_MAX / 7;
  printf("long div: %ld %ld %ld %ld\n", a / 11, a % 11, b / 13, b % 13);
  unsigned long ua = ULONG_MAX;
  printf("ulong: %lu %lu %lu\n", ua / 10, ua % 10, ua / 0xffffffffUL);
  printf("wrap: %u %u %lu %u\n", UINT_MAX + 1u, 0u - 1u, 0UL - 1UL, (unsigned)(UINT_MAX * 3u));
  unsigned x = 0x80000000u;
  printf("mul wrap: %u %lu\n", x * 2u, (unsigned long)x * 2u);
  int64_t p = (int64_t)INT32_MAX * INT32_MAX;
  uint64_t q = (uint64_t)UINT32_MAX * UINT32_MAX;
  printf("wide mul: %ld %lu\n", p, q);
}

static void shifts(void) {
  int s = -256;
  unsigned u = 0xf0000000u;
  printf("shr: %d %u %d %u\n", s >> 4, u >> 4, s >> 31, u >> 31);
  printf("shl: %d %u %lu %lx\n", 1 << 30, 1u << 31, 1UL << 63, 0xffUL << 56);
  long ls = -1L;
  printf("long shr: %ld %lu\n", ls >> 63, (unsigned long)ls >> 1);
  for (int n = 0; n < 64; n += 9) printf("%lx ", 0x8000000000000001UL >> n);
  printf("\n");
  unsigned char c = 0x81;
  printf("promoted shift: %d %d\n", c << 1, (unsigned char)(c << 1));
  int amount = 33;
  printf("masked by hand: %u\n", 1u << (amount & 31));
}

static void compound(void) {
  signed char sc = 100;
  sc += 100; /* converted back: implementation-defined, gcc wraps */
  unsigned char uc = 250;
  uc += 10;
  short sh = 30000;
  sh += sh / 2;
  unsigned short ush = 0;
  ush -= 1;
  int i = 10;
  i *= -3; i /= 4; i %= 5; i = -i; i <<= 3; i >>= 1; i |= 0x100; i &= ~1; i ^= 0x55;
  printf("compound: %d %u %d %u %d\n", sc, uc, sh, ush, i);
  long L = 1;
  for (int k = 0; k < 40; k++) L += L >> 1 ^ k;
  printf("long loop %ld\n", L);
  unsigned long h = 14695981039346656037UL;
  for (int k = 0; k < 100; k++) { h ^= (unsigned char)k; h *= 1099511628211UL; }
  printf("fnv %lu\n", h);
  uint8_t b8 = 0; uint16_t b16 = 0; uint32_t b32 = 0; uint64_t b64 = 0;
  for (int k = 0; k < 300; k++) { b8 += 7; b16 += 4099; b32 += 0x9e3779b9u; b64 += 0x9e3779b97f4a7c15UL; }
  printf("wrapping counters %u %u %u %lu\n", b8, b16, b32, b64);
  char plain = 'A';
  printf("plain char arithmetic %d, sizeof('a')=%zu sizeof(plain)=%zu\n", plain + 1, sizeof('a'), sizeof plain);
  printf("char signedness: (signed char)0xff=%d (unsigned char)0xff=%d\n", (signed char)0xff, (unsigned char)0xff);
  int t = 5;
  printf("logical: %d %d %d %d ternary %d\n", !t, !!t, t && 0, t || 0, t > 3 ? -1 : 1);
  int c = (t++, t++, t);
  size_t z = sizeof(t++);
  printf("comma %d, sizeof no eval %zu t=%d\n", c, z, t);
}

int main(void) {
  limits();
  conversions();
  arithmetic();
  shifts();
  compound();
  return 0;
}
