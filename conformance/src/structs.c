/* Struct copies and struct return by value. Small structs come back in
 * registers (RAX:RDX on x86_64; X0:X1 on AArch64), large ones through a
 * hidden pointer (x86_64 RDI; AArch64 X8) — SysV AMD64 ABI 3.2.3 and
 * AAPCS64 6.9. Copies of big structs become memcpy calls or block moves. */
#include "rt.h"

struct pair { long a, b; };
struct small { int x; short y; char z; };
struct big { long v[12]; char name[20]; };
struct mixed { uint8_t tag; uint64_t val; uint16_t w; };

static struct pair mkpair(long a, long b) { struct pair p = { a * 2, b - a }; return p; }
static struct small mksmall(int k) { struct small s = { k * 1000, (short)(k * 7), (char)('a' + k % 26) }; return s; }
static struct big mkbig(int k) {
  struct big b;
  for (int i = 0; i < 12; i++) b.v[i] = (long)k * i * i - i;
  for (int i = 0; i < 19; i++) b.name[i] = (char)('A' + (k + i) % 26);
  b.name[19] = 0;
  return b;
}
static long sum_big(struct big b) { long s = 0; for (int i = 0; i < 12; i++) s += b.v[i]; return s; }
static struct mixed bump(struct mixed m) { m.tag++; m.val <<= 3; m.w ^= 0xffff; return m; }
static struct pair swap(struct pair p) { struct pair q = { p.b, p.a }; return q; }

int main(void) {
  struct pair p = mkpair(OPAQUE(21), 100);
  struct pair q = swap(p);
  printf("pair %ld %ld swapped %ld %ld\n", p.a, p.b, q.a, q.b);
  struct small s = mksmall(OPAQUE(5));
  printf("small %d %d %c size %u\n", s.x, s.y, s.z, (unsigned)sizeof s);
  struct big b = mkbig(OPAQUE(3));
  struct big c = b;           /* struct assignment */
  c.v[5] = -1;
  printf("big sum %ld copy sum %ld name %s size %u\n", sum_big(b), sum_big(c), c.name, (unsigned)sizeof b);
  struct mixed m = { 1, 0x0123456789abcdefull, 0x1234 };
  for (int i = 0; i < 5; i++) m = bump(m);
  printf("mixed %u %llx %x size %u\n", m.tag, (unsigned long long)m.val, m.w, (unsigned)sizeof m);
  struct big arr[4];
  for (int i = 0; i < 4; i++) arr[i] = mkbig(i);
  struct big t = arr[0]; arr[0] = arr[3]; arr[3] = t;
  long total = 0;
  for (int i = 0; i < 4; i++) total = total * 10 + sum_big(arr[i]);
  printf("array total %ld first name %s\n", total, arr[0].name);
  return 0;
}
