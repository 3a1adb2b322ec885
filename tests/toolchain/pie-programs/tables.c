#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static const char *names[] = { "zero", "one", "two", "three" };
static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
static int (*ops[])(int, int) = { add, mul };
struct ent { const char *k; int *p; };
static int gx = 42;
static struct ent tbl[] = { { "gx", &gx }, { "none", 0 } };
char *msg = "hello from data";
int main(int argc, char **argv) {
  for (int i = 0; i < 4; i++) printf("%d=%s\n", i, names[i]);
  printf("%d %d\n", ops[0](6, 7), ops[1](6, 7));
  printf("%s %d %s\n", tbl[0].k, *tbl[0].p, tbl[1].k);
  printf("%s argc=%d %s\n", msg, argc, argv[0] ? "argv0" : "none");
  char *p = malloc(100); strcpy(p, "heap ok"); puts(p); free(p);
  return 3;
}
