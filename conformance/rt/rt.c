/* The conformance runtime's C half: buffered output, a small printf, the
 * memory routines gcc expects even from freestanding code (GCC manual,
 * "Standards": "GCC requires the freestanding environment provide memcpy,
 * memmove, memset and memcmp"), and exit.
 *
 * Compiled with -fno-builtin -fno-tree-loop-distribute-patterns so gcc does
 * not turn the loop inside memset into a call to memset.
 */
#include "rt.h"

static char outbuf[4096];
static unsigned outlen;

void flush(void) {
  unsigned done = 0;
  while (done < outlen) {
    long n = rt_syscall3(SYS_write, 1, (long)(outbuf + done), outlen - done);
    if (n <= 0) break;
    done += (unsigned)n;
  }
  outlen = 0;
}

static void putch(char c) {
  if (outlen == sizeof outbuf) flush();
  outbuf[outlen++] = c;
}

void rt_exit(int status) {
  flush();
  for (;;) rt_syscall3(SYS_exit_group, status, 0, 0);
}

int puts(const char *s) {
  while (*s) putch(*s++);
  putch('\n');
  return 0;
}

/* Print an unsigned 64-bit value in `base` with optional zero padding. */
static int putnum(unsigned long long v, unsigned base, int neg, int width, int zero, int left) {
  char tmp[24];
  int n = 0, count = 0;
  do {
    unsigned d = (unsigned)(v % base);
    tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
    v /= base;
  } while (v);
  int len = n + neg;
  if (neg && zero) { putch('-'); count++; }
  if (!left) for (; len < width; len++, count++) putch(zero ? '0' : ' ');
  if (neg && !zero) { putch('-'); count++; }
  while (n) { putch(tmp[--n]); count++; }
  if (left) for (; len < width; len++, count++) putch(' ');
  return count + (neg ? 0 : 0);
}

/* Supports %d %i %u %x %X(lower-case digits) %o %c %s %p %% with the flags
 * '-' and '0', a decimal width, and the length modifiers hh h l ll z. */
int vprintf(const char *fmt, va_list ap) {
  int count = 0;
  for (; *fmt; fmt++) {
    if (*fmt != '%') { putch(*fmt); count++; continue; }
    int zero = 0, left = 0, width = 0, lng = 0, shrt = 0;
    fmt++;
    for (;; fmt++) {
      if (*fmt == '0') zero = 1;
      else if (*fmt == '-') left = 1;
      else break;
    }
    if (left) zero = 0;
    while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    for (;; fmt++) {
      if (*fmt == 'l' || *fmt == 'z') lng++;
      else if (*fmt == 'h') shrt++;
      else break;
    }
    char c = *fmt;
    if (c == 'd' || c == 'i') {
      long long v = lng ? va_arg(ap, long long) : va_arg(ap, int);
      if (!lng && shrt == 1) v = (short)v;
      if (!lng && shrt >= 2) v = (signed char)v;
      unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
      count += putnum(mag, 10, v < 0, width, zero, left);
    } else if (c == 'u' || c == 'x' || c == 'X' || c == 'o') {
      unsigned long long v = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
      if (!lng && shrt == 1) v = (unsigned short)v;
      if (!lng && shrt >= 2) v = (unsigned char)v;
      count += putnum(v, c == 'u' ? 10 : c == 'o' ? 8 : 16, 0, width, zero, left);
    } else if (c == 'p') {
      putch('0'); putch('x'); count += 2;
      count += putnum((unsigned long long)(uintptr_t)va_arg(ap, void *), 16, 0, width, zero, left);
    } else if (c == 'c') {
      putch((char)va_arg(ap, int)); count++;
    } else if (c == 's') {
      const char *s = va_arg(ap, const char *);
      if (!s) s = "(null)";
      int len = 0;
      while (s[len]) len++;
      if (!left) for (; len < width; width--, count++) putch(' ');
      for (int i = 0; s[i]; i++, count++) putch(s[i]);
      if (left) for (; len < width; width--, count++) putch(' ');
    } else if (c == '%') {
      putch('%'); count++;
    } else {
      /* Unknown conversion: print it verbatim so the mistake is visible. */
      putch('%'); putch(c ? c : '?'); count += 2;
      if (!c) break;
    }
  }
  return count;
}

int printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vprintf(fmt, ap);
  va_end(ap);
  return n;
}

void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--) *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d < s) { while (n--) *d++ = *s++; }
  else { d += n; s += n; while (n--) *--d = *--s; }
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  while (n--) *d++ = (unsigned char)c;
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (; n; n--, x++, y++) if (*x != *y) return *x < *y ? -1 : 1;
  return 0;
}

/* Population count for __builtin_popcount*: with -mgeneral-regs-only gcc
 * calls libgcc's __popcountdi2, and AArch64 libgcc implements it with SIMD
 * registers (CNT v0.8b). Defining it here keeps every fixture inside the
 * general-purpose register set (the linker takes ours before -lgcc's).
 * The SWAR method: sum bits in pairs, nibbles, bytes, then add the bytes
 * with one multiply. */
int __popcountdi2(unsigned long long x) {
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return (int)((x * 0x0101010101010101ull) >> 56);
}
