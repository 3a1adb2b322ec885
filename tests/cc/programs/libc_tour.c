/* A tour of the C library: formatted output, strings, conversion, sorting,
 * memory allocation. The same file is built with gcc against glibc; the
 * outputs must match. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <stdint.h>
#include <limits.h>
#include <assert.h>

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(int argc, char **argv) {
  printf("argc=%d argv0-nonnull=%d\n", argc, argv[0] != 0);
  printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%8.3d]\n", 42, 42, 42, 42, 42, 42, 7, -7);
  printf("[%u] [%x] [%X] [%#x] [%o] [%#o] [%lx] [%llu]\n", 3000000000u, 255, 255, 255, 8, 8, 0xdeadbeefcafeUL, 18446744073709551615ULL);
  printf("[%ld] [%lld] [%hd] [%hhd] [%hhu] [%zu] [%i]\n", LONG_MIN, LLONG_MAX, (short)70000, (signed char)200, (unsigned char)300, sizeof(long), -0);
  printf("[%c] [%3c] [%-3c] [%s] [%10s] [%-10s] [%.2s] [%%]\n", 'x', 'y', 'z', "str", "right", "left", "truncate");
  printf("[%*d] [%-*d] [%.*s]\n", 6, 12, 6, 12, 3, "abcdef");
  char buf[64];
  int n = snprintf(buf, 8, "%s-%d", "overflowing", 12345);
  printf("snprintf %d '%s'\n", n, buf);
  n = sprintf(buf, "%08x|%-6s|%3d", 0xbeef, "ab", 5);
  printf("sprintf %d '%s' strlen %zu\n", n, buf, strlen(buf));

  char s[32] = "hello";
  strcat(s, ", world");
  printf("%s %zu %d %d %d\n", s, strlen(s), strcmp("abc", "abd") < 0, strncmp("abcx", "abcy", 3), memcmp("a\0b", "a\0c", 3) < 0);
  printf("%s %s %s\n", strchr(s, 'o'), strrchr(s, 'o'), strstr(s, "wor"));
  printf("spn %zu cspn %zu\n", strspn("aaabbc", "ab"), strcspn("hello world", " "));
  char tok[] = "a,b,,c";
  for (char *t = strtok(tok, ","); t; t = strtok(NULL, ",")) printf("tok '%s' ", t);
  printf("\n");
  printf("strtol %ld %ld %ld %lu\n", strtol("  -1234xyz", NULL, 10), strtol("0x1f", NULL, 0), strtol("0777", NULL, 0), strtoul("ffffffff", NULL, 16));
  char *end;
  long v = strtol("42abc", &end, 10);
  printf("atoi %d %ld rest '%s' abs %d %ld\n", atoi("-99"), v, end, abs(-5), labs(-7L));
  printf("ctype %d %d %d %d %c %c\n", isdigit('7') != 0, isalpha('!') != 0, isspace('\t') != 0, isxdigit('F') != 0, toupper('q'), tolower('Q'));

  int nums[] = { 5, -3, 99, 0, 42, -100, 7, 7, 1 };
  qsort(nums, 9, sizeof nums[0], cmp_int);
  for (int i = 0; i < 9; i++) printf("%d ", nums[i]);
  printf("\n");
  const char *words[] = { "pear", "apple", "fig", "banana", "cherry" };
  qsort(words, 5, sizeof words[0], cmp_str);
  for (int i = 0; i < 5; i++) printf("%s ", words[i]);
  int key = 42;
  int *found = bsearch(&key, nums, 9, sizeof nums[0], cmp_int);
  printf("\nbsearch %d\n", found ? (int)(found - nums) : -1);

  long total = 0;
  char *blocks[100];
  for (int i = 0; i < 100; i++) {
    blocks[i] = malloc(i * 37 + 1);
    memset(blocks[i], i, i * 37 + 1);
  }
  for (int i = 0; i < 100; i += 2) free(blocks[i]);
  for (int i = 1; i < 100; i += 2) { total += blocks[i][i * 37]; blocks[i] = realloc(blocks[i], i * 50 + 8); total += blocks[i][0]; }
  int *zeros = calloc(1000, sizeof(int));
  for (int i = 0; i < 1000; i++) total += zeros[i];
  free(zeros);
  for (int i = 1; i < 100; i += 2) free(blocks[i]);
  char *dup = strdup("duplicate");
  printf("malloc total %ld dup %s aligned %d\n", total, dup, ((uintptr_t)dup & 15) == 0);
  free(dup);
  assert(total > 0);
  puts("done");
  return 3;
}
