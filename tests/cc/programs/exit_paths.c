/* Leaving a program: atexit handlers run in reverse order of registration,
 * output still buffered when exit() is called from deep in the call stack
 * is flushed (even without a final newline), stderr is separate, and the
 * exit status reaches the parent (42 here; the test compares it). */
#include <stdio.h>
#include <stdlib.h>
static int registered;
static void a1(void) { printf("atexit 1 (registered first, runs last), %d registered\n", registered); }
static void a2(void) { printf("atexit 2\n"); fflush(stdout); }
static void deep(int n) { if (n == 0) { printf("leaving from deep, no newline"); exit(42); } deep(n - 1); }
int main(void) {
  registered += atexit(a1) == 0;
  registered += atexit(a2) == 0;
  printf("buffered ");
  fputs("to stderr\n", stderr);
  deep(5);
  return 0;
}
