/* Control flow without setjmp: nested loops with break/continue, goto out
 * of nested loops, a state machine, do-while, early returns, short-circuit
 * evaluation with side effects and the conditional operator. */
#include "rt.h"

static int side;
static int touch(int v) { side = side * 3 + v; return v; }

/* A tokenizer as a state machine: counts numbers, words, and punctuation. */
static void scan(const char *s, int *nums, int *words, int *punct) {
  enum { START, NUM, WORD } st = START;
  *nums = *words = *punct = 0;
  for (;; s++) {
    char c = *s;
    int digit = c >= '0' && c <= '9', letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    switch (st) {
      case START: if (digit) { st = NUM; (*nums)++; } else if (letter) { st = WORD; (*words)++; } else if (c && c != ' ') (*punct)++; break;
      case NUM: if (!digit) { st = START; s--; } break;
      case WORD: if (!letter && !digit) { st = START; s--; } break;
    }
    if (!c && st == START) break;
  }
}

int main(void) {
  int found_i = -1, found_j = -1;
  for (int i = 1; i < 50; i++)
    for (int j = i; j < 50; j++)
      if (i * i + j * j == 1681 && i > 5) { found_i = i; found_j = j; goto done; }
done:
  printf("pythagoras 41^2: %d %d\n", found_i, found_j);
  int evens = 0, stops = 0;
  for (int i = 0; i < 100; i++) {
    if (i % 2) continue;
    if (i > 80) { stops = i; break; }
    evens += i;
  }
  printf("evens %d stop %d\n", evens, stops);
  int n = OPAQUE(0), k = 0;
  do { k += n; n++; } while (n < 10 && k < 30);
  printf("do-while n %d k %d\n", n, k);
  side = 0;
  int r = (touch(0) && touch(1)) || (touch(2) && touch(0)) || touch(3);
  printf("short-circuit r %d side %d\n", r, side);
  int nums, words, punct;
  scan(OPAQUE("Hello, world 42 times; x1 y2 3z!? 007"), &nums, &words, &punct);
  printf("scan nums %d words %d punct %d\n", nums, words, punct);
  long acc = 0;
  for (int i = -20; i <= 20; i++) acc = acc * 3 + (i < 0 ? -i : i > 10 ? i * 2 : i ? 1 : 100);
  printf("ternary %ld\n", acc);
  unsigned steps = 0, x = OPAQUE(97u);
  while (1) { if (x == 1) break; x = x & 1 ? 3 * x + 1 : x / 2; steps++; }
  printf("collatz 97 steps %u\n", steps);
  return 0;
}
