/* The C library at its edges, against glibc: reading standard input with
 * fgets into a small buffer (long lines arrive in pieces, the last line has
 * no newline), getchar to the end of file, strtol/strtoul overflow and
 * errno, bases and end pointers, ctype over all 256 byte values in the "C"
 * locale, strncpy padding, strncat, memchr/memcmp signs, qsort of odd-sized
 * records, bsearch for absent keys, and the return values of output calls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>

typedef struct { char tag[3]; short n; } Rec5;   /* 6 bytes with padding: an odd element size for qsort */

static int by_n(const void *a, const void *b) { return ((const Rec5 *)a)->n - ((const Rec5 *)b)->n; }
static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int sgn(int v) { return (v > 0) - (v < 0); }

int main(void) {
  char buf[10];
  int pieces = 0, newlines = 0;
  unsigned long h = 0;
  /* Read the first four lines in 9-byte pieces. */
  while (newlines < 4 && fgets(buf, sizeof buf, stdin)) {
    pieces++;
    size_t n = strlen(buf);
    if (n && buf[n - 1] == '\n') newlines++;
    for (size_t i = 0; i < n; i++) h = h * 31 + (unsigned char)buf[i];
    printf("piece %d (%zu): [", pieces, n);
    for (size_t i = 0; i < n; i++) putchar(buf[i] == '\n' ? '$' : buf[i]);
    printf("]\n");
  }
  int c, rest = 0, last = 0;
  while ((c = getchar()) != EOF) { rest++; last = c; }
  printf("then %d more bytes by getchar, last '%c', hash %lu, getchar at end again: %d\n", rest, last, h, getchar());
  printf("fgets at end: %s\n", fgets(buf, sizeof buf, stdin) ? "data" : "NULL");

  const char *nums[] = { "2147483647", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                         "18446744073709551615", "18446744073709551616", "0x7fffffffffffffff", "  +42abc", "-0", "", "   ", "0x", "077", "-12e3" };
  for (unsigned i = 0; i < sizeof nums / sizeof nums[0]; i++) {
    char *end;
    errno = 0;
    long v = strtol(nums[i], &end, 0);
    int e1 = errno;
    errno = 0;
    unsigned long u = strtoul(nums[i], NULL, 0);
    int e2 = errno;
    printf("%-22s strtol=%ld errno=%d used=%ld | strtoul=%lu errno=%d\n", nums[i], v, e1 == ERANGE, (long)(end - nums[i]), u, e2 == ERANGE);
  }
  printf("bases: %ld %ld %ld %ld %lu\n", strtol("zz", NULL, 36), strtol("-101", NULL, 2), strtol("777", NULL, 8), strtol("Ff", NULL, 16),
         strtoul("-1", NULL, 10));
  printf("atoi: %d %d %d %ld %lld\n", atoi("  -123xyz"), atoi("x1"), atoi("2147483647"), atol("-9000000000"), atoll("123456789012345"));

  static const char *names[] = { "alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "xdigit" };
  int (*const fns[])(int) = { isalnum, isalpha, isblank, iscntrl, isdigit, isgraph, islower, isprint, ispunct, isspace, isupper, isxdigit };
  for (int k = 0; k < 12; k++) {
    int count = 0;
    unsigned long mask = 0;
    for (int ch = 0; ch < 256; ch++) if (fns[k](ch)) { count++; mask = mask * 33 + (unsigned long)ch; }
    printf("is%-6s %3d %lu\n", names[k], count, mask);
  }
  int lows = 0, ups = 0;
  for (int ch = 0; ch < 256; ch++) { lows += tolower(ch) != ch; ups += toupper(ch) != ch; }
  printf("tolower changes %d, toupper changes %d, tolower(EOF)=%d\n", lows, ups, tolower(EOF));

  char pad[8];
  memset(pad, 'x', sizeof pad);
  strncpy(pad, "ab", sizeof pad);
  printf("strncpy pads:");
  for (int i = 0; i < 8; i++) printf(" %d", pad[i]);
  strncpy(pad, "0123456789", 4);
  printf(" | no terminator: %.8s\n", pad);
  char cat[16] = "abc";
  strncat(cat, "defghij", 3);
  strncat(cat, "", 5);
  printf("strncat: %s (%zu)\n", cat, strlen(cat));
  const char hay[] = "find\0the\xffnul";
  printf("memchr: %ld %ld %d\n", (long)((const char *)memchr(hay, 't', sizeof hay) - hay), (long)((const char *)memchr(hay, 0xff, sizeof hay) - hay),
         memchr(hay, 'z', sizeof hay) == NULL);
  printf("memcmp signs: %d %d %d %d\n", sgn(memcmp("abc", "abd", 3)), sgn(memcmp("\xff", "\x01", 1)), sgn(memcmp("same", "same", 4)), sgn(memcmp("a", "b", 0)));
  printf("strcmp high bytes: %d %d\n", sgn(strcmp("\xe9", "e")), sgn(strncmp("ab\xff", "ab\x01", 5)));

  Rec5 recs[7];
  for (int i = 0; i < 7; i++) { recs[i].n = (short)((i * 5) % 7 - 3); recs[i].tag[0] = (char)('a' + i); recs[i].tag[1] = 0; }
  qsort(recs, 7, sizeof recs[0], by_n);
  printf("qsort 6-byte records:");
  for (int i = 0; i < 7; i++) printf(" %s%d", recs[i].tag, recs[i].n);
  printf(" (size %zu)\n", sizeof(Rec5));
  int sorted[] = { 1, 3, 5, 7, 9, 11 };
  for (int key = 0; key <= 12; key += 3) {
    int *hit = bsearch(&key, sorted, 6, sizeof sorted[0], cmp_int);
    printf("bsearch %d: %s ", key, hit ? "found" : "absent");
  }
  printf("bsearch empty: %d\n", bsearch(&lows, sorted, 0, sizeof sorted[0], cmp_int) == NULL);
  int r1 = printf("%s", "12345");
  int r2 = puts("");
  int r3 = putchar('X');
  int r4 = fputs("fputs\n", stdout);
  size_t r5 = fwrite("abc\n", 1, 4, stdout);
  printf("returns: printf=%d puts>=0:%d putchar=%d fputs>=0:%d fwrite=%zu\n", r1, r2 >= 0, r3, r4 >= 0, r5);
  printf("abs: %d %ld %lld\n", abs(-INT_MAX), labs(-5L), llabs(-LLONG_MAX));
  return 0;
}
