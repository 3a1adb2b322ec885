/* Variadic functions of our own: sums over many argument counts (more than
 * the 6 x86_64 / 8 arm64 integer registers, so some travel on the stack),
 * mixed widths, va_copy for a two-pass walk, a va_list handed to another
 * function, a tiny printf of our own, and structs passed alongside. */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>

static long sum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  long s = 0;
  for (int i = 0; i < n; i++) s += va_arg(ap, int);
  va_end(ap);
  return s;
}

static long sum_longs(int n, ...) {
  va_list ap;
  va_start(ap, n);
  long s = 0;
  for (int i = 0; i < n; i++) s = s * 3 + va_arg(ap, long);
  va_end(ap);
  return s;
}

/* Two passes over the same arguments with va_copy: first the count, then the average. */
static void stats(const char *label, ...) {
  va_list ap, again;
  va_start(ap, label);
  va_copy(again, ap);
  int n = 0;
  long total = 0;
  for (int v = va_arg(ap, int); v >= 0; v = va_arg(ap, int)) n++;
  for (int i = 0; i < n; i++) total += va_arg(again, int);
  va_end(again);
  va_end(ap);
  printf("%s: n=%d total=%ld avg=%ld\n", label, n, total, n ? total / n : 0);
}

static int vformat(char *buf, size_t size, const char *fmt, va_list ap) {
  return vsnprintf(buf, size, fmt, ap);
}

static int format(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vformat(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

/* A miniature printf: %d %u %x %s %c %l (long) with its own output. */
static int mini(const char *fmt, ...) {
  char out[256];
  int k = 0;
  va_list ap;
  va_start(ap, fmt);
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') { out[k++] = *p; continue; }
    char digits[24];
    int nd = 0;
    unsigned long u = 0;
    int neg = 0, base = 10;
    switch (*++p) {
    case 'd': { int v = va_arg(ap, int); neg = v < 0; u = neg ? 0UL - (unsigned long)v : (unsigned long)v; break; }
    case 'l': { long v = va_arg(ap, long); neg = v < 0; u = neg ? 0UL - (unsigned long)v : (unsigned long)v; break; }
    case 'u': u = va_arg(ap, unsigned); break;
    case 'x': u = va_arg(ap, unsigned); base = 16; break;
    case 's': for (const char *s = va_arg(ap, const char *); *s; s++) out[k++] = *s; continue;
    case 'c': out[k++] = (char)va_arg(ap, int); continue;
    default: out[k++] = *p; continue;
    }
    do { digits[nd++] = "0123456789abcdef"[u % base]; u /= base; } while (u);
    if (neg) out[k++] = '-';
    while (nd) out[k++] = digits[--nd];
  }
  va_end(ap);
  out[k] = '\0';
  fputs(out, stdout);
  return k;
}

typedef struct { int x, y; } Pt;
typedef struct { long a, b, c; } Tri;

static long structs(int n, ...) {
  va_list ap;
  va_start(ap, n);
  long s = 0;
  for (int i = 0; i < n; i++) {
    Pt p = va_arg(ap, Pt);
    Tri t = va_arg(ap, Tri);
    s += p.x * 10 + p.y + t.a * t.b - t.c;
  }
  va_end(ap);
  return s;
}

static unsigned long mixed(const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  unsigned long h = 0;
  for (const char *t = types; *t; t++) {
    switch (*t) {
    case 'c': h = h * 31 + (unsigned char)va_arg(ap, int); break;
    case 's': h = h * 31 + (unsigned short)va_arg(ap, int); break;
    case 'i': h = h * 31 + (unsigned)va_arg(ap, int); break;
    case 'l': h = h * 31 + va_arg(ap, unsigned long); break;
    case 'p': h = h * 31 + strlen(va_arg(ap, const char *)); break;
    }
  }
  va_end(ap);
  return h;
}

int main(void) {
  for (int n = 0; n <= 12; n++)
    printf("sum(%d)=%ld ", n, sum(n, 1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12));
  printf("\n");
  printf("sum_longs=%ld\n", sum_longs(11, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 1L << 40));
  stats("small", 1, 2, 3, -1);
  stats("many", 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, -1);
  stats("none", -1);
  char buf[64];
  int n = format(buf, sizeof buf, "%d|%5s|%-4x|%lu|%c", -42, "ab", 0xbe, 1UL << 63, 'q');
  printf("format %d: [%s]\n", n, buf);
  n = format(buf, 10, "%s and %s", "truncated", "text");
  printf("format %d: [%s]\n", n, buf);
  int k = mini("mini: %d %u %x %s %c %l %d%%\n", -12345, 4000000000u, 0xcafe, "str", '!', -9000000000L, 0);
  printf("mini wrote %d\n", k);
  Pt p1 = { 1, 2 }, p2 = { 3, 4 };
  Tri t1 = { 5, 6, 7 }, t2 = { -1, -2, -3 };
  printf("structs=%ld\n", structs(3, p1, t1, p2, t2, p1, t2));
  printf("mixed=%lu\n", mixed("csilpcsilpil", (char)-1, (short)-2, -3, -4L, "hello", 'A', 65535, 7, 1UL << 50, "", 8, 9L));
  printf("printf many: %d %d %d %d %d %d %d %d %d %d %ld %s %c %u\n", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11L, "twelve", 'D', 14u);
  return 0;
}
