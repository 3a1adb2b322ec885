/* Initialization: static locals that keep their value between calls,
 * designated initializers for arrays and nested structs (out of order, with
 * overrides and gaps), compound literals as arguments, lvalues and array
 * pointers, brace elision, string-literal char arrays of exact and larger
 * sizes, zero-initialised globals, and file-scope pointers to file-scope data. */
#include <stdio.h>
#include <string.h>

struct Point { int x, y; };
struct Rect { struct Point tl, br; const char *name; int tags[4]; };

static int counter(void) {
  static int calls;        /* zero-initialised once */
  static int seq[] = { 1, 1 };
  calls++;
  int next = seq[0] + seq[1];
  seq[0] = seq[1];
  seq[1] = next;
  return calls * 1000 + next;
}

static const char *ordinal(int n) {
  static char buf[16];     /* the same buffer every call */
  static const char *const suffix[] = { "th", "st", "nd", "rd" };
  int k = n % 100 >= 11 && n % 100 <= 13 ? 0 : n % 10 < 4 ? n % 10 : 0;
  snprintf(buf, sizeof buf, "%d%s", n, suffix[k]);
  return buf;
}

int zeros[8];
struct Rect global_rect = { .br = { 10, 20 }, .name = "global", .tags[2] = 7 };
int *global_ptr = &zeros[3];
const char *const words[] = { [3] = "three", [1] = "one", [0] = "zero" };
int squares[] = { [1] = 1, [2] = 4, [5] = 25 };
int matrix[3][4] = { { 1, 2, 3, 4 }, [2] = { 9, [3] = 12 }, [1][1] = 6 };
int elided[2][3] = { 1, 2, 3, 4, 5 };
char exact[5] = "hello";  /* no terminator: legal in C */
char roomy[10] = "hi";
char implicit[] = "implicit";
struct { int a; char s[6]; struct Point p[2]; } mixed = { 1, "abc", { { 2, 3 }, { .y = 5 } } };

static int area(struct Rect r) { return (r.br.x - r.tl.x) * (r.br.y - r.tl.y); }
static int sum(const int *v, int n) { int s = 0; for (int i = 0; i < n; i++) s += v[i]; return s; }
static int dist2(struct Point *p) { return p->x * p->x + p->y * p->y; }

int main(void) {
  for (int i = 0; i < 5; i++) printf("%d ", counter());
  printf("\n");
  for (int n = 0; n < 25; n += 3) printf("%s ", ordinal(n));
  printf("%s %s %s\n", ordinal(111), ordinal(112), ordinal(1001));
  printf("zeros %d %d global_ptr-offset %ld\n", zeros[0], zeros[7], (long)(global_ptr - zeros));
  *global_ptr = 33;
  printf("zeros[3]=%d\n", zeros[3]);
  printf("global_rect: tl=(%d,%d) br=(%d,%d) name=%s tags=%d,%d,%d,%d area=%d\n", global_rect.tl.x, global_rect.tl.y, global_rect.br.x,
         global_rect.br.y, global_rect.name, global_rect.tags[0], global_rect.tags[1], global_rect.tags[2], global_rect.tags[3], area(global_rect));
  printf("words: %zu entries: %s %s %s %s\n", sizeof words / sizeof words[0], words[0], words[1], words[2] ? words[2] : "(null)", words[3]);
  printf("squares: %zu entries:", sizeof squares / sizeof squares[0]);
  for (unsigned i = 0; i < sizeof squares / sizeof squares[0]; i++) printf(" %d", squares[i]);
  printf("\nmatrix:");
  for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) printf(" %d", matrix[i][j]);
  printf("\nelided:");
  for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) printf(" %d", elided[i][j]);
  printf("\nexact: %.5s sizeof %zu; roomy: %s sizeof %zu last %d; implicit sizeof %zu\n", exact, sizeof exact, roomy, sizeof roomy, roomy[9],
         sizeof implicit);
  printf("mixed: %d %s (%d,%d) (%d,%d)\n", mixed.a, mixed.s, mixed.p[0].x, mixed.p[0].y, mixed.p[1].x, mixed.p[1].y);

  /* Compound literals. */
  printf("area of literal %d\n", area((struct Rect){ { 1, 1 }, { 4, 5 }, "lit", { 0 } }));
  printf("sum of literal array %d\n", sum((int[]){ 1, 2, 3, 4, 5, 6 }, 6));
  printf("dist2 of literal %d\n", dist2(&(struct Point){ 3, 4 }));
  struct Point *pp = &(struct Point){ .y = 9 };
  pp->x = 2;
  printf("modified literal (%d,%d)\n", pp->x, pp->y);
  int (*rows)[3] = (int[][3]){ { 1, 2, 3 }, { 4, 5, 6 } };
  printf("array-of-arrays literal %d %d\n", rows[1][0], rows[0][2]);
  const char *names = (const char[]){ "literal chars" };
  printf("%s\n", names);

  /* Local designated initializers, including overrides (the last one wins). */
  struct Rect local = { .name = "local", .tl.x = 5, .br = { .y = 8, .x = 9 }, .tl.y = 1, .tags = { [3] = 4, [0] = 1 } };
  printf("local: (%d,%d)-(%d,%d) %s tags %d %d %d %d\n", local.tl.x, local.tl.y, local.br.x, local.br.y, local.name, local.tags[0],
         local.tags[1], local.tags[2], local.tags[3]);
  int arr[10] = { [2] = 5, 6, 7, [8] = 1, [0] = 3 };
  for (int i = 0; i < 10; i++) printf("%d ", arr[i]);
  printf("\n");
  char buf[8] = { 'a', 'b' };
  printf("partial char init: %s len %zu\n", buf, strlen(buf));
  struct Point pts[] = { [1] = { 1, 1 }, { 2, 2 }, [0].y = 7 };
  printf("pts: %zu (%d,%d) (%d,%d) (%d,%d)\n", sizeof pts / sizeof pts[0], pts[0].x, pts[0].y, pts[1].x, pts[1].y, pts[2].x, pts[2].y);
  return 0;
}
