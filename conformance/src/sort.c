/* Sorting with a comparator callback (qsort-style, indirect calls), an
 * insertion sort on shorts, and a merge sort on 64-bit keys. */
#include "rt.h"

static void swap_bytes(char *a, char *b, size_t n) { while (n--) { char t = *a; *a++ = *b; *b++ = t; } }

/* A quicksort with the same interface as C's qsort. */
static void my_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  char *b = base;
  while (n > 1) {
    size_t mid = n / 2, store = 0;
    swap_bytes(b + mid * size, b + (n - 1) * size, size);
    for (size_t i = 0; i + 1 < n; i++)
      if (cmp(b + i * size, b + (n - 1) * size) < 0) swap_bytes(b + i * size, b + store++ * size, size);
    swap_bytes(b + store * size, b + (n - 1) * size, size);
    my_qsort(b, store, size, cmp);
    b += (store + 1) * size;
    n -= store + 1;
  }
}

static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_u64_desc(const void *a, const void *b) { uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b; return (x < y) - (x > y); }
struct rec { char name[8]; int score; };
static int cmp_rec(const void *a, const void *b) {
  const struct rec *x = a, *y = b;
  if (x->score != y->score) return y->score - x->score;
  return memcmp(x->name, y->name, 8);
}

static void merge_sort(int64_t *a, int64_t *tmp, int n) {
  if (n < 2) return;
  int h = n / 2;
  merge_sort(a, tmp, h); merge_sort(a + h, tmp, n - h);
  int i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  while (i < h) tmp[k++] = a[i++];
  while (j < n) tmp[k++] = a[j++];
  memcpy(a, tmp, (size_t)n * sizeof *a);
}

static uint32_t seed = 12345;
static uint32_t rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 8; }

int main(void) {
  int ints[300];
  for (int i = 0; i < 300; i++) ints[i] = (int)(rnd() % 2001) - 1000;
  my_qsort(ints, 300, sizeof ints[0], cmp_int);
  long chk = 0;
  for (int i = 0; i < 300; i++) chk = chk * 31 + ints[i];
  printf("ints min %d med %d max %d chk %lx\n", ints[0], ints[150], ints[299], (unsigned long)chk);
  uint64_t big[100];
  for (int i = 0; i < 100; i++) big[i] = ((uint64_t)rnd() << 40) ^ rnd();
  my_qsort(big, 100, sizeof big[0], cmp_u64_desc);
  printf("u64 desc %llx %llx %llx\n", (unsigned long long)big[0], (unsigned long long)big[50], (unsigned long long)big[99]);
  struct rec recs[6] = { { "carol", 90 }, { "alice", 95 }, { "bob", 90 }, { "dave", 70 }, { "erin", 95 }, { "frank", 10 } };
  my_qsort(recs, 6, sizeof recs[0], cmp_rec);
  for (int i = 0; i < 6; i++) printf("  %s %d\n", recs[i].name, recs[i].score);
  short sh[64];
  for (int i = 0; i < 64; i++) sh[i] = (short)(rnd() & 0xffff);
  for (int i = 1; i < 64; i++) { short v = sh[i]; int j = i - 1; while (j >= 0 && sh[j] > v) { sh[j + 1] = sh[j]; j--; } sh[j + 1] = v; }
  printf("shorts %d %d %d\n", sh[0], sh[32], sh[63]);
  int64_t m[200], tmp[200];
  for (int i = 0; i < 200; i++) m[i] = (int64_t)((uint64_t)rnd() << 33) - (int64_t)rnd() * 7;
  merge_sort(m, tmp, 200);
  int ok = 1;
  for (int i = 1; i < 200; i++) ok &= m[i - 1] <= m[i];
  printf("merge sorted %d first %lld last %lld\n", ok, (long long)m[0], (long long)m[199]);
  return 0;
}
