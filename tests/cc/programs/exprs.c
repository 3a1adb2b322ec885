/* Expression corner cases: side effects evaluated exactly once in compound
 * assignments and increments (a[f()] += 1, *p++ = *q++), narrow compound
 * assignments, odd-sized structs returned in registers (3, 5, 6, 7 bytes),
 * unions by value, the conditional operator mixing types and null pointers,
 * switches on chars and negative values, _Bool conversions, pointer
 * arithmetic and comparisons, variable shift counts, string-literal escapes
 * and concatenation, and big local arrays (frames past 4 KB and 32 KB). */
#include <stdio.h>
#include <string.h>
#include <stdbool.h>

static int calls;
static int idx(int i) { calls++; return i; }

typedef struct { char c[3]; } B3;
typedef struct { char c[5]; } B5;
typedef struct { short s[3]; } B6;
typedef struct { char c[7]; } B7;
typedef struct { int i; char c; } B8m;
typedef union { int i; unsigned char b[4]; short s[2]; } U4;
typedef union { long l; char c[12]; } U16;

static B3 mk3(int k) { B3 r; for (int i = 0; i < 3; i++) r.c[i] = (char)('a' + k + i); return r; }
static B5 mk5(int k) { B5 r; for (int i = 0; i < 5; i++) r.c[i] = (char)('A' + k + i); return r; }
static B6 mk6(int k) { B6 r = { { (short)k, (short)-k, (short)(k * 100) } }; return r; }
static B7 mk7(int k) { B7 r; for (int i = 0; i < 7; i++) r.c[i] = (char)('0' + (k + i) % 10); return r; }
static B8m mk8(int k) { return (B8m){ k * 3, (char)('x' + k) }; }
static U4 swapu(U4 u) { unsigned char t = u.b[0]; u.b[0] = u.b[3]; u.b[3] = t; return u; }
static U16 u16(long l) { U16 u; memset(&u, 0, sizeof u); u.l = l; u.c[11] = 'Z'; return u; }
static int sum7(B7 b) { int s = 0; for (int i = 0; i < 7; i++) s += b.c[i] - '0'; return s; }

static const char *kind(int c) {
  switch ((unsigned char)c) {
  case 'a': case 'e': case 'i': case 'o': case 'u': return "vowel";
  case 0xe9: return "e-acute";
  case '\n': return "newline";
  }
  return "other";
}
static int signs(long v) {
  switch (v) {
  case -3: return 30;
  case -2: case -1: return 21;
  case 0: return 0;
  case 2147483648L: return 99;
  default: return v < 0 ? -1 : 1;
  }
}

static long deep(int depth) {
  long big[600];                  /* 4.8 KB frame: offsets past 4095 */
  for (int i = 0; i < 600; i++) big[i] = i * depth;
  if (depth == 0) return big[599];
  return big[599] + big[1] + deep(depth - 1);
}
static long huge_frame(void) {
  char area[40000];               /* beyond ldr/str's scaled 32 KB reach */
  for (int i = 0; i < 40000; i += 997) area[i] = (char)i;
  area[39999] = 7;
  long s = 0;
  for (int i = 0; i < 40000; i += 997) s += area[i];
  return s + area[39999];
}

int main(void) {
  int a[6] = { 1, 2, 3, 4, 5, 6 };
  a[idx(2)] += 10;
  a[idx(3)]++;
  --a[idx(4)];
  a[idx(5)] <<= 2;
  printf("once: calls=%d a=%d %d %d %d %d %d\n", calls, a[0], a[1], a[2], a[3], a[4], a[5]);
  char src[] = "copy me", dst[8], *p = dst;
  const char *q = src;
  while ((*p++ = *q++)) ;
  printf("copied '%s', p-dst=%ld\n", dst, (long)(p - dst));
  int i = 0, arr[4] = { 0 };
  i = 0;
  arr[i] = 5, i++, arr[i] = 6;
  printf("comma assigns %d %d i=%d\n", arr[0], arr[1], i);
  signed char sc = 100; sc += 27; sc -= 1;
  unsigned char uc = 200; uc *= 2; uc >>= 1;
  short sh = 1000; sh *= 30;
  unsigned short us = 300; us *= us;
  char ch = 'A'; ch += 2; ch |= 0x20;
  printf("narrow: %d %d %d %d %c\n", sc, uc, sh, us, ch);
  B3 b3 = mk3(1); B5 b5 = mk5(2); B6 b6 = mk6(7); B7 b7 = mk7(3); B8m b8 = mk8(2);
  printf("odd structs: %.3s %.5s %d/%d/%d %.7s sum7=%d b8=%d,%c sizes %zu %zu %zu %zu %zu\n", b3.c, b5.c, b6.s[0], b6.s[1], b6.s[2], b7.c, sum7(b7),
         b8.i, b8.c, sizeof b3, sizeof b5, sizeof b6, sizeof b7, sizeof b8);
  U4 u = { 0x11223344 };
  U4 v = swapu(u);
  U16 w = u16(-2);
  printf("unions: %08x %08x %d %d l=%ld c11=%c size=%zu\n", u.i, v.i, v.s[0], v.s[1], w.l, w.c[11], sizeof w);
  int x = 5, *np = 0;
  int *pick = x > 3 ? &x : np;
  const char *msg = x & 1 ? "odd" : "even";
  long mixed = x > 10 ? 1L << 40 : -1;
  unsigned um = x < 10 ? -1 : 1u;
  printf("cond: %d %s %ld %u null=%d\n", *pick, msg, mixed, um, (x > 100 ? np : 0) == 0);
  const char *s = "aeXo\n\xe9";
  for (const char *c = s; *c; c++) printf("%s ", kind(*c));
  printf("\n");
  long probes[] = { -4, -3, -2, -1, 0, 1, 2147483648L };
  for (int k = 0; k < 7; k++) printf("%d ", signs(probes[k]));
  printf("\n");
  bool t1 = 256, t2 = 0 == 0, t3 = (bool)(2 & 1), t4 = -1;
  int bsum = t1 + t2 + t3 + t4;
  bool flip = !t1;
  printf("bools: %d %d %d %d sum=%d flip=%d size=%zu\n", t1, t2, t3, t4, bsum, flip, sizeof(bool));
  int grid[3][4];
  int *first = &grid[0][0], *last = &grid[2][3];
  printf("ptrs: diff=%ld lt=%d eq=%d row-diff=%ld\n", (long)(last - first), first < last, &grid[1][0] == first + 4, (long)(&grid[2] - &grid[0]));
  unsigned long one = 1;
  long neg = -1;
  unsigned long acc = 0;
  for (int sft = 0; sft < 64; sft += 7) acc ^= (one << sft) | ((unsigned long)neg >> sft) | ((unsigned long)neg << (sft & 31));
  printf("variable shifts: %016lx\n", acc);
  printf("escapes: [%s] [%s] len=%zu\n", "tab\there", "oct\101\102 hex\x43" "concat" " more", strlen("a\0b"));
  printf("deep=%ld huge=%ld\n", deep(5), huge_frame());
  return 0;
}
