/* Our own versions of the classic string functions, checked against the C
 * library on many inputs (including empty strings, embedded high bytes and
 * overlapping memmove), plus strtol-style parsing with bases and errors,
 * case-insensitive compare, tokenizing with strtok and strspn/strcspn, and
 * a word-wrap formatter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

static size_t my_strlen(const char *s) { const char *p = s; while (*p) p++; return (size_t)(p - s); }
static int my_strcmp(const char *a, const char *b) {
  while (*a && *a == *b) { a++; b++; }
  return (unsigned char)*a - (unsigned char)*b;
}
static int my_strncmp(const char *a, const char *b, size_t n) {
  for (; n; n--, a++, b++) { if (*a != *b) return (unsigned char)*a - (unsigned char)*b; if (!*a) return 0; }
  return 0;
}
static char *my_strchr(const char *s, int c) {
  for (;; s++) { if (*s == (char)c) return (char *)s; if (!*s) return NULL; }
}
static char *my_strrchr(const char *s, int c) {
  const char *last = NULL;
  for (;; s++) { if (*s == (char)c) last = s; if (!*s) return (char *)last; }
}
static char *my_strstr(const char *h, const char *n) {
  if (!*n) return (char *)h;
  for (; *h; h++) {
    const char *a = h, *b = n;
    while (*a && *a == *b) { a++; b++; }
    if (!*b) return (char *)h;
  }
  return NULL;
}
static void *my_memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d < s) while (n--) *d++ = *s++;
  else { d += n; s += n; while (n--) *--d = *--s; }
  return dst;
}
static int sign(int v) { return (v > 0) - (v < 0); }
static int my_strcasecmp(const char *a, const char *b) {
  for (;; a++, b++) {
    int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);
    if (x != y || !x) return x - y;
  }
}
static long my_strtol(const char *s, char **end, int base) {
  const char *p = s;
  while (isspace((unsigned char)*p)) p++;
  int neg = 0;
  if (*p == '+' || *p == '-') neg = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' && isxdigit((unsigned char)p[2])) { p += 2; base = 16; }
  else if (base == 0) base = *p == '0' ? 8 : 10;
  long v = 0;
  const char *digits = p;
  for (;; p++) {
    int d = isdigit((unsigned char)*p) ? *p - '0' : isalpha((unsigned char)*p) ? tolower((unsigned char)*p) - 'a' + 10 : 99;
    if (d >= base) break;
    v = v * base + d;
  }
  if (end) *end = (char *)(p == digits ? s : p);
  return neg ? -v : v;
}

static void wrap(const char *text, int width) {
  char line[128];
  int len = 0;
  const char *p = text;
  while (*p) {
    while (*p == ' ') p++;
    const char *w = p;
    while (*p && *p != ' ') p++;
    int wl = (int)(p - w);
    if (!wl) break;
    if (len && len + 1 + wl > width) { printf("|%-*s|\n", width, line); len = 0; }
    if (len) line[len++] = ' ';
    memcpy(line + len, w, (size_t)wl);
    len += wl;
    line[len] = 0;
  }
  if (len) printf("|%-*s|\n", width, line);
}

int main(void) {
  const char *strs[] = { "", "a", "abc", "abd", "ab", "hello world", "Hello World", "\xff\xfe high", "zzz", "hello" };
  enum { NS = sizeof strs / sizeof strs[0] };
  int bad = 0, checks = 0;
  for (int i = 0; i < NS; i++) {
    checks++; if (my_strlen(strs[i]) != strlen(strs[i])) bad++;
    for (int j = 0; j < NS; j++) {
      checks += 3;
      if (sign(my_strcmp(strs[i], strs[j])) != sign(strcmp(strs[i], strs[j]))) bad++;
      if (sign(my_strncmp(strs[i], strs[j], 3)) != sign(strncmp(strs[i], strs[j], 3))) bad++;
      if (my_strstr(strs[i], strs[j]) != strstr(strs[i], strs[j])) bad++;
    }
    const char cs[] = { 'l', 'o', 'z', '\0', ' ', (char)0xfe };
    for (int k = 0; k < 6; k++) {
      checks += 2;
      if (my_strchr(strs[i], cs[k]) != strchr(strs[i], cs[k])) bad++;
      if (my_strrchr(strs[i], cs[k]) != strrchr(strs[i], cs[k])) bad++;
    }
  }
  printf("string functions: %d checks, %d disagreements\n", checks, bad);
  char buf[32], ref[32];
  for (int shift = -5; shift <= 5; shift++) {
    for (int i = 0; i < 26; i++) buf[i] = ref[i] = (char)('a' + i);
    if (shift < 0) { my_memmove(buf, buf - shift, 20); memmove(ref, ref - shift, 20); }
    else { my_memmove(buf + shift, buf, 20); memmove(ref + shift, ref, 20); }
    buf[26] = ref[26] = 0;
    printf("memmove %+d: %s %s\n", shift, buf, strcmp(buf, ref) ? "DIFFERENT" : "same");
  }
  /* 8-byte aligned, overlapping by whole words: the C library's word-at-a-time paths. */
  long words[12];
  unsigned char *wb = (unsigned char *)words;
  for (int shift = -16; shift <= 16; shift += 8) {
    for (int i = 0; i < 96; i++) wb[i] = (unsigned char)(i * 7);
    if (shift < 0) memmove(wb, wb - shift, 61); else memmove(wb + shift, wb, 61);
    unsigned long h = 0;
    for (int i = 0; i < 96; i++) h = h * 31 + wb[i];
    printf("aligned memmove %+d: %lu\n", shift, h);
  }
  memset(wb + 8, 0xa5, 45);
  memcpy(wb + 56, wb, 23);
  unsigned long h = 0;
  for (int i = 0; i < 96; i++) h = h * 31 + wb[i];
  printf("aligned memset+memcpy: %lu\n", h);
  printf("strcasecmp: %d %d %d\n", sign(my_strcasecmp("Hello", "hELLO")), sign(my_strcasecmp("abc", "ABD")), sign(my_strcasecmp("b", "A")));
  const char *nums[] = { "42", "  -17xyz", "0x1F", "0755", "z", "+0", "0x", "  123456789012", "-0b1", "1010" };
  int bases[] = { 10, 10, 0, 0, 36, 10, 16, 10, 2, 2 };
  for (int i = 0; i < 10; i++) {
    char *e1, *e2;
    long a = my_strtol(nums[i], &e1, bases[i]), b = strtol(nums[i], &e2, bases[i]);
    printf("strtol(\"%s\", %d) = %ld rest \"%s\" %s\n", nums[i], bases[i], a, e1, a == b && e1 == e2 ? "ok" : "MISMATCH");
  }
  char text[] = "  alpha, beta;gamma ,, delta;  ";
  printf("strspn=%zu strcspn=%zu tokens:", strspn(text, " "), strcspn(text, ",;"));
  for (char *t = strtok(text, " ,;"); t; t = strtok(NULL, " ,;")) printf(" [%s]", t);
  printf("\n");
  wrap("It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.", 28);
  wrap("short", 10);
  wrap("averyveryverylongwordthatdoesnotfit at all", 12);
  return 0;
}
