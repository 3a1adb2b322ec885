/* Unions, enums and typedef chains: a tagged union of shapes, type punning
 * through a union of integer views (little-endian byte order on both
 * targets), enums with explicit and implicit values used as array indices
 * and switch labels, and typedefs of typedefs of pointers and functions. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

typedef enum { SHAPE_RECT, SHAPE_CIRCLE = 5, SHAPE_TRI, SHAPE_LINE = SHAPE_TRI + 10, SHAPE_POINT } ShapeKind;

typedef struct {
  ShapeKind kind;
  union {
    struct { int w, h; } rect;
    struct { int r; } circle;
    struct { int a, b, c; } tri;
    struct { int x0, y0, x1, y1; } line;
  } u;
} Shape;

typedef int Int;
typedef Int Count;
typedef Count *CountPtr;
typedef CountPtr CountPtrArray[3];
typedef long (*Metric)(const Shape *);
typedef Metric MetricTable[2];

static long area(const Shape *s) {
  switch (s->kind) {
  case SHAPE_RECT: return (long)s->u.rect.w * s->u.rect.h;
  case SHAPE_CIRCLE: return 314L * s->u.circle.r * s->u.circle.r / 100;
  case SHAPE_TRI: {
    long p = (s->u.tri.a + s->u.tri.b + s->u.tri.c) / 2;
    long q = p * (p - s->u.tri.a) * (p - s->u.tri.b) * (p - s->u.tri.c), r = 0;
    while ((r + 1) * (r + 1) <= q) r++;
    return r;
  }
  case SHAPE_LINE:
  case SHAPE_POINT: return 0;
  }
  return -1;
}

static long perimeter(const Shape *s) {
  switch (s->kind) {
  case SHAPE_RECT: return 2L * (s->u.rect.w + s->u.rect.h);
  case SHAPE_CIRCLE: return 628L * s->u.circle.r / 100;
  case SHAPE_TRI: return s->u.tri.a + s->u.tri.b + s->u.tri.c;
  case SHAPE_LINE: {
    long dx = s->u.line.x1 - s->u.line.x0, dy = s->u.line.y1 - s->u.line.y0;
    return (dx < 0 ? -dx : dx) + (dy < 0 ? -dy : dy);
  }
  default: return 0;
  }
}

static const char *kind_name(ShapeKind k) {
  static const char *const names[] = { [SHAPE_RECT] = "rect", [SHAPE_CIRCLE] = "circle", [SHAPE_TRI] = "tri",
                                       [SHAPE_LINE] = "line", [SHAPE_POINT] = "point" };
  return names[k];
}

typedef union {
  uint64_t u64;
  uint32_t u32[2];
  uint16_t u16[4];
  uint8_t u8[8];
  int64_t i64;
} Word;

typedef union { struct { uint8_t lo, hi; } b; uint16_t w; } Reg16;

enum Flags { F_READ = 1 << 0, F_WRITE = 1 << 1, F_EXEC = 1 << 2, F_ALL = F_READ | F_WRITE | F_EXEC };

int main(void) {
  Shape shapes[] = {
    { SHAPE_RECT, { .rect = { 3, 4 } } },
    { .kind = SHAPE_CIRCLE, .u.circle.r = 10 },
    { .kind = SHAPE_TRI, .u = { .tri = { 13, 14, 15 } } },
    { .kind = SHAPE_LINE, .u.line = { 1, 2, -5, 10 } },
    { .kind = SHAPE_POINT },
  };
  MetricTable metrics = { area, perimeter };
  for (unsigned i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
    printf("%-6s kind=%2d area=%ld perimeter=%ld\n", kind_name(shapes[i].kind), shapes[i].kind, metrics[0](&shapes[i]),
           metrics[1](&shapes[i]));
  printf("sizeof Shape=%zu union=%zu enum=%zu\n", sizeof(Shape), sizeof shapes[0].u, sizeof(ShapeKind));

  Word w;
  w.u64 = 0x0123456789abcdefULL;
  printf("u32: %08x %08x\n", w.u32[0], w.u32[1]);
  printf("u16: %04x %04x %04x %04x\n", w.u16[0], w.u16[1], w.u16[2], w.u16[3]);
  printf("u8:");
  for (int i = 0; i < 8; i++) printf(" %02x", w.u8[i]);
  printf("\n");
  w.u8[7] = 0xff;
  printf("after byte write: i64=%ld u64=%lx\n", w.i64, w.u64);
  Word z = { 0 };
  z.u16[1] = 0xbeef;
  printf("partial init: %lx\n", z.u64);

  Reg16 r = { .w = 0x1234 };
  printf("reg16 lo=%02x hi=%02x\n", r.b.lo, r.b.hi);
  r.b.hi = 0xab;
  printf("reg16 w=%04x\n", r.w);

  Count a = 1, b = 2, c = 3;
  CountPtrArray ptrs = { &a, &b, &c };
  for (int i = 0; i < 3; i++) *ptrs[i] *= 10;
  printf("typedef chain: %d %d %d sizeof(CountPtrArray)=%zu\n", a, b, c, sizeof(CountPtrArray));

  enum Flags f = F_READ | F_EXEC;
  printf("flags %d all=%d has-write=%d\n", f, F_ALL, (f & F_WRITE) != 0);
  int hist[SHAPE_POINT + 1];
  memset(hist, 0, sizeof hist);
  for (int i = 0; i < 20; i++) hist[(ShapeKind)(i % 3 == 0 ? SHAPE_LINE : i % 3 == 1 ? SHAPE_CIRCLE : SHAPE_POINT)]++;
  printf("hist: line=%d circle=%d point=%d rect=%d\n", hist[SHAPE_LINE], hist[SHAPE_CIRCLE], hist[SHAPE_POINT], hist[SHAPE_RECT]);
  union { int i; char c[4]; } one = { 0x41424344 };
  printf("bytes of int: %c%c%c%c\n", one.c[0], one.c[1], one.c[2], one.c[3]);
  return 0;
}
