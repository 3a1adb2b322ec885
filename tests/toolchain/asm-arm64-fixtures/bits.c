// A second freestanding program for the A64 assembler tests, aimed at the
// instructions prog.c does not make gcc use: bit counting and reversal,
// rotates, bitfields, 128-bit carries, conditional selects, atomics
// (exclusive loads/stores with -mno-outline-atomics), and struct copies.
typedef unsigned long u64;
typedef unsigned int u32;
static long sys3(long n, long a, long b, long c) {
  register long x8 __asm__("x8") = n, x0 __asm__("x0") = a, x1 __asm__("x1") = b, x2 __asm__("x2") = c;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}
struct flags { unsigned a : 3, b : 7, c : 12, d : 10; };
struct big { long v[6]; };
static volatile long counter;
static struct big src = {{1, 2, 3, 4, 5, 6}};
static struct big dst;
static const char hexd[] = "0123456789abcdef";
static char out[17];

__attribute__((noinline)) u64 bitmix(u64 x, u32 y) {
  u64 r = (u64)__builtin_clzl(x | 1) + __builtin_ctzl(x | 0x8000) + __builtin_clz(y | 1);
  r += __builtin_bswap64(x) ^ __builtin_bswap32(y) ^ __builtin_bswap16((unsigned short)y);
  r += (x >> 13) | (x << 51);                       // ror
  r += (u32)((y >> 7) | (y << 25));
  r += (long)(int)y >> 3;                           // asr, sxtw
  r += (signed char)x + (short)y + (unsigned char)(x >> 8) + (unsigned short)(y >> 4);
  return r;
}
__attribute__((noinline)) u32 fields(struct flags *f, u32 v) {
  f->a = v; f->b = v >> 3; f->c = v >> 10; f->d = v >> 22;
  return f->a * 3 + f->b * 5 + f->c * 7 + f->d * 11;
}
__attribute__((noinline)) u64 wide(u64 a, u64 b) {
  unsigned __int128 p = (unsigned __int128)a * b, s = p + ((unsigned __int128)b << 64) + a;
  __int128 q = (__int128)(long)a * (long)b;
  return (u64)(s >> 64) ^ (u64)s ^ (u64)(q >> 64);
}
__attribute__((noinline)) long select(long a, long b, int c) {
  long r = c > 0 ? a : b;
  r += c == 3 ? 1 : 0;
  r += a < b ? -a : b;
  r -= (unsigned long)a >= (unsigned long)b ? a + 1 : ~b;
  return r;
}
__attribute__((noinline)) long atomics(void) {
  long old = __atomic_fetch_add(&counter, 5, __ATOMIC_SEQ_CST);
  long exp = 5;
  __atomic_compare_exchange_n(&counter, &exp, 42, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
  __atomic_exchange_n(&counter, __atomic_load_n(&counter, __ATOMIC_ACQUIRE) + 1, __ATOMIC_RELEASE);
  __atomic_store_n(&counter, counter * 2, __ATOMIC_RELEASE);
  return old + counter;
}
// gcc may turn the struct copy into a memcpy call (-Os); volatile keeps this
// one from becoming a call to itself.
void *memcpy(void *d, const void *s, unsigned long n) {
  volatile char *dd = d; const char *ss = s;
  while (n--) *dd++ = *ss++;
  return d;
}
static const char *hex(u64 v) { for (int i = 15; i >= 0; i--) { out[i] = hexd[v & 15]; v >>= 4; } out[16] = 0; return out; }
static void put(const char *s) { long n = 0; while (s[n]) n++; sys3(64, 1, (long)s, n); }
void _start(void) {
  struct flags f;
  dst = src;
  u64 h = bitmix(0x0123456789abcdefUL, 0xdeadbeef);
  h = h * 31 + fields(&f, 0x9abcdef1);
  h = h * 31 + wide(0xfedcba9876543210UL, 0x0f1e2d3c4b5a6978UL);
  h = h * 31 + select(7, -9, 3) + select(-5, 4, 0);
  h = h * 31 + atomics();
  for (int i = 0; i < 6; i++) h = h * 31 + dst.v[i];
  put(hex(h)); put("\n");
  sys3(93, h & 0x7f, 0, 0);
}
