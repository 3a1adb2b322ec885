/* Sorting variants on the same data: insertion, selection, shell, merge (top-down
 * and bottom-up), quick (Lomuto and Hoare), heap, counting and radix sort, and
 * the C library's qsort. Each result is checked and summarised with a checksum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 64

static unsigned lcg_state = 12345;
static unsigned lcg(void) {
  lcg_state = lcg_state * 1103515245u + 12345u;
  return (lcg_state >> 16) & 0x7fff;
}

static void fill(int *a, int n) {
  for (int i = 0; i < n; i++) a[i] = (int)(lcg() % 1000) - 500;
}

static int sorted(const int *a, int n) {
  for (int i = 1; i < n; i++)
    if (a[i - 1] > a[i]) return 0;
  return 1;
}

static unsigned long checksum(const int *a, int n) {
  unsigned long h = 1469598103934665603UL;
  for (int i = 0; i < n; i++) { h ^= (unsigned)a[i]; h *= 1099511628211UL; }
  return h;
}

static void swap(int *x, int *y) { int t = *x; *x = *y; *y = t; }

static void insertion(int *a, int n) {
  for (int i = 1; i < n; i++) {
    int v = a[i], j = i - 1;
    while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}

static void selection(int *a, int n) {
  for (int i = 0; i < n - 1; i++) {
    int m = i;
    for (int j = i + 1; j < n; j++) if (a[j] < a[m]) m = j;
    swap(&a[i], &a[m]);
  }
}

static void shell(int *a, int n) {
  static const int gaps[] = { 57, 23, 10, 4, 1 };
  for (unsigned g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
    int gap = gaps[g];
    for (int i = gap; i < n; i++) {
      int v = a[i], j;
      for (j = i; j >= gap && a[j - gap] > v; j -= gap) a[j] = a[j - gap];
      a[j] = v;
    }
  }
}

static void merge(int *a, int *tmp, int lo, int mid, int hi) {
  int i = lo, j = mid, k = lo;
  while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  while (i < mid) tmp[k++] = a[i++];
  while (j < hi) tmp[k++] = a[j++];
  memcpy(a + lo, tmp + lo, (size_t)(hi - lo) * sizeof *a);
}

static void merge_td(int *a, int *tmp, int lo, int hi) {
  if (hi - lo < 2) return;
  int mid = lo + (hi - lo) / 2;
  merge_td(a, tmp, lo, mid);
  merge_td(a, tmp, mid, hi);
  merge(a, tmp, lo, mid, hi);
}

static void merge_bu(int *a, int *tmp, int n) {
  for (int w = 1; w < n; w *= 2)
    for (int lo = 0; lo < n - w; lo += 2 * w) {
      int hi = lo + 2 * w < n ? lo + 2 * w : n;
      merge(a, tmp, lo, lo + w, hi);
    }
}

static void quick_lomuto(int *a, int lo, int hi) {
  if (lo >= hi) return;
  int p = a[hi], i = lo;
  for (int j = lo; j < hi; j++) if (a[j] < p) swap(&a[i++], &a[j]);
  swap(&a[i], &a[hi]);
  quick_lomuto(a, lo, i - 1);
  quick_lomuto(a, i + 1, hi);
}

static void quick_hoare(int *a, int lo, int hi) {
  if (lo >= hi) return;
  int p = a[lo + (hi - lo) / 2], i = lo - 1, j = hi + 1;
  for (;;) {
    do i++; while (a[i] < p);
    do j--; while (a[j] > p);
    if (i >= j) break;
    swap(&a[i], &a[j]);
  }
  quick_hoare(a, lo, j);
  quick_hoare(a, j + 1, hi);
}

static void sift(int *a, int start, int end) {
  int root = start;
  while (2 * root + 1 <= end) {
    int child = 2 * root + 1, s = root;
    if (a[s] < a[child]) s = child;
    if (child + 1 <= end && a[s] < a[child + 1]) s = child + 1;
    if (s == root) return;
    swap(&a[root], &a[s]);
    root = s;
  }
}

static void heapsort_(int *a, int n) {
  for (int s = (n - 2) / 2; s >= 0; s--) sift(a, s, n - 1);
  for (int end = n - 1; end > 0; end--) { swap(&a[0], &a[end]); sift(a, 0, end - 1); }
}

static void counting(int *a, int n) {
  static int count[1000];
  memset(count, 0, sizeof count);
  for (int i = 0; i < n; i++) count[a[i] + 500]++;
  int k = 0;
  for (int v = 0; v < 1000; v++) while (count[v]--) a[k++] = v - 500;
}

static void radix(int *a, int n) {
  unsigned *u = malloc((size_t)n * sizeof *u), *t = malloc((size_t)n * sizeof *t);
  for (int i = 0; i < n; i++) u[i] = (unsigned)a[i] ^ 0x80000000u;
  for (int shift = 0; shift < 32; shift += 8) {
    int cnt[257] = { 0 };
    for (int i = 0; i < n; i++) cnt[((u[i] >> shift) & 0xff) + 1]++;
    for (int d = 0; d < 256; d++) cnt[d + 1] += cnt[d];
    for (int i = 0; i < n; i++) t[cnt[(u[i] >> shift) & 0xff]++] = u[i];
    unsigned *x = u; u = t; t = x;
  }
  for (int i = 0; i < n; i++) a[i] = (int)(u[i] ^ 0x80000000u);
  free(u); free(t);
}

static int cmp(const void *x, const void *y) {
  int a = *(const int *)x, b = *(const int *)y;
  return (a > b) - (a < b);
}

typedef void (*sorter)(int *, int);
static int tmpbuf[N];
static void s_merge_td(int *a, int n) { merge_td(a, tmpbuf, 0, n); }
static void s_merge_bu(int *a, int n) { merge_bu(a, tmpbuf, n); }
static void s_lomuto(int *a, int n) { quick_lomuto(a, 0, n - 1); }
static void s_hoare(int *a, int n) { quick_hoare(a, 0, n - 1); }
static void s_qsort(int *a, int n) { qsort(a, (size_t)n, sizeof *a, cmp); }

static const struct { const char *name; sorter fn; } sorters[] = {
  { "insertion", insertion }, { "selection", selection }, { "shell", shell },
  { "merge-td", s_merge_td }, { "merge-bu", s_merge_bu }, { "quick-lomuto", s_lomuto },
  { "quick-hoare", s_hoare }, { "heap", heapsort_ }, { "counting", counting },
  { "radix", radix }, { "qsort", s_qsort },
};

int main(void) {
  static int orig[N], work[N];
  fill(orig, N);
  unsigned long expect = 0;
  for (unsigned s = 0; s < sizeof sorters / sizeof sorters[0]; s++) {
    static const int sizes[] = { 0, 1, 2, 3, 5, 8, 33 };
    for (unsigned z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
      int n = sizes[z];
      memcpy(work, orig, sizeof work);
      sorters[s].fn(work, n);
      if (!sorted(work, n)) { printf("%s: NOT SORTED at n=%d\n", sorters[s].name, n); return 1; }
    }
    memcpy(work, orig, sizeof work);
    sorters[s].fn(work, N);
    unsigned long h = checksum(work, N);
    if (s == 0) expect = h;
    printf("%-13s min=%4d med=%4d max=%4d hash=%016lx %s\n", sorters[s].name, work[0], work[N / 2], work[N - 1], h,
           h == expect ? "same" : "DIFFERENT");
  }
  /* Already sorted and reversed inputs: the bad cases for naive quicksort. */
  for (int i = 0; i < N; i++) work[i] = N - i;
  s_hoare(work, N);
  printf("reversed -> %d %d %d\n", work[0], work[1], work[N - 1]);
  s_lomuto(work, N);
  printf("sorted -> %d %d\n", work[0], work[N - 1]);
  return 0;
}
