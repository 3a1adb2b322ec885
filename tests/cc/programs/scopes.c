/* Scopes and storage: shadowing in nested blocks and for-loop headers,
 * static functions and file-scope statics, extern declarations that refer
 * to definitions later in the file, tentative definitions, const and
 * volatile qualifiers, block-scope extern, struct tags in inner scopes,
 * and labels that share names with variables (separate name spaces). */
#include <stdio.h>

int counter;              /* tentative definition ... */
int counter;              /* ... repeated: still one object */
extern int later;         /* defined at the bottom */
static int hidden = 5;
extern const char *greet(void);

static int bump(void) { return ++counter; }

struct S { int a; };

static int shadow(void) {
  int x = 1, total = 0;
  total += x;
  {
    int x = 10;
    total += x;
    {
      int x = 100;
      total += x;
      for (int x = 1000; x < 1003; x++) total += x;
    }
    total += x;
  }
  total += x;
  return total;
}

static int tags(void) {
  struct S outer = { 1 };
  int r = outer.a;
  {
    struct S { long a, b; } inner = { 20, 300 };  /* a new type with the same tag */
    r += (int)(inner.a + inner.b) + (int)sizeof(struct S);
  }
  r += (int)sizeof(struct S);
  return r;
}

static int namespaces(void) {
  int x = 0;
  int S = 3;               /* an ordinary identifier named like a tag */
  struct S s = { S };
x:                         /* a label named like a variable */
  x++;
  if (x < 3) goto x;
  return x * 10 + s.a;
}

static int block_extern(void) {
  extern int later;
  return later + hidden;
}

static long volatile_loop(void) {
  volatile long sink = 0;
  for (volatile int i = 0; i < 10; i++) sink += i;
  const volatile long cv = sink * 2;
  return cv;
}

static int sum_const(const int *const v, const int n) {
  int s = 0;
  for (int i = 0; i < n; i++) s += v[i];
  return s;
}

int main(void) {
  for (int i = 0; i < 3; i++) bump();
  printf("counter=%d later=%d hidden=%d\n", counter, later, hidden);
  printf("shadow=%d tags=%d namespaces=%d block_extern=%d\n", shadow(), tags(), namespaces(), block_extern());
  printf("volatile=%ld\n", volatile_loop());
  static const int table[] = { 3, 1, 4, 1, 5, 9, 2, 6 };
  printf("sum_const=%d\n", sum_const(table, 8));
  printf("%s\n", greet());
  int i = 42;
  for (int i = 0; i < 2; i++) printf("inner i=%d ", i);
  printf("outer i=%d\n", i);
  {
    static int persistent;
    persistent += 7;
    printf("block static %d\n", persistent);
  }
  hidden *= 3;
  printf("hidden now %d\n", hidden);
  return 0;
}

int later = 99;
const char *greet(void) { return "greetings from a function defined after main"; }
