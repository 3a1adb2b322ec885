/* Declarators and static data: pointers to arrays and functions returning
 * pointers to arrays, typedef'd function types, abstract declarators in casts
 * and sizeof, static initializers holding addresses (of array elements,
 * struct members, functions, string literals plus offsets), arrays of char
 * arrays, flexible array members, anonymous unions, negative enums, __func__,
 * and offsetof. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>

typedef int Fn(int);                 /* a function type */
static int inc(int x) { return x + 1; }
static int dbl(int x) { return x * 2; }
static Fn *ops[] = { inc, dbl, inc };

static int table[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
static int (*row_of(int r))[3] { return &table[r]; }          /* returns a pointer to an array */
static int (*(*row_getter)(int))[3] = row_of;                 /* pointer to such a function */

struct G { int a; long b; char name[8]; };
static struct G g = { 1, 2, "gee" };
static int arr[10] = { 0, 10, 20, 30, 40, 50, 60, 70, 80, 90 };
static int *p3 = &arr[3];
static int *pend = arr + 10;
static long *pb = &g.b;
static char *pname = g.name + 1;
static const char *tail = "literal" + 3;
static const char names[][6] = { "one", "two", "three", "four" };
static struct { const char *label; int (*fn)(int); int *target; } actions[] = {
  { "inc", inc, &arr[1] }, { "dbl", dbl, &arr[2] }, { "none", NULL, NULL },
};
static struct { char n[4]; int v; } pairs[] = { { "ab", 1 }, { "cd", 2 }, { "efg", 3 } };
static union { int i; char c[4]; long l; } un = { .l = 0x4142434445464748L };

struct Msg { int len; char data[]; };      /* flexible array member */

struct Tagged {
  int kind;
  union { int i; long l; const char *s; };  /* anonymous union (C11, accepted by gcc as an extension) */
};

enum Temp { FREEZING = -40, COLD = -5, MILD = 15, HOT = 40 };

static const char *whoami(void) { return __func__; }

int main(void) {
  for (int k = 0; k < 3; k++) printf("ops[%d](10)=%d ", k, ops[k](10));
  printf("\n");
  int (*r)[3] = row_getter(1);
  printf("row 1: %d %d %d sizeof *r=%zu\n", (*r)[0], (*r)[1], (*r)[2], sizeof *r);
  printf("statics: *p3=%d end-p3=%ld *pb=%ld pname=%s tail=%s\n", *p3, (long)(pend - p3), *pb, pname, tail);
  printf("names:");
  for (unsigned k = 0; k < sizeof names / sizeof names[0]; k++) printf(" %s(%zu)", names[k], strlen(names[k]));
  printf(" sizeof=%zu\n", sizeof names);
  for (unsigned k = 0; k < 3; k++) {
    if (actions[k].fn) *actions[k].target = actions[k].fn(*actions[k].target);
    printf("%s -> %d ", actions[k].label, actions[k].target ? *actions[k].target : -1);
  }
  printf("\n");
  for (unsigned k = 0; k < 3; k++) printf("%s=%d ", pairs[k].n, pairs[k].v);
  printf("union: %c%c%c%c\n", un.c[0], un.c[1], un.c[2], un.c[3]);
  struct Msg *m = malloc(sizeof *m + 6);
  m->len = 6;
  memcpy(m->data, "hello", 6);
  printf("flexible: %d %s sizeof=%zu offsetof data=%zu\n", m->len, m->data, sizeof(struct Msg), offsetof(struct Msg, data));
  free(m);
  struct Tagged t = { 2, { .l = 1L << 33 } };
  printf("anonymous union: kind %d l=%ld size=%zu\n", t.kind, t.l, sizeof t);
  t.s = "str";
  printf("now s=%s\n", t.s);
  enum Temp temps[] = { FREEZING, COLD, MILD, HOT };
  for (int k = 0; k < 4; k++) printf("%d%s", temps[k], temps[k] < 0 ? "(below) " : " ");
  printf("sizeof enum=%zu\n", sizeof(enum Temp));
  printf("%s says sizes: %zu %zu %zu %zu\n", whoami(), sizeof(int (*)[5]), sizeof(int *[5]), sizeof(Fn *), sizeof(char (*(*)(void))[3]));
  long v = (long)(int (*)[3])table;
  printf("cast via abstract declarator ok: %d\n", v == (long)table);
  printf("offsetof G: %zu %zu %zu\n", offsetof(struct G, a), offsetof(struct G, b), offsetof(struct G, name));
  return 0;
}
