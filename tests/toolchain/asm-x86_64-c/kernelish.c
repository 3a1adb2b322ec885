/* Code in the style of a small kernel: bit fiddling, page tables, a ring
   buffer, string routines, 16/8-bit arithmetic, indirect calls. */
typedef unsigned long u64; typedef unsigned int u32; typedef unsigned short u16; typedef unsigned char u8;
struct ring { u32 head, tail; u8 buf[256]; };
static u64 pagetable[512] __attribute__((aligned(4096)));
volatile u32 ticks;
extern void panic(const char *msg);
typedef long (*handler_t)(long, long);
static long h_add(long a, long b) { return a + b; }
static long h_sub(long a, long b) { return a - b; }
static long h_mul(long a, long b) { return a * b; }
static handler_t handlers[] = { h_add, h_sub, h_mul };
long dispatch(unsigned n, long a, long b) { if (n >= 3) panic("bad syscall"); return handlers[n](a, b); }
int ring_put(struct ring *r, u8 c) { if ((u8)(r->head - r->tail) == 255) return -1; r->buf[r->head++ & 255] = c; return 0; }
int ring_get(struct ring *r) { if (r->head == r->tail) return -1; return r->buf[r->tail++ & 255]; }
void map(u64 va, u64 pa, u64 flags) { u64 i = (va >> 12) & 511; pagetable[i] = (pa & ~0xfffUL) | flags | 1; }
u64 lookup(u64 va) { u64 e = pagetable[(va >> 12) & 511]; return (e & 1) ? (e & ~0xfffUL) | (va & 0xfff) : 0; }
unsigned long strlen_(const char *s) { const char *p = s; while (*p) p++; return p - s; }
int memcmp_(const void *a, const void *b, unsigned long n) { const u8 *x = a, *y = b; for (; n; n--, x++, y++) if (*x != *y) return *x - *y; return 0; }
void *memset_(void *d, int c, unsigned long n) { u8 *p = d; while (n--) *p++ = (u8)c; return d; }
u16 csum(const u16 *p, int n) { u32 s = 0; while (n-- > 0) s += *p++; s = (s >> 16) + (s & 0xffff); return (u16)~(s + (s >> 16)); }
int sdiv(int a, int b) { return a / b + a % b; }
u64 udiv(u64 a, u64 b) { return a / b + a % b; }
signed char sb(signed char a, signed char b) { return (signed char)(a * b - (a >> 2)); }
long rotl(unsigned long x, int r) { return (x << r) | (x >> (64 - r)); }
int bits(u64 x) { return __builtin_popcountll(x) * 100 + __builtin_ffsll(x); }
void tick(void) { ticks++; if (ticks % 100 == 0) __asm__ volatile("nop"); }
long big(void) { return 0x123456789abcdefL + (long)&ticks; }
