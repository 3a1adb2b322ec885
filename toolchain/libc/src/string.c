/* string.h: clear loops first; only memcpy, memmove and memset go a word at a time. */
#include <string.h>
#include <stdint.h>
#include <stdlib.h>

/* The copies and fills go 8 bytes at a time when both pointers are 8-byte
 * aligned (malloc's blocks and most structs are): a byte loop is simple, but
 * on an emulated CPU every instruction counts, and these run everywhere. */
#define ALIGNED8(a, b) ((((uintptr_t)(a) | (uintptr_t)(b)) & 7) == 0)

void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (ALIGNED8(d, s))
    for (; n >= 8; n -= 8, d += 8, s += 8) *(uint64_t *)d = *(const uint64_t *)s;
  while (n--) *d++ = *s++;
  return dst;
}

/* Overlap is fine word by word too: moving down, each word is read before
 * the write that could reach it; moving up, we go from the end. */
void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d < s) return memcpy(dst, src, n);
  d += n; s += n;
  if (ALIGNED8(d, s))
    for (; n >= 8; n -= 8) { d -= 8; s -= 8; *(uint64_t *)d = *(const uint64_t *)s; }
  while (n--) *--d = *--s;
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  if (ALIGNED8(d, 0)) {
    uint64_t word = (unsigned char)c * 0x0101010101010101ULL;
    for (; n >= 8; n -= 8, d += 8) *(uint64_t *)d = word;
  }
  while (n--) *d++ = (unsigned char)c;
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (; n; n--, x++, y++) if (*x != *y) return *x - *y;
  return 0;
}

void *memchr(const void *s, int c, size_t n) {
  const unsigned char *p = s;
  for (; n; n--, p++) if (*p == (unsigned char)c) return (void *)p;
  return NULL;
}

size_t strlen(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

size_t strnlen(const char *s, size_t max) {
  size_t n = 0;
  while (n < max && s[n]) n++;
  return n;
}

char *strcpy(char *dst, const char *src) {
  char *d = dst;
  while ((*d++ = *src++)) {}
  return dst;
}

char *strncpy(char *dst, const char *src, size_t n) {
  size_t i = 0;
  for (; i < n && src[i]; i++) dst[i] = src[i];
  for (; i < n; i++) dst[i] = 0;
  return dst;
}

char *strcat(char *dst, const char *src) {
  strcpy(dst + strlen(dst), src);
  return dst;
}

char *strncat(char *dst, const char *src, size_t n) {
  char *d = dst + strlen(dst);
  while (n-- && *src) *d++ = *src++;
  *d = 0;
  return dst;
}

int strcmp(const char *a, const char *b) {
  while (*a && *a == *b) { a++; b++; }
  return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n) {
  for (; n; n--, a++, b++) {
    if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
    if (!*a) return 0;
  }
  return 0;
}

char *strchr(const char *s, int c) {
  for (;; s++) {
    if (*s == (char)c) return (char *)s;
    if (!*s) return NULL;
  }
}

char *strrchr(const char *s, int c) {
  const char *last = NULL;
  for (;; s++) {
    if (*s == (char)c) last = s;
    if (!*s) return (char *)last;
  }
}

char *strstr(const char *h, const char *n) {
  size_t len = strlen(n);
  for (; *h; h++) if (!strncmp(h, n, len)) return (char *)h;
  return len ? NULL : (char *)h;
}

size_t strspn(const char *s, const char *accept) {
  size_t n = 0;
  while (s[n] && strchr(accept, s[n])) n++;
  return n;
}

size_t strcspn(const char *s, const char *reject) {
  size_t n = 0;
  while (s[n] && !strchr(reject, s[n])) n++;
  return n;
}

char *strpbrk(const char *s, const char *accept) {
  s += strcspn(s, accept);
  return *s ? (char *)s : NULL;
}

char *strtok(char *s, const char *delim) {
  static char *next;
  if (!s) s = next;
  if (!s) return NULL;
  s += strspn(s, delim);
  if (!*s) { next = NULL; return NULL; }
  char *end = s + strcspn(s, delim);
  if (*end) { *end = 0; next = end + 1; } else next = NULL;
  return s;
}

char *strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p) memcpy(p, s, n);
  return p;
}

char *strerror(int e) {
  switch (e) {
    case 0: return "Success";
    case 2: return "No such file or directory";
    case 9: return "Bad file descriptor";
    case 12: return "Cannot allocate memory";
    case 14: return "Bad address";
    case 22: return "Invalid argument";
    case 34: return "Numerical result out of range";
    case 38: return "Function not implemented";
    default: return "Unknown error";
  }
}
