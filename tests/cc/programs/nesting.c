/* Nested evaluation: calls as arguments of calls with many parameters (so
 * the argument registers are refilled while others are pending), struct-
 * returning calls as arguments and as operands of . and ?:, conditional
 * expressions of struct type, struct assignment through pointers from calls,
 * chained assignments across widths, and increments through pointers. */
#include <stdio.h>
#include <string.h>

typedef struct { long a, b; } P2;
typedef struct { long v[4]; } P4;
typedef struct { int x; short y; char z; } Small;

static int depth;
static int g(int x) { depth++; return x * 3 - 1; }
static long h(long a, long b) { return a * 10 + b; }
static P2 mk2(long a, long b) { return (P2){ a, b }; }
static P4 mk4(long s) { P4 p; for (int i = 0; i < 4; i++) p.v[i] = s + i; return p; }
static Small mks(int x) { return (Small){ x, (short)(x * 2), (char)('a' + x) }; }
static long use2(P2 p, long k) { return p.a * k + p.b; }
static long use4(P4 p, P2 q, P4 r) { return p.v[0] + p.v[3] * 10 + q.a * 100 + q.b * 1000 + r.v[1] * 10000; }
static long twelve(long a, long b, long c, long d, long e, long f, long g_, long h_, long i, long j, long k, long l) {
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g_ + 8 * h_ + 9 * i + 10 * j + 11 * k + 12 * l;
}

int main(void) {
  long r = twelve(g(1), g(2), h(g(3), g(4)), g(5), h(6, h(7, 8)), g(6), g(7), h(g(8), 1), g(9), g(10), h(11, g(12)), g(13));
  printf("twelve=%ld calls=%d\n", r, depth);
  printf("struct args from calls: %ld %ld\n", use2(mk2(g(1), g(2)), g(3)), use4(mk4(1), mk2(h(1, 2), 3), mk4(g(4))));
  printf("members of returned structs: %ld %ld %d %c\n", mk2(5, 6).a + mk2(7, 8).b, mk4(10).v[3], mks(3).y, mks(4).z);
  int c = 0;
  P2 chosen = c ? mk2(1, 2) : mk2(3, 4);
  Small sm = !c ? mks(2) : mks(5);
  P4 big = (c = 1) ? mk4(100) : mk4(200);
  printf("struct ?: %ld %ld | %d %d %c | %ld\n", chosen.a, chosen.b, sm.x, sm.y, sm.z, big.v[2]);
  P2 arr[3];
  P2 *pp = arr;
  *pp++ = mk2(1, 1);
  *pp++ = mk2(2, 2);
  *pp = use2(arr[0], 5) > 3 ? mk2(9, 9) : arr[1];
  printf("through pointers: %ld %ld %ld\n", arr[0].a, arr[1].b, arr[2].a);
  long l;
  int i;
  short s;
  unsigned char uc;
  l = i = s = uc = 0x1234567;
  printf("chained: %ld %d %d %u\n", l, i, s, uc);
  l = (i = -1) + (s = 2);
  printf("embedded: %ld %d %d\n", l, i, s);
  char text[] = "abc";
  char *tp = text;
  (*tp)++;
  *++tp += 2;
  tp[1]--;
  printf("incremented: %s\n", text);
  Small ss[2] = { mks(1), mks(2) }, *sp = ss;
  sp++->x += 100;
  sp->y *= 3;
  printf("struct ptr inc: %d %d %d\n", ss[0].x, ss[1].y, (int)(sp - ss));
  size_t n = sizeof(g(100));
  printf("sizeof does not call: %zu depth=%d\n", n, depth);
  P4 copy = mk4(5), other;
  other = copy;
  other.v[0] = 99;
  printf("memcmp structs: %d %d\n", memcmp(&copy, &copy, sizeof copy) == 0, memcmp(&copy, &other, sizeof copy) == 0);
  return 0;
}
