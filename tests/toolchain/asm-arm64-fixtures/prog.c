// A freestanding C program for the A64 assembler tests: gcc compiles it to
// assembly (-O0/-O2/-Os), we and gas assemble that, and both binaries must
// behave alike under qemu-aarch64. Switches, globals, strings, 128-bit
// multiply, division and inline asm give gcc a reason to use most forms.
typedef unsigned long u64;
static long sys3(long n, long a, long b, long c) {
  register long x8 __asm__("x8") = n, x0 __asm__("x0") = a, x1 __asm__("x1") = b, x2 __asm__("x2") = c;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}
static unsigned long slen(const char *s) { unsigned long n = 0; while (s[n]) n++; return n; }
static void puts_(const char *s) { sys3(64, 1, (long)s, slen(s)); }
int table[16] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3};
short shorts[4] = {-1, 2, -3, 4};
signed char bytes[4] = {-5, 6, -7, 8};
u64 big = 0x123456789abcdef0UL;
const char *names[] = {"zero", "one", "two", "three", "four", "five"};
__attribute__((noinline)) int classify(int x) {
  switch (x) { case 0: return 11; case 1: return 22; case 2: return 33; case 3: return 44; case 4: return 55; case 5: return 66; case 7: return 77; default: return -1; }
}
__attribute__((noinline)) u64 mix(u64 a, u64 b) {
  u64 r = a * b + (a >> 7) - (b << 3);
  r ^= (r >> 17) | (r << 47);
  r += (u64)((__int128)a * b >> 64);
  r += a / (b | 1) + (long)a % 13;
  return r;
}
__attribute__((noinline)) long sum(void) {
  long s = 0;
  for (int i = 0; i < 16; i++) s += table[i] * (i + 1);
  for (int i = 0; i < 4; i++) s += shorts[i] + bytes[i];
  return s;
}
static char buf[32];
static const char *utoa(u64 v) { char *p = buf + 31; *p = 0; do { *--p = '0' + v % 10; v /= 10; } while (v); return p; }
void _start(void) {
  long s = sum();
  int c = 0;
  for (int i = 0; i < 9; i++) c += classify(i);
  u64 m = mix(big, 12345);
  puts_(names[3]); puts_(" ");
  puts_(utoa(s)); puts_(" "); puts_(utoa(c)); puts_(" "); puts_(utoa(m)); puts_("\n");
  sys3(93, (s + c + m) & 0xff, 0, 0);
}
