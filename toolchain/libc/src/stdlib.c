/* stdlib.h: number conversion, sorting, exit. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include "sys.h"

int errno;
char **__environ;

static void (*exit_handlers[32])(void);
static int exit_count;

int atexit(void (*fn)(void)) {
  if (exit_count == 32) return -1;
  exit_handlers[exit_count++] = fn;
  return 0;
}

void exit(int status) {
  while (exit_count > 0) exit_handlers[--exit_count]();
  __stdio_flush_all();
  _Exit(status);
}

void _Exit(int status) {
  for (;;) __sys1(SYS_exit_group, status);
}

void abort(void) {
  static const char msg[] = "abort() called\n";
  __stdio_flush_all();
  __sys3(SYS_write, 2, msg, sizeof msg - 1);
  _Exit(134);                       /* as a shell reports SIGABRT: 128 + 6 */
}

/* Digits of `base` (2..36); base 0 means "as C writes it": 0x.., 0.., decimal. */
static unsigned long long parse_unsigned(const char *s, char **end, int base, int *neg, int *overflow) {
  const char *p = s;
  unsigned long long v = 0;
  int any = 0;
  while (isspace(*p)) p++;
  *neg = 0;
  if (*p == '+' || *p == '-') *neg = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit(p[2])) { p += 2; base = 16; }
  else if (base == 0) base = p[0] == '0' ? 8 : 10;
  *overflow = 0;
  for (;; p++) {
    int d = isdigit(*p) ? *p - '0' : isalpha(*p) ? tolower(*p) - 'a' + 10 : 99;
    if (d >= base) break;
    if (v > (ULLONG_MAX - d) / base) *overflow = 1;
    v = v * base + d;
    any = 1;
  }
  if (end) *end = (char *)(any ? p : s);
  return v;
}

long long strtoll(const char *s, char **end, int base) {
  int neg, over;
  unsigned long long v = parse_unsigned(s, end, base, &neg, &over);
  if (over || v > (unsigned long long)LLONG_MAX + neg) { errno = ERANGE; return neg ? LLONG_MIN : LLONG_MAX; }
  return neg ? -(long long)v : (long long)v;
}

unsigned long long strtoull(const char *s, char **end, int base) {
  int neg, over;
  unsigned long long v = parse_unsigned(s, end, base, &neg, &over);
  if (over) { errno = ERANGE; return ULLONG_MAX; }
  return neg ? -v : v;
}

long strtol(const char *s, char **end, int base) { return strtoll(s, end, base); }
unsigned long strtoul(const char *s, char **end, int base) { return strtoull(s, end, base); }
int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }
long long atoll(const char *s) { return strtoll(s, NULL, 10); }
int abs(int v) { return v < 0 ? -v : v; }
long labs(long v) { return v < 0 ? -v : v; }
long long llabs(long long v) { return v < 0 ? -v : v; }

static void swap(char *a, char *b, size_t size) {
  while (size--) { char t = *a; *a++ = *b; *b++ = t; }
}

/* Quicksort (Lomuto partition, middle pivot), recursing into the smaller half. */
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  char *b = base;
  while (n > 1) {
    swap(b + (n / 2) * size, b + (n - 1) * size, size);
    size_t store = 0;
    for (size_t i = 0; i + 1 < n; i++) {
      if (cmp(b + i * size, b + (n - 1) * size) < 0) swap(b + i * size, b + store++ * size, size);
    }
    swap(b + store * size, b + (n - 1) * size, size);
    if (store < n - store - 1) { qsort(b, store, size, cmp); b += (store + 1) * size; n -= store + 1; }
    else { qsort(b + (store + 1) * size, n - store - 1, size, cmp); n = store; }
  }
}

void *bsearch(const void *key, const void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  const char *b = base;
  while (n > 0) {
    const char *mid = b + (n / 2) * size;
    int c = cmp(key, mid);
    if (c == 0) return (void *)mid;
    if (c > 0) { b = mid + size; n -= n / 2 + 1; } else n /= 2;
  }
  return NULL;
}

static unsigned long rand_state = 1;
int rand(void) {
  rand_state = rand_state * 6364136223846793005UL + 1442695040888963407UL;
  return (int)(rand_state >> 33);
}
void srand(unsigned seed) { rand_state = seed; }

char *getenv(const char *name) {
  size_t n = strlen(name);
  for (char **e = __environ; e && *e; e++) if (!strncmp(*e, name, n) && (*e)[n] == '=') return *e + n + 1;
  return NULL;
}
