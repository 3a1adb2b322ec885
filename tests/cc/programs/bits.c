/* Bit manipulation: population count, leading and trailing zeros (by hand
 * and with the GCC builtins), bit reversal, byte swaps, rotations, power-of-two
 * tests and rounding, Gray codes, next permutation of bits, a bitset sieve,
 * parity, and extracting/inserting bit fields with masks. */
#include <stdio.h>
#include <stdint.h>

static int popcount(uint64_t x) { int n = 0; while (x) { x &= x - 1; n++; } return n; }
static int clz64(uint64_t x) { if (!x) return 64; int n = 0; while (!(x & (1ULL << 63))) { x <<= 1; n++; } return n; }
static int ctz64(uint64_t x) { if (!x) return 64; int n = 0; while (!(x & 1)) { x >>= 1; n++; } return n; }
static uint32_t rev32(uint32_t x) {
  x = (x >> 1 & 0x55555555u) | (x & 0x55555555u) << 1;
  x = (x >> 2 & 0x33333333u) | (x & 0x33333333u) << 2;
  x = (x >> 4 & 0x0f0f0f0fu) | (x & 0x0f0f0f0fu) << 4;
  x = (x >> 8 & 0x00ff00ffu) | (x & 0x00ff00ffu) << 8;
  return x >> 16 | x << 16;
}
static uint64_t bswap64(uint64_t x) {
  uint64_t r = 0;
  for (int i = 0; i < 8; i++) { r = r << 8 | (x & 0xff); x >>= 8; }
  return r;
}
static uint32_t rotl32(uint32_t x, unsigned r) { r &= 31; return r ? x << r | x >> (32 - r) : x; }
static uint64_t rotr64(uint64_t x, unsigned r) { r &= 63; return r ? x >> r | x << (64 - r) : x; }
static uint64_t round_up_pow2(uint64_t x) {
  if (x <= 1) return 1;
  x--;
  for (int s = 1; s < 64; s <<= 1) x |= x >> s;
  return x + 1;
}
static uint32_t next_same_popcount(uint32_t v) {
  uint32_t t = v | (v - 1);
  return (t + 1) | (((~t & -~t) - 1) >> (__builtin_ctz(v) + 1));
}
static int parity(uint64_t x) { x ^= x >> 32; x ^= x >> 16; x ^= x >> 8; x ^= x >> 4; x ^= x >> 2; x ^= x >> 1; return (int)(x & 1); }
static uint32_t get_field(uint32_t w, int lo, int width) { return (w >> lo) & ((1u << width) - 1); }
static uint32_t set_field(uint32_t w, int lo, int width, uint32_t v) {
  uint32_t mask = ((1u << width) - 1) << lo;
  return (w & ~mask) | ((v << lo) & mask);
}

int main(void) {
  uint64_t samples[] = { 0, 1, 2, 3, 0x80, 0xff, 0x8000000000000000ULL, 0xffffffffffffffffULL, 0x0123456789abcdefULL, 0x00f0000000000f00ULL };
  for (int i = 0; i < 10; i++) {
    uint64_t x = samples[i];
    printf("%016lx pop=%2d/%2d clz=%2d/%2d ctz=%2d/%2d parity=%d bswap=%016lx\n", x, popcount(x), __builtin_popcountl(x), clz64(x),
           x ? __builtin_clzl(x) : 64, ctz64(x), x ? __builtin_ctzl(x) : 64, parity(x), bswap64(x));
  }
  printf("bswap builtins: %08x %016lx %04x\n", __builtin_bswap32(0x11223344u), __builtin_bswap64(0x0102030405060708ULL), __builtin_bswap16(0xabcd));
  printf("rev32: %08x %08x %08x\n", rev32(1), rev32(0x12345678u), rev32(0xf0000000u));
  printf("rotl32: %08x %08x %08x rotr64: %016lx %016lx\n", rotl32(0x80000001u, 1), rotl32(0x12345678u, 12), rotl32(0xdeadbeefu, 32),
         rotr64(1, 1), rotr64(0x0123456789abcdefULL, 20));
  printf("round up pow2:");
  uint64_t r[] = { 0, 1, 2, 3, 5, 17, 1000, 4096, 4097, (1ULL << 40) + 1 };
  for (int i = 0; i < 10; i++) printf(" %lu", round_up_pow2(r[i]));
  printf("\nis pow2:");
  for (int i = 0; i < 10; i++) printf(" %d", r[i] && !(r[i] & (r[i] - 1)));
  printf("\ngray:");
  for (unsigned i = 0; i < 16; i++) { unsigned g = i ^ (i >> 1), b = g; for (unsigned s = 1; s < 32; s <<= 1) b ^= b >> s; printf(" %u->%u->%u", i, g, b); }
  printf("\n3-of-6 subsets:");
  for (uint32_t v = 7; v < 64; v = next_same_popcount(v)) printf(" %02x", v);
  printf("\n");
  enum { LIMIT = 2000 };
  uint64_t bits[LIMIT / 64 + 1];
  for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++) bits[i] = ~0ULL;
  bits[0] &= ~3ULL;
  for (int i = 2; i * i < LIMIT; i++)
    if (bits[i / 64] >> (i % 64) & 1)
      for (int j = i * i; j < LIMIT; j += i) bits[j / 64] &= ~(1ULL << (j % 64));
  int primes = 0;
  for (int i = 0; i < LIMIT; i++) primes += (int)(bits[i / 64] >> (i % 64) & 1);
  printf("bitset sieve: %d primes below %d\n", primes, LIMIT);
  uint32_t w = 0;
  w = set_field(w, 0, 4, 0xa);
  w = set_field(w, 4, 8, 0x5c);
  w = set_field(w, 20, 12, 0xfff);
  w = set_field(w, 24, 4, 0x3);
  printf("fields: %08x -> %x %x %x %x\n", w, get_field(w, 0, 4), get_field(w, 4, 8), get_field(w, 20, 4), get_field(w, 24, 8));
  int8_t sb = -128;
  uint8_t ub = 0x80;
  printf("narrow shifts: %d %d %u %u\n", sb >> 1, (int8_t)((uint8_t)sb << 1), ub >> 7, (uint8_t)(ub << 1));
  printf("mask tricks: lowest set %lx, clear lowest %lx, isolate zeros %lx\n", 0x5800UL & -0x5800UL, 0x5800UL & (0x5800UL - 1), ~0x5800UL & (0x5800UL + 1));
  return 0;
}
