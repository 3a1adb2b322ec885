// Integer C that exercises most of what gcc emits for AArch64: arithmetic of
// every width and signedness, shifts, bitfields, comparisons and selects,
// switch tables, loads/stores of every size, 128-bit multiplies, calls
// through pointers. Used by the disassembler tests (compiled at -O0, -O2)
// with a tiny _start.

export const C_SNIPPETS = `
typedef unsigned long u64; typedef long i64; typedef unsigned u32; typedef int i32;
typedef unsigned short u16; typedef short i16; typedef unsigned char u8; typedef signed char i8;
struct bits { unsigned a : 3, b : 7, c : 13; int d : 5; };
volatile u64 sink;
u64 seeded = 0x9e3779b97f4a7c15UL;   /* initialised data: the RW segment is not only .bss */
u8 buf8[64]; i16 buf16[32]; i32 buf32[16]; i64 buf64[8];
static i64 fib(i64 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
u64 mix(u64 a, u32 b, i32 c) { return (a >> 3) ^ ((u64)b << 5) ^ (u64)(i64)c * 7 + a / (b | 1) + c % 5; }
i64 sdivs(i64 a, i64 b) { return b ? a / b + a % b : 0; }
u64 mulhi(u64 a, u64 b) { return (u64)(((unsigned __int128)a * b) >> 64); }
i64 smulhi(i64 a, i64 b) { return (i64)(((__int128)a * b) >> 64); }
int cmps(i64 a, i64 b, u64 c, u64 d) { return (a < b) + (a <= b) * 2 + (c > d) * 4 + (c >= d) * 8 + (a == b) * 16; }
i64 sel(i64 a, i64 b, int f) { return f ? a : b; }
i64 neg_if(i64 a, int f) { return f > 3 ? -a : a; }
i32 sw(int x) { switch (x) { case 0: return 4; case 1: return 7; case 2: return 11; case 3: return 99; case 4: return 5; case 5: return 1; default: return -1; } }
u32 bf(struct bits *p, u32 v) { p->b = v; p->d = (int)v; return p->a + p->c + p->d; }
u64 rot(u64 x, int n) { return (x << n) | (x >> (64 - n)); }
u32 rot32(u32 x) { return (x >> 7) | (x << 25); }
int clz(u64 x) { return x ? __builtin_clzl(x) : 64; }
int ctz(u32 x) { return x ? __builtin_ctz(x) : 32; }
u64 bswap(u64 x) { return __builtin_bswap64(x); }
u32 bswap32(u32 x) { return __builtin_bswap32(x); }
u16 bswap16(u16 x) { return __builtin_bswap16(x); }
i64 loads(int i) { return buf8[i] + buf16[i] + buf32[i & 15] + buf64[i & 7] + (i8)buf8[i + 1] + (u16)buf16[i + 1]; }
void stores(int i, i64 v) { buf8[i] = v; buf16[i] = v; buf32[i & 15] = v; buf64[i & 7] = v; }
u64 sum(const u64 *p, int n) { u64 s = 0; for (int i = 0; i < n; i++) s += p[i] * (u64)i; return s; }
i64 ext(i32 a, u32 b, i16 c, u8 d) { return (i64)a + (u64)b + c + d; }
typedef i64 (*fn)(i64);
i64 callp(fn f, i64 x) { return f(x) + 1; }
u64 big(void) { return 0x123456789abcdef0UL ^ 0xffff0000ffffUL; }
i32 minmax(i32 a, i32 b) { i32 m = a < b ? a : b; i32 M = a > b ? a : b; return M - m; }
u64 lsr_var(u64 a, u64 n) { return (a >> n) + ((i64)a >> (n & 7)) + (a << (n & 31)); }
void _start(void) {
  sink = fib(10) + mix(sink, 3, -4) + sdivs(sink, 3) + mulhi(sink, 5) + smulhi(sink, -3) + cmps(1, 2, 3, 4)
    + sel(1, 2, (int)sink) + neg_if(5, (int)sink) + sw((int)sink) + rot(sink, 3) + rot32((u32)sink) + clz(sink)
    + ctz((u32)sink) + bswap(sink) + bswap32((u32)sink) + bswap16((u16)sink) + loads(3) + sum(buf64, 8)
    + ext(-1, 2, -3, 4) + callp(fib, 5) + big() + minmax(3, 9) + lsr_var(sink, 9);
  sink ^= seeded;
  stores(1, (i64)sink);
  struct bits b = {0}; sink += bf(&b, 77);
  register long x0 __asm__("x0") = (long)(sink & 255); register long x8 __asm__("x8") = 93;
  __asm__ volatile("svc 0" : : "r"(x0), "r"(x8));
  for (;;) {}
}
`;
