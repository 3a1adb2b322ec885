/* Structs by value across the ABI classes: tiny (1-8 bytes, one register),
 * medium (9-16 bytes, two registers), large (>16 bytes, memory / x8 on arm64),
 * mixed member types, nested structs, arrays inside structs, struct
 * assignment, returning structs, and struct arguments past the registers. */
#include <stdio.h>
#include <string.h>

typedef struct { char c; } S1;
typedef struct { short a; char b; } S4;
typedef struct { char a, b, c; } S3;
typedef struct { int a, b; } S8;
typedef struct { char a; int b; short c; } S12;
typedef struct { long a; long b; } S16;
typedef struct { int x; char tag[5]; } S12b;
typedef struct { long a, b, c; } S24;
typedef struct { int v[10]; char name[12]; } Big;
typedef struct { S8 pos; S4 extra; } Nested;
typedef struct { unsigned char r, g, b, a; } Rgba;

static S1 mk1(char c) { S1 s = { c }; return s; }
static S3 mk3(char a, char b, char c) { return (S3){ a, b, c }; }
static S4 mk4(short a, char b) { S4 s; s.a = a; s.b = b; return s; }
static S8 mk8(int a, int b) { return (S8){ .b = b, .a = a }; }
static S12 mk12(char a, int b, short c) { S12 s = { a, b, c }; return s; }
static S16 mk16(long a, long b) { return (S16){ a, b }; }
static S24 mk24(long a, long b, long c) { S24 s = { a, b, c }; return s; }

static long sum1(S1 s) { return s.c; }
static long sum3(S3 s) { return s.a + s.b * 10 + s.c * 100; }
static long sum4(S4 s) { return s.a * 7 + s.b; }
static long sum8(S8 s) { return (long)s.a * 1000 + s.b; }
static long sum12(S12 s) { return s.a + s.b + s.c; }
static long sum16(S16 s) { return s.a - s.b; }
static long sum24(S24 s) { return s.a * 100 + s.b * 10 + s.c; }

/* Many struct arguments: the later ones no longer fit in registers. */
static long many(S8 a, S16 b, S8 c, S16 d, S24 e, S8 f, S16 g, S4 h, S12 i, int j) {
  return sum8(a) + sum16(b) * 3 + sum8(c) * 5 + sum16(d) * 7 + sum24(e) + sum8(f) * 11 + sum16(g) * 13 + sum4(h) + sum12(i) + j;
}

/* Mixed scalars and structs, with an odd number of integer registers used first. */
static long mixed(int a, S16 b, int c, S16 d, long e, S16 f, S16 g) {
  return a + b.a + b.b * 2 + c + d.a * 3 + d.b + e + f.a - f.b + g.a * g.b;
}

static Big make_big(int seed) {
  Big b;
  for (int i = 0; i < 10; i++) b.v[i] = seed * i;
  snprintf(b.name, sizeof b.name, "big%d", seed);
  return b;
}

static Big twice(Big b) { /* the callee's copy is modified; the caller's must not be */
  for (int i = 0; i < 10; i++) b.v[i] *= 2;
  strcat(b.name, "x2");
  return b;
}

static Nested nest(Nested n) { n.pos.a += n.extra.a; n.extra.b ^= 1; return n; }

static Rgba blend(Rgba x, Rgba y) {
  return (Rgba){ (unsigned char)((x.r + y.r) / 2), (unsigned char)((x.g + y.g) / 2), (unsigned char)((x.b + y.b) / 2), 255 };
}

typedef long (*S16fn)(S16);

int main(void) {
  printf("s1=%ld s3=%ld s4=%ld s8=%ld s12=%ld s16=%ld s24=%ld\n", sum1(mk1(-5)), sum3(mk3(1, 2, 3)), sum4(mk4(-300, 9)),
         sum8(mk8(-7, 123)), sum12(mk12(-1, 100000, -2)), sum16(mk16(1L << 40, -3)), sum24(mk24(1, 2, 3)));
  printf("many=%ld\n", many(mk8(1, 2), mk16(3, 4), mk8(5, 6), mk16(7, 8), mk24(9, 10, 11), mk8(12, 13), mk16(14, 15), mk4(16, 17),
                            mk12(18, 19, 20), 21));
  printf("mixed=%ld\n", mixed(1, mk16(2, 3), 4, mk16(5, 6), 7, mk16(8, 9), mk16(10, 11)));
  Big a = make_big(3);
  Big b = twice(a);
  printf("a: %s v9=%d  b: %s v9=%d\n", a.name, a.v[9], b.name, b.v[9]);
  Big arr[3];
  arr[0] = a; arr[1] = b; arr[2] = twice(twice(b));
  long total = 0;
  for (int i = 0; i < 3; i++) for (int j = 0; j < 10; j++) total += arr[i].v[j];
  printf("arr total=%ld names %s %s %s\n", total, arr[0].name, arr[1].name, arr[2].name);
  Nested n = { { 10, 20 }, { 5, 'a' } };
  Nested m = nest(nest(n));
  printf("nested: %d %d %d %c -> %d %d %d %c\n", n.pos.a, n.pos.b, n.extra.a, n.extra.b, m.pos.a, m.pos.b, m.extra.a, m.extra.b);
  Rgba c = blend((Rgba){ 255, 0, 100, 1 }, (Rgba){ 1, 255, 50, 2 });
  printf("rgba %u %u %u %u size %zu\n", c.r, c.g, c.b, c.a, sizeof c);
  printf("sizes: %zu %zu %zu %zu %zu %zu %zu %zu %zu\n", sizeof(S1), sizeof(S3), sizeof(S4), sizeof(S8), sizeof(S12), sizeof(S16),
         sizeof(S12b), sizeof(S24), sizeof(Big));
  S16fn fp = sum16;
  S16 pairs[4] = { { 1, 2 }, { 30, 4 }, [3] = { -5, -6 } };
  for (int i = 0; i < 4; i++) printf("fp(pairs[%d])=%ld ", i, fp(pairs[i]));
  printf("\n");
  S12b t = { 7, "abcd" }, u;
  u = t;
  u.tag[0] = 'z';
  printf("copy: %d %s %s equal-x=%d\n", u.x, t.tag, u.tag, t.x == u.x);
  struct { S8 inner[2]; long k; } outer = { { { 1, 2 }, { 3, 4 } }, 5 }, outer2 = outer;
  outer2.inner[1].b = 40;
  printf("outer %d %d %ld\n", outer.inner[1].b, outer2.inner[1].b, outer2.k);
  return 0;
}
