/* Regression tests for bugs the corpus found in MinOS's C compiler, each as a
 * small check that prints its result (compared with gcc's build):
 *  1. arm64: a struct member at an offset >= 4096 (add's immediate has 12 bits);
 *  2. arm64: copying and zeroing structs larger than ldr/str offsets reach;
 *  3. compound literals are lvalues: &(struct T){...}, (T){...}.m = v;
 *  4. ## in an object-like macro (C99 6.10.3.3 example: # ## #);
 *  5. an apostrophe or unterminated quote inside a skipped #if 0 group;
 *  6. static initializers holding the address of an array member or element
 *     (g.name + 1, table[1]), which are address constants (C99 6.6p9);
 *  7. big, mostly zero initialized tables (emitted as .zero runs), with
 *     addresses between the zeros;
 *  8. _Static_assert (C11, which gcc also accepts in C99 programs) at file
 *     and block scope;
 *  9. a struct tag, a local variable or a parameter with the name of a
 *     typedef (`typedef struct N N; struct N { N *next; };`, `f(T T)`);
 * 10. digraphs (C99 6.4.6): <: :> <% %> %: %:%:. */
#include <stdio.h>
#include <string.h>

struct Huge { char pad[5000]; int tail[3]; char last; };
struct Giant { long words[5000]; int end; };

static struct Huge g_huge;
static int tail_sum(struct Huge *h) { return h->tail[0] + h->tail[1] + h->tail[2] + h->last; }
static struct Huge by_value(struct Huge h) { h.tail[1] += 100; h.pad[4999] = 'z'; return h; }

struct P { int x, y; };
static int dot(const struct P *a, const struct P *b) { return a->x * b->x + a->y * b->y; }

#define HASH_HASH # ## #
#define STR(x) #x
#define XSTR(x) STR(x)
#define JOIN_OBJ foo ## bar
#define CAT3 1 ## 2 ## 3

#if 0
It's a skipped group: don't lex "this as a string.
#endif

typedef struct Link Link;
struct Link { int v; Link *next; };
typedef int Count;
static int shadowed(void) { long Count = 40; return (int)Count + 2; }
static int named_like_type(Count Count, unsigned Link) { return Count * 2 + (int)Link; }
%:define DIGRAPH_CAT(a, b) a %:%: b

typedef long zsum_type_t;
static zsum_type_t zsum_type;

struct Named { int id; char name[8]; int rows[2][3]; };
static struct Named named = { 7, "seven", { { 1, 2, 3 }, { 4, 5, 6 } } };
static char *name_tail = named.name + 2;
static int *row1 = named.rows[1];
static int *elem = &named.rows[1][2];
static int (*rowp)[3] = named.rows + 1;
static char *bytes = (char *)&named + 4;

_Static_assert(sizeof(long) == 8 && sizeof(struct Huge) > 5000, "LP64 and a huge struct");

static int sparse[5000] = { 1, 2, [2500] = 3, [4999] = 4 };
static struct { char pad[100]; int *p; char more[200]; const char *s; int last; } mixed_table = { .p = &sparse[2500], .s = "str", .last = 9 };

int main(void) {
  g_huge.tail[0] = 1; g_huge.tail[1] = 2; g_huge.tail[2] = 3; g_huge.last = 4;
  printf("1: tail sum %d, offsetof-ish %ld\n", tail_sum(&g_huge), (long)((char *)&g_huge.tail[2] - (char *)&g_huge));
  struct Huge copy = by_value(g_huge);
  printf("2: copy tail %d %d %d last %d pad %c, original tail[1] %d\n", copy.tail[0], copy.tail[1], copy.tail[2], copy.last, copy.pad[4999],
         g_huge.tail[1]);
  struct Giant big = { { 0 } };            /* zeroed: 40 KB */
  big.words[4999] = 7; big.end = 9;
  struct Giant other = big;                /* 40 KB struct assignment */
  other.words[0] = 1;
  long s = 0;
  for (int i = 0; i < 5000; i++) s += other.words[i];
  printf("2: giant sum %ld end %d big.words[0] %ld\n", s, other.end, big.words[0]);
  struct P *pp = &(struct P){ 3, 4 };
  pp->y = 5;
  printf("3: literal %d %d dot %d\n", pp->x, pp->y, dot(&(struct P){ 1, 2 }, &(struct P){ 3, 4 }));
  int *ip = &(int){ 41 };
  (*ip)++;
  printf("3: int literal %d, member of literal %d\n", *ip, (struct P){ 6, 7 }.y);
  int foobar = 11;
  printf("4: %s %d %d\n", XSTR(HASH_HASH), JOIN_OBJ, CAT3);
  printf("5: skipped group ok\n");
  printf("6: %s %d %d %d %s\n", name_tail, row1[0], *elem, (*rowp)[1], bytes);
  _Static_assert(sizeof zsum_type == 8, "inside a block");
  long zsum = 0;
  for (int i = 0; i < 5000; i++) zsum += sparse[i] * (i + 1);
  printf("7: %ld %d %s %d %d\n", zsum, *mixed_table.p, mixed_table.s, mixed_table.last, mixed_table.pad[99] + mixed_table.more[199]);
  Link second = { 2, 0 }, first = { 1, &second };
  printf("9: %d %d %d\n", first.next->v, shadowed(), named_like_type(20, 3));
  int dg<:3:> = <% 4, 5, 6 %>;
  printf("10: %d %d\n", dg<:1:>, DIGRAPH_CAT(1, 0));
  return 0;
}
