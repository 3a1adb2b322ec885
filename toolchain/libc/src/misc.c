/* assert's failure path, and GCC's bit-counting builtins as functions. */
#include <stdio.h>
#include <stdlib.h>

void __assert_fail(const char *expr, const char *file, int line, const char *func) {
  fprintf(stderr, "%s:%d: %s: Assertion `%s' failed.\n", file, line, func, expr);
  abort();
}

int __builtin_popcountll(unsigned long long v) { int n = 0; while (v) { v &= v - 1; n++; } return n; }
int __builtin_popcountl(unsigned long v) { return __builtin_popcountll(v); }
int __builtin_popcount(unsigned int v) { return __builtin_popcountll(v); }
int __builtin_clzll(unsigned long long v) { int n = 0; if (!v) return 64; while (!(v & (1ULL << 63))) { v <<= 1; n++; } return n; }
int __builtin_clzl(unsigned long v) { return __builtin_clzll(v); }
int __builtin_clz(unsigned int v) { return __builtin_clzll(v) - 32; }
int __builtin_ctzll(unsigned long long v) { int n = 0; if (!v) return 64; while (!(v & 1)) { v >>= 1; n++; } return n; }
int __builtin_ctzl(unsigned long v) { return __builtin_ctzll(v); }
int __builtin_ctz(unsigned int v) { return __builtin_ctzll(v); }
unsigned short __builtin_bswap16(unsigned short v) { return (unsigned short)(v << 8 | v >> 8); }
unsigned int __builtin_bswap32(unsigned int v) { return v << 24 | (v & 0xff00) << 8 | (v >> 8 & 0xff00) | v >> 24; }
unsigned long __builtin_bswap64(unsigned long v) { return (unsigned long)__builtin_bswap32(v) << 32 | __builtin_bswap32(v >> 32); }
void __builtin_trap(void) { abort(); }
void __builtin_unreachable(void) { abort(); }
