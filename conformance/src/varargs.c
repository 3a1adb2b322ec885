/* Variadic functions through stdarg.h: va_list handling differs a lot
 * between the ABIs (x86_64: a register save area with gp_offset; AArch64:
 * __stack, __gr_top, __gr_offs), so mixing many int and long arguments and
 * passing va_list on (vprintf) is a good exercise. */
#include "rt.h"

static long sum(int n, ...) {
  va_list ap; va_start(ap, n);
  long s = 0;
  for (int i = 0; i < n; i++) s += va_arg(ap, long);
  va_end(ap);
  return s;
}
/* Types described by a format string: i=int, l=long, u=unsigned, p=pointer. */
static uint64_t mix(const char *types, ...) {
  va_list ap; va_start(ap, types);
  uint64_t h = 0;
  for (const char *t = types; *t; t++) {
    switch (*t) {
      case 'i': h = h * 31 + (uint64_t)(int64_t)va_arg(ap, int); break;
      case 'l': h = h * 31 + (uint64_t)va_arg(ap, long); break;
      case 'u': h = h * 31 + va_arg(ap, unsigned); break;
      case 'p': h = h * 31 + (uint64_t)(*(const char *)va_arg(ap, const char *)); break;
    }
  }
  va_end(ap);
  return h;
}
static int logf_(const char *level, const char *fmt, ...) {
  va_list ap; va_start(ap, fmt);
  int n = printf("[%s] ", level);
  n += vprintf(fmt, ap);
  va_end(ap);
  return n;
}
static long second_pass(int n, ...) {
  va_list ap, aq; va_start(ap, n); va_copy(aq, ap);
  long a = 0, b = 0;
  for (int i = 0; i < n; i++) a += va_arg(ap, int);
  for (int i = 0; i < n; i++) b ^= (long)va_arg(aq, int) << i;
  va_end(ap); va_end(aq);
  return a * 1000 + b;
}

int main(void) {
  printf("sum0 %ld sum3 %ld sum12 %ld\n", sum(0), sum(3, 1l, 2l, 3l),
         sum(12, 1l, -2l, 3l, -4l, 5l, -6l, 7l, -8l, 9l, -10l, 0x100000000l, 0x7fffffffffffffffl));
  printf("mix %llx\n", (unsigned long long)mix("ilupilupilupiii", -1, -2l, 3u, "Q", 5, 6l, 0xffffffffu, "z", -9, 10l, 11u, "!", 13, 14, 15));
  int n = logf_("info", "%s=%d hex=%x long=%ld char=%c pct=%% ptr=%p\n", "answer", 42, 0xbeef, -1234567890123l, 'Z', (void *)0x1000);
  printf("logged %d chars\n", n);
  printf("widths [%5d] [%-5d] [%05d] [%x] [%08lx] [%s] [%-6s] [%3c]\n", 42, 42, -42, 0u, 0xabcdefl, "s", "left", 'c');
  printf("limits %d %u %lld %llu %hd %hhu\n", INT_MIN, UINT_MAX, LLONG_MIN, ULLONG_MAX, (short)-32768, (unsigned char)255);
  printf("second_pass %ld\n", second_pass(9, 1, 2, 3, 4, 5, 6, 7, 8, 9));
  return 0;
}
