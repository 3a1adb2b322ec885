/* A static PIE with pointers in its data: a table of strings, a table of
 * functions, a struct holding a pointer to a global. Linked at address 0,
 * loaded at a random base: each of these words holds the right address only
 * because the kernel's loader applied the RELATIVE relocations the linker
 * left for them (chapters/02-memory/kernel/program.ts). Without them the
 * first printf would read a string at a near-zero address and fault. */
#include <stdio.h>

static const char *names[] = { "zero", "one", "two", "three" };
static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
static int (*ops[])(int, int) = { add, mul };
static int answer = 42;
static struct { const char *name; int *value; } entry = { "answer", &answer };

int main(int argc, char **argv) {
  for (int i = 0; i < 4; i++) printf("%s ", names[i]);
  printf("\nops: %d %d\n", ops[0](6, 7), ops[1](6, 7));
  printf("%s = %d\n", entry.name, *entry.value);
  printf("argc=%d", argc);
  for (int i = 0; i < argc; i++) printf(" argv[%d]=%s", i, argv[i]);
  printf("\n");
  return 7;
}
