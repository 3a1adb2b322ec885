/* Global and static data: initialised .data, zeroed .bss, read-only
 * .rodata tables, static locals that keep their value between calls,
 * pointers stored in data (absolute relocations), and argc from the
 * initial stack. */
#include "rt.h"

int counter = 7;
long table[8] = { 1, -1, 1000000000000l, 0x7fffffff, -0x80000000l, 3, 5, 8 };
static char message[] = "mutable data";
static const char *const greetings[] = { "hello", "hallo", "bonjour", "hola" };
static int zeroed[100];
static long *ptr_to_table = &table[3];
struct node { int v; struct node *next; };
static struct node n3 = { 3, 0 }, n2 = { 2, &n3 }, n1 = { 1, &n2 };

static int next_id(void) { static int id = 100; return id++; }
static long accumulate(long x) { static long total; total += x; return total; }

int main(int argc, char **argv) {
  (void)argv;
  printf("argc %d\n", argc);
  counter += 5;
  for (int i = 0; i < 8; i++) table[i] *= counter;
  printf("counter %d table", counter);
  for (int i = 0; i < 8; i++) printf(" %ld", table[i]);
  printf("\nptr_to_table %ld\n", *ptr_to_table);
  message[0] = 'M';
  printf("%s / %s %s\n", message, greetings[OPAQUE(2)], greetings[3]);
  int nz = 0;
  for (int i = 0; i < 100; i++) nz += zeroed[i] != 0;
  zeroed[99] = 5;
  printf("nonzero bss %d then %d\n", nz, zeroed[99]);
  for (int i = 0; i < 5; i++) printf("id %d total %ld\n", next_id(), accumulate(i * 10));
  int s = 0;
  for (struct node *n = &n1; n; n = n->next) s = s * 10 + n->v;
  printf("list %d\n", s);
  return 0;
}
