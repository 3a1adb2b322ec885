/* The sieve of Eratosthenes over a byte array and over a bit array
 * (shifts and masks on the address arithmetic). */
#include "rt.h"

#define LIMIT 30000
static unsigned char comp[LIMIT + 1];
static uint64_t bits[(LIMIT >> 6) + 1];

int main(void) {
  unsigned limit = OPAQUE((unsigned)LIMIT);
  for (unsigned i = 2; i * i <= limit; i++)
    if (!comp[i]) for (unsigned j = i * i; j <= limit; j += i) comp[j] = 1;
  unsigned count = 0, last = 0; uint64_t sum = 0;
  for (unsigned i = 2; i <= limit; i++) if (!comp[i]) { count++; last = i; sum += i; }
  printf("bytes: %u primes <= %u, last %u, sum %llu\n", count, limit, last, (unsigned long long)sum);
  for (unsigned i = 2; i * i <= limit; i++)
    if (!(bits[i >> 6] >> (i & 63) & 1)) for (unsigned j = i * i; j <= limit; j += i) bits[j >> 6] |= 1ull << (j & 63);
  unsigned c2 = 0, twins = 0;
  for (unsigned i = 2; i <= limit; i++) if (!(bits[i >> 6] >> (i & 63) & 1)) { c2++; if (i >= 5 && !(bits[(i - 2) >> 6] >> ((i - 2) & 63) & 1)) twins++; }
  uint64_t x = 0;
  for (unsigned i = 0; i <= (LIMIT >> 6); i++) x = (x << 1 | x >> 63) ^ bits[i];
  printf("bits: %u primes, %u twin pairs, fold %016llx\n", c2, twins, (unsigned long long)x);
  for (unsigned i = 2; i < 100; i++) if (!comp[i]) printf("%u ", i);
  printf("\n");
  return 0;
}
