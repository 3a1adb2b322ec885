/* Control flow: goto for error cleanup and loop exits, labels in odd
 * places, switch with fall-through, default in the middle, nested switches,
 * Duff's device, case ranges built from constant expressions, a switch on
 * long values, do/while with continue, and comma/ternary-heavy loops. */
#include <stdio.h>
#include <stdlib.h>

static int cleanup_demo(int fail_at) {
  int result = -1;
  char *a = NULL, *b = NULL, *c = NULL;
  if (fail_at == 0) goto out;
  a = malloc(16);
  if (fail_at == 1) goto free_a;
  b = malloc(32);
  if (fail_at == 2) goto free_b;
  c = malloc(64);
  result = 100 + fail_at;
  free(c);
free_b:
  free(b);
free_a:
  free(a);
out:
  return result;
}

static const char *classify(int c) {
  switch (c) {
  case '0': case '1': case '2': case '3': case '4':
  case '5': case '6': case '7': case '8': case '9': return "digit";
  case ' ': case '\t': case '\n': return "space";
  default: break;
  case '+': case '-': case '*': case '/': return "op";
  case '(': case ')': return "paren";
  }
  if ((c | 32) >= 'a' && (c | 32) <= 'z') return "letter";
  return "other";
}

static int fallthrough(int n) {
  int r = 0;
  switch (n) {
  case 5: r += 5; /* fall through */
  case 4: r += 4; /* fall through */
  case 3: r += 3;
    break;
  case 2: r += 2;
  default: r += 100;
  case 1: r += 1;
  }
  return r;
}

static void duff(char *to, const char *from, int count) {
  int n = (count + 7) / 8;
  switch (count % 8) {
  case 0: do { *to++ = *from++;
  case 7:      *to++ = *from++;
  case 6:      *to++ = *from++;
  case 5:      *to++ = *from++;
  case 4:      *to++ = *from++;
  case 3:      *to++ = *from++;
  case 2:      *to++ = *from++;
  case 1:      *to++ = *from++;
          } while (--n > 0);
  }
}

static int nested(int a, int b) {
  switch (a) {
  case 0:
    switch (b) {
    case 0: return 0;
    case 1: return 1;
    default: return 2;
    }
  case 1:
    switch (b) { case 0: a += 10; break; default: a += 20; }
    return a;
  default:
    return -1;
  }
}

static const char *big_switch(long v) {
  switch (v) {
  case -1L: return "minus one";
  case 0x100000000L: return "2^32";
  case 0x7fffffffffffffffL: return "LONG_MAX";
  case (long)(-0x7fffffffffffffffL - 1): return "LONG_MIN";
  case 1L << 40: return "2^40";
  }
  return "other";
}

static int find_pair(int target, int *pi, int *pj) {
  int grid[5][5];
  for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) grid[i][j] = i * 7 + j * 3;
  for (int i = 0; i < 5; i++)
    for (int j = 0; j < 5; j++)
      if (grid[i][j] == target) { *pi = i; *pj = j; goto found; }
  return 0;
found:
  return 1;
}

static int collatz_goto(long n) {
  int steps = 0;
top:
  if (n == 1) return steps;
  steps++;
  if (n & 1) { n = 3 * n + 1; goto top; }
  n /= 2;
  goto top;
}

int main(void) {
  for (int i = 0; i < 4; i++) printf("cleanup(%d)=%d ", i, cleanup_demo(i));
  printf("\n");
  const char *text = "x1 = (42 + y) * 7;\t$";
  for (const char *p = text; *p; p++) printf("%c:%s ", *p == '\t' ? 'T' : *p, classify(*p));
  printf("\n");
  for (int n = 0; n <= 6; n++) printf("fall(%d)=%d ", n, fallthrough(n));
  printf("\n");
  char dst[40] = { 0 };
  const char *src = "Duff's device copies this string ok";
  for (int len = 1; len <= 35; len += 17) {
    duff(dst, src, len);
    dst[len] = 0;
    printf("duff %d: '%s'\n", len, dst);
  }
  for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) printf("nested(%d,%d)=%d ", a, b, nested(a, b));
  printf("\n");
  long probes[] = { -1, 0, 1L << 32, 1L << 40, 0x7fffffffffffffffL, -0x7fffffffffffffffL - 1 };
  for (int i = 0; i < 6; i++) printf("%s | ", big_switch(probes[i]));
  printf("\n");
  int pi, pj;
  for (int t = 17; t <= 20; t++) {
    if (find_pair(t, &pi, &pj)) printf("found %d at %d,%d\n", t, pi, pj);
    else printf("%d not found\n", t);
  }
  printf("collatz: %d %d %d\n", collatz_goto(27), collatz_goto(97), collatz_goto(871));
  int i = 0, odd = 0;
  do {
    if (++i % 2 == 0) continue;
    odd += i;
  } while (i < 15);
  printf("do-while odd sum %d\n", odd);
  int a, b;
  for (a = 0, b = 10; a < b; a += 2, b--) ;
  printf("comma loop a=%d b=%d\n", a, b);
  int k = 0;
  while (1) {
    if (k > 100) break;
    k = k ? k * 3 : 1;
  }
  printf("while(1) k=%d\n", k);
  return 0;
}
