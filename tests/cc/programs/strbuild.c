/* A growable string builder on realloc: appending characters, strings and
 * formatted numbers, inserting, replacing all occurrences, reversing words,
 * splitting into a dynamic array of strings and joining them again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

typedef struct { char *s; size_t len, cap; int grows; } Sb;

static void sb_reserve(Sb *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 8;
  while (cap < b->len + extra + 1) cap *= 2;
  b->s = realloc(b->s, cap);
  b->cap = cap;
  b->grows++;
}
static void sb_putc(Sb *b, char c) { sb_reserve(b, 1); b->s[b->len++] = c; b->s[b->len] = 0; }
static void sb_puts(Sb *b, const char *s) {
  size_t n = strlen(s);
  sb_reserve(b, n);
  memcpy(b->s + b->len, s, n + 1);
  b->len += n;
}
static void sb_printf(Sb *b, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  sb_reserve(b, (size_t)n);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  b->len += (size_t)n;
}
static void sb_insert(Sb *b, size_t at, const char *s) {
  size_t n = strlen(s);
  sb_reserve(b, n);
  memmove(b->s + at + n, b->s + at, b->len - at + 1);
  memcpy(b->s + at, s, n);
  b->len += n;
}
static int sb_replace(Sb *b, const char *from, const char *to) {
  Sb out = { 0 };
  int count = 0;
  size_t fl = strlen(from);
  const char *p = b->s, *hit;
  while ((hit = strstr(p, from)) != NULL) {
    sb_reserve(&out, (size_t)(hit - p));
    memcpy(out.s + out.len, p, (size_t)(hit - p));
    out.len += (size_t)(hit - p);
    out.s[out.len] = 0;
    sb_puts(&out, to);
    p = hit + fl;
    count++;
  }
  sb_puts(&out, p);
  free(b->s);
  out.grows += b->grows;
  *b = out;
  return count;
}
static void reverse(char *s, size_t n) {
  for (size_t i = 0; i < n / 2; i++) { char t = s[i]; s[i] = s[n - 1 - i]; s[n - 1 - i] = t; }
}
static void reverse_words(char *s) {
  size_t n = strlen(s);
  reverse(s, n);
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && s[j] != ' ') j++;
    reverse(s + i, j - i);
    i = j + 1;
  }
}

typedef struct { char **items; int n, cap; } StrList;
static StrList split(const char *s, char sep) {
  StrList l = { 0 };
  for (;;) {
    const char *e = strchr(s, sep);
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (l.n == l.cap) { l.cap = l.cap ? l.cap * 2 : 2; l.items = realloc(l.items, (size_t)l.cap * sizeof *l.items); }
    l.items[l.n] = malloc(n + 1);
    memcpy(l.items[l.n], s, n);
    l.items[l.n++][n] = 0;
    if (!e) return l;
    s = e + 1;
  }
}
static char *join(StrList l, const char *glue) {
  Sb b = { 0 };
  sb_puts(&b, "");
  for (int i = 0; i < l.n; i++) { if (i) sb_puts(&b, glue); sb_puts(&b, l.items[i]); }
  return b.s;
}

int main(void) {
  Sb b = { 0 };
  for (int i = 0; i < 26; i++) sb_putc(&b, (char)('a' + i));
  printf("%s len=%zu cap=%zu grows=%d\n", b.s, b.len, b.cap, b.grows);
  for (int i = 0; i < 40; i++) sb_printf(&b, "[%d:%x]", i * i, i * 255);
  printf("len=%zu cap=%zu grows=%d tail=%s\n", b.len, b.cap, b.grows, b.s + b.len - 20);
  sb_insert(&b, 0, ">>> ");
  sb_insert(&b, 10, "|MIDDLE|");
  printf("head: %.40s\n", b.s);
  int n = sb_replace(&b, "][", "; ");
  printf("replaced %d, now len=%zu: %.60s\n", n, b.len, b.s + 30);
  n = sb_replace(&b, ":", "=>");
  printf("replaced %d, now len=%zu\n", n, b.len);
  unsigned long h = 0;
  for (size_t i = 0; i < b.len; i++) h = h * 131 + (unsigned char)b.s[i];
  printf("hash %lu\n", h);
  free(b.s);
  char text[] = "the quick brown fox jumps over the lazy dog";
  reverse_words(text);
  printf("reversed words: %s\n", text);
  StrList parts = split("alpha,beta,,gamma,delta,epsilon,", ',');
  printf("split into %d:", parts.n);
  for (int i = 0; i < parts.n; i++) printf(" '%s'", parts.items[i]);
  printf("\n");
  char *joined = join(parts, " + ");
  printf("joined: %s\n", joined);
  free(joined);
  for (int i = 0; i < parts.n; i++) free(parts.items[i]);
  free(parts.items);
  Sb big = { 0 };
  for (int i = 0; i < 500; i++) sb_puts(&big, i % 2 ? "xy" : "z");
  printf("big len=%zu cap=%zu grows=%d count(zxy)=%d\n", big.len, big.cap, big.grows, sb_replace(&big, "zxy", ""));
  printf("after removal len=%zu: %s\n", big.len, big.s);
  free(big.s);
  return 0;
}
