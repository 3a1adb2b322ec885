/* printf formatting torture: every conversion with flags, widths and
 * precisions (fixed and from * arguments), length modifiers on extreme values,
 * snprintf truncation and return values, sprintf into buffers, and building
 * format strings at run time. Only conversions the C library must agree on
 * byte for byte are used (no %p, no floating point). */
#include <stdio.h>
#include <string.h>
#include <limits.h>

int main(void) {
  static const char *flags[] = { "", "-", "+", " ", "0", "#", "0+", "-#" };
  static const char convs[] = "diuxXo";
  static const int vals[] = { 0, -1, 42, 65535, INT_MIN };
  char fmt[32], out[128];
  unsigned long h = 0;
  int lines = 0;
  for (unsigned f = 0; f < sizeof flags / sizeof flags[0]; f++)
    for (const char *c = convs; *c; c++)
      for (int w = -1; w <= 12; w += 13)
        for (int p = -1; p <= 8; p += 5) {
          int n = sprintf(fmt, "[%%%s", flags[f]);
          if (w >= 0) n += sprintf(fmt + n, "%d", w);
          if (p >= 0) n += sprintf(fmt + n, ".%d", p);
          sprintf(fmt + n, "%c]", *c);
          for (unsigned v = 0; v < sizeof vals / sizeof vals[0]; v++) {
            int len = snprintf(out, sizeof out, fmt, vals[v]);
            for (int i = 0; i < len; i++) h = h * 257 + (unsigned char)out[i];
            h += (unsigned)len;
            if ((f * 7 + v * 3 + (unsigned)w + (unsigned)p) % 13 == 0) { printf("%-10s %11d -> %s\n", fmt, vals[v], out); lines++; }
          }
        }
  printf("combinations hash %lu (%d shown)\n", h, lines);

  printf("[%hhd|%hhu|%hhx] [%hd|%hu|%hx]\n", 300, 300, 511, 70000, 70000, -1);
  printf("[%ld|%lu|%lx|%lo] [%lld|%llu|%llX]\n", LONG_MIN, ULONG_MAX, LONG_MIN, ULONG_MAX, LLONG_MIN + 1, ULLONG_MAX - 1, 0xdeadbeefULL);
  printf("[%zu|%zd|%zx] [%jd|%ju] [%td]\n", (size_t)-1, (long)-5, (size_t)4096, (long)-77, (unsigned long)77, (long)-3);
  printf("[%5s|%-5s|%.1s|%5.2s|%-5.3s|%.0s|%s]\n", "abc", "abc", "abc", "abc", "abcdef", "abc", "");
  printf("[%c|%3c|%-3c|%c%c%c]\n", 'A', 'B', 'C', 'x', 0x79, 'z');
  printf("[%*d|%-*d|%*d|%.*d|%*.*d|%.*s]\n", 5, 1, 5, 2, -5, 3, 4, 4, 6, 3, 5, 2, "truncated");
  printf("[%.0d|%.0x|%#.0o|%#x|%#o|%#X]\n", 0, 0, 0, 0, 0, 255);
  printf("[%+.3d|% .3d|%+05d|% 05d|%-+5d|%- 5d]\n", 7, 7, 7, 7, 7, 7);
  printf("[%%|%%%%]\n");
  printf("[%08.3d|%-08d|%0-8d]\n", 12, 12, 12);
  printf("[%x|%X|%#10x|%#-10X|%010x|%#010x]\n", 0xabcdefu, 0xabcdefu, 0xabcu, 0xabcu, 0xabcu, 0xabcu);
  printf("[%o|%#o|%10o|%-#10o]\n", 8u, 8u, 511u, 511u);
  printf("[%lu|%ld|%li]\n", 0UL, 0L, -0L);
  printf("[%u|%d]\n", UINT_MAX, (int)UINT_MAX);

  char small[8];
  int r = snprintf(small, sizeof small, "%d-%d-%d", 1000, 2000, 3000);
  printf("snprintf returned %d kept '%s' (len %zu)\n", r, small, strlen(small));
  r = snprintf(small, 1, "abc");
  printf("size 1: %d '%s'\n", r, small);
  r = snprintf(NULL, 0, "%s=%d", "key", 123456);
  printf("size 0: %d\n", r);
  char big[256];
  r = sprintf(big, "%s|%s|%s", "first", "second", "third");
  printf("sprintf %d %s\n", r, big);
  r = sprintf(big, "%60s|", "right-aligned-in-sixty");
  printf("wide %d [%s]\n", r, big);
  int total = 0;
  for (int i = 0; i < 10; i++) total += printf("%*d", i, i);
  printf("\nprinted %d chars\n", total);
  total = printf("%s", "");
  printf("empty printf returned %d\n", total);
  fputs("fputs line\n", stdout);
  puts("puts line");
  putchar('!');
  putchar('\n');
  fprintf(stdout, "fprintf to stdout %d\n", 99);
  fprintf(stderr, "this goes to stderr and is not compared\n");
  return 0;
}
