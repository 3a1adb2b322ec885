/* Function pointers: a dispatch table of commands looked up by name, a
 * state machine driven by a table of transition functions, callbacks with
 * user data, functions returning function pointers, arrays of pointers to
 * functions taking and returning structs, and qsort with several comparators. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { long acc; int ops; } Machine;
typedef void (*Command)(Machine *, long);

static void cmd_add(Machine *m, long v) { m->acc += v; m->ops++; }
static void cmd_sub(Machine *m, long v) { m->acc -= v; m->ops++; }
static void cmd_mul(Machine *m, long v) { m->acc *= v; m->ops++; }
static void cmd_neg(Machine *m, long v) { (void)v; m->acc = -m->acc; m->ops++; }
static void cmd_clr(Machine *m, long v) { (void)v; m->acc = 0; m->ops++; }

static const struct { const char *name; Command fn; } table[] = {
  { "add", cmd_add }, { "sub", cmd_sub }, { "mul", cmd_mul }, { "neg", cmd_neg }, { "clr", cmd_clr },
};

static Command lookup(const char *name) {
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strcmp(table[i].name, name) == 0) return table[i].fn;
  return NULL;
}

/* A state machine recognising signed decimal numbers with optional exponent. */
typedef enum { ST_START, ST_SIGN, ST_INT, ST_E, ST_ESIGN, ST_EXP, ST_ERR, ST_COUNT } State;
typedef State (*Step)(char);
static int isd(char c) { return c >= '0' && c <= '9'; }
static State s_start(char c) { return c == '+' || c == '-' ? ST_SIGN : isd(c) ? ST_INT : ST_ERR; }
static State s_sign(char c) { return isd(c) ? ST_INT : ST_ERR; }
static State s_int(char c) { return isd(c) ? ST_INT : c == 'e' ? ST_E : ST_ERR; }
static State s_e(char c) { return c == '+' || c == '-' ? ST_ESIGN : isd(c) ? ST_EXP : ST_ERR; }
static State s_esign(char c) { return isd(c) ? ST_EXP : ST_ERR; }
static State s_exp(char c) { return isd(c) ? ST_EXP : ST_ERR; }
static State s_err(char c) { (void)c; return ST_ERR; }
static const Step steps[ST_COUNT] = { s_start, s_sign, s_int, s_e, s_esign, s_exp, s_err };

static int accepts(const char *s) {
  State st = ST_START;
  while (*s) st = steps[st](*s++);
  return st == ST_INT || st == ST_EXP;
}

/* Callbacks with user data. */
typedef int (*Visitor)(int value, void *user);
static int each(const int *v, int n, Visitor fn, void *user) {
  int stopped = 0;
  for (int i = 0; i < n && !stopped; i++) stopped = fn(v[i], user);
  return stopped;
}
static int sum_visit(int v, void *user) { *(long *)user += v; return 0; }
static int find_visit(int v, void *user) { int *want = user; return v == *want; }
struct Range { int lo, hi, count; };
static int range_visit(int v, void *user) {
  struct Range *r = user;
  if (v >= r->lo && v <= r->hi) r->count++;
  return 0;
}

/* Functions returning function pointers, without and with a typedef. */
static long twice(long x) { return 2 * x; }
static long square(long x) { return x * x; }
static long (*pick(int which))(long) { return which ? square : twice; }
typedef long (*UnOp)(long);
static UnOp compose_table[] = { twice, square, twice };
static long apply_all(UnOp *ops, int n, long x) {
  for (int i = 0; i < n; i++) x = ops[i](x);
  return x;
}

typedef struct { int x, y; } V2;
static V2 vadd(V2 a, V2 b) { return (V2){ a.x + b.x, a.y + b.y }; }
static V2 vsub(V2 a, V2 b) { return (V2){ a.x - b.x, a.y - b.y }; }
static V2 vmul(V2 a, V2 b) { return (V2){ a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x }; }
static V2 (*const vops[])(V2, V2) = { vadd, vsub, vmul };

typedef struct { const char *name; int age; long score; } Person;
static int by_name(const void *a, const void *b) { return strcmp(((const Person *)a)->name, ((const Person *)b)->name); }
static int by_age(const void *a, const void *b) {
  const Person *p = a, *q = b;
  if (p->age != q->age) return p->age - q->age;
  return by_name(a, b);
}
static int by_score_desc(const void *a, const void *b) {
  long x = ((const Person *)a)->score, y = ((const Person *)b)->score;
  if (x != y) return (x < y) - (x > y);
  return by_name(a, b);
}

int main(void) {
  Machine m = { 0, 0 };
  const char *prog[][2] = { { "add", "7" }, { "mul", "6" }, { "neg", "" }, { "sub", "-100" }, { "mul", "3" }, { "bad", "1" }, { "clr", "" }, { "add", "5" } };
  for (size_t i = 0; i < sizeof prog / sizeof prog[0]; i++) {
    Command c = lookup(prog[i][0]);
    if (!c) { printf("unknown command %s\n", prog[i][0]); continue; }
    c(&m, atol(prog[i][1]));
    printf("%s %s -> %ld\n", prog[i][0], prog[i][1], m.acc);
  }
  printf("ops=%d\n", m.ops);
  const char *nums[] = { "12", "-7", "+3e10", "1e", "e5", "--1", "42e-3", "", "9x" };
  for (int i = 0; i < 9; i++) printf("accepts(\"%s\")=%d ", nums[i], accepts(nums[i]));
  printf("\n");
  int data[] = { 5, 3, 9, 12, -4, 7, 7, 0 };
  long total = 0;
  each(data, 8, sum_visit, &total);
  int want = 12;
  struct Range r = { 0, 7, 0 };
  each(data, 8, range_visit, &r);
  int found12 = each(data, 8, find_visit, &want);
  want = 13;
  printf("sum=%ld found12=%d found13=%d in[0,7]=%d\n", total, found12, each(data, 8, find_visit, &want), r.count);
  printf("pick(0)(21)=%ld pick(1)(21)=%ld compose=%ld\n", pick(0)(21), pick(1)(21), apply_all(compose_table, 3, 5));
  V2 a = { 3, 4 }, b = { 1, -2 };
  for (int i = 0; i < 3; i++) { V2 c = vops[i](a, b); printf("vop%d=(%d,%d) ", i, c.x, c.y); }
  printf("\n");
  Person people[] = { { "dana", 31, 88 }, { "ali", 25, 92 }, { "chen", 31, 75 }, { "bo", 19, 92 }, { "eve", 25, 60 } };
  int (*cmps[])(const void *, const void *) = { by_name, by_age, by_score_desc };
  const char *labels[] = { "name", "age", "score" };
  for (int k = 0; k < 3; k++) {
    qsort(people, 5, sizeof people[0], cmps[k]);
    printf("by %-5s:", labels[k]);
    for (int i = 0; i < 5; i++) printf(" %s(%d,%ld)", people[i].name, people[i].age, people[i].score);
    printf("\n");
  }
  Person key = { "chen", 0, 0 };
  qsort(people, 5, sizeof people[0], by_name);
  Person *hit = bsearch(&key, people, 5, sizeof people[0], by_name);
  printf("bsearch chen -> %s age %d\n", hit ? hit->name : "none", hit ? hit->age : -1);
  return 0;
}
