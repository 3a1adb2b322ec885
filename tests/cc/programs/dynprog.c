/* Dynamic programming: longest common subsequence (with reconstruction), edit
 * distance, 0/1 knapsack, coin change (ways and fewest coins), longest
 * increasing subsequence, matrix-chain order, and counting lattice paths. */
#include <stdio.h>
#include <string.h>

static int max(int a, int b) { return a > b ? a : b; }
static int min(int a, int b) { return a < b ? a : b; }

static void lcs(const char *a, const char *b) {
  int n = (int)strlen(a), m = (int)strlen(b);
  static int t[40][40];
  for (int i = 0; i <= n; i++)
    for (int j = 0; j <= m; j++)
      t[i][j] = (i == 0 || j == 0) ? 0 : a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : max(t[i - 1][j], t[i][j - 1]);
  char out[40];
  int k = t[n][m], i = n, j = m;
  out[k] = '\0';
  while (i && j) {
    if (a[i - 1] == b[j - 1]) { out[--k] = a[i - 1]; i--; j--; }
    else if (t[i - 1][j] >= t[i][j - 1]) i--;
    else j--;
  }
  printf("lcs(\"%s\", \"%s\") = %d \"%s\"\n", a, b, t[n][m], out);
}

static int edit(const char *a, const char *b) {
  int n = (int)strlen(a), m = (int)strlen(b);
  int prev[40], cur[40];
  for (int j = 0; j <= m; j++) prev[j] = j;
  for (int i = 1; i <= n; i++) {
    cur[0] = i;
    for (int j = 1; j <= m; j++)
      cur[j] = min(min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + (a[i - 1] != b[j - 1]));
    memcpy(prev, cur, sizeof cur);
  }
  return prev[m];
}

static void knapsack(void) {
  static const int w[] = { 12, 7, 11, 8, 9, 5, 14, 6, 3, 10 };
  static const int v[] = { 24, 13, 23, 15, 16, 8, 30, 11, 4, 19 };
  enum { ITEMS = 10, CAP = 40 };
  int best[ITEMS + 1][CAP + 1];
  for (int c = 0; c <= CAP; c++) best[0][c] = 0;
  for (int i = 1; i <= ITEMS; i++)
    for (int c = 0; c <= CAP; c++) {
      best[i][c] = best[i - 1][c];
      if (w[i - 1] <= c) best[i][c] = max(best[i][c], best[i - 1][c - w[i - 1]] + v[i - 1]);
    }
  printf("knapsack cap %d: value %d, items:", CAP, best[ITEMS][CAP]);
  for (int i = ITEMS, c = CAP; i > 0; i--)
    if (best[i][c] != best[i - 1][c]) { printf(" %d", i - 1); c -= w[i - 1]; }
  printf("\n");
}

static void coins(void) {
  static const int coin[] = { 1, 2, 5, 10, 20, 50, 100, 200 };
  enum { TARGET = 200 };
  long ways[TARGET + 1] = { 1 };
  int fewest[TARGET + 1];
  for (unsigned k = 0; k < sizeof coin / sizeof *coin; k++)
    for (int s = coin[k]; s <= TARGET; s++) ways[s] += ways[s - coin[k]];
  fewest[0] = 0;
  for (int s = 1; s <= TARGET; s++) {
    fewest[s] = 1 << 30;
    for (unsigned k = 0; k < sizeof coin / sizeof *coin; k++)
      if (coin[k] <= s && fewest[s - coin[k]] + 1 < fewest[s]) fewest[s] = fewest[s - coin[k]] + 1;
  }
  printf("coin change: %ld ways to make %d; fewest coins for 187 = %d, 99 = %d\n", ways[TARGET], TARGET, fewest[187], fewest[99]);
}

static void lis(void) {
  int a[30], tail[30], len = 0, idx[30], prev[30];
  unsigned s = 5;
  for (int i = 0; i < 30; i++) { s = s * 69069u + 1; a[i] = (int)(s >> 24); }
  for (int i = 0; i < 30; i++) {
    int lo = 0, hi = len;
    while (lo < hi) { int mid = (lo + hi) / 2; if (a[tail[mid]] < a[i]) lo = mid + 1; else hi = mid; }
    prev[i] = lo ? tail[lo - 1] : -1;
    tail[lo] = i;
    idx[lo] = i;
    if (lo == len) len++;
  }
  int seq[30], k = len;
  for (int i = tail[len - 1]; i >= 0; i = prev[i]) seq[--k] = a[i];
  printf("lis length %d:", len);
  for (int i = 0; i < len; i++) printf(" %d", seq[i]);
  printf(" (last index %d)\n", idx[len - 1]);
}

static void matrix_chain(void) {
  static const int dims[] = { 30, 35, 15, 5, 10, 20, 25 };
  enum { N = 6 };
  long m[N][N];
  int split[N][N];
  for (int i = 0; i < N; i++) m[i][i] = 0;
  for (int len = 2; len <= N; len++)
    for (int i = 0; i + len - 1 < N; i++) {
      int j = i + len - 1;
      m[i][j] = -1;
      for (int k = i; k < j; k++) {
        long cost = m[i][k] + m[k + 1][j] + (long)dims[i] * dims[k + 1] * dims[j + 1];
        if (m[i][j] < 0 || cost < m[i][j]) { m[i][j] = cost; split[i][j] = k; }
      }
    }
  printf("matrix chain: %ld multiplications, top split after A%d\n", m[0][N - 1], split[0][N - 1] + 1);
}

static unsigned long long paths[17][17];
static unsigned long long lattice(int r, int c) {
  if (r == 0 || c == 0) return 1;
  if (paths[r][c]) return paths[r][c];
  return paths[r][c] = lattice(r - 1, c) + lattice(r, c - 1);
}

int main(void) {
  lcs("AGGTAB", "GXTXAYB");
  lcs("the quick brown fox", "a quick brown dog jumps");
  const char *pairs[][2] = { { "kitten", "sitting" }, { "flaw", "lawn" }, { "", "abc" }, { "intention", "execution" }, { "same", "same" } };
  for (int i = 0; i < 5; i++) printf("edit(%s, %s) = %d\n", pairs[i][0], pairs[i][1], edit(pairs[i][0], pairs[i][1]));
  knapsack();
  coins();
  lis();
  matrix_chain();
  printf("lattice paths 16x16 = %llu, 10x5 = %llu\n", lattice(16, 16), lattice(10, 5));
  return 0;
}
