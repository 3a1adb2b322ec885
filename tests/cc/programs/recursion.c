/* Recursion: Ackermann (small arguments), towers of Hanoi with move
 * recording, permutations and combinations by backtracking, N-queens,
 * mutual recursion, a recursive descent over a nested list notation,
 * flood fill, and the power set. */
#include <stdio.h>
#include <string.h>

static long calls;
static long ack(long m, long n) {
  calls++;
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

static int moves;
static char first_moves[64];
static void hanoi(int n, char from, char to, char via) {
  if (n == 0) return;
  hanoi(n - 1, from, via, to);
  if (moves < 10) { int k = (int)strlen(first_moves); first_moves[k] = from; first_moves[k + 1] = to; first_moves[k + 2] = ' '; first_moves[k + 3] = 0; }
  moves++;
  hanoi(n - 1, via, to, from);
}

static int nperm;
static void permute(char *s, int k, int n) {
  if (k == n) { if (nperm++ < 8) printf(" %s", s); return; }
  for (int i = k; i < n; i++) {
    char t = s[k]; s[k] = s[i]; s[i] = t;
    permute(s, k + 1, n);
    t = s[k]; s[k] = s[i]; s[i] = t;
  }
}

static int ncomb;
static void combos(int start, int n, int k, int *chosen, int depth) {
  if (depth == k) {
    if (ncomb++ % 20 == 0) { printf(" {"); for (int i = 0; i < k; i++) printf("%s%d", i ? "," : "", chosen[i]); printf("}"); }
    return;
  }
  for (int i = start; i <= n - (k - depth); i++) { chosen[depth] = i; combos(i + 1, n, k, chosen, depth + 1); }
}

static int queens(int n, int row, unsigned cols, unsigned d1, unsigned d2) {
  if (row == n) return 1;
  int count = 0;
  for (int c = 0; c < n; c++) {
    if (cols >> c & 1 || d1 >> (row + c) & 1 || d2 >> (row - c + n) & 1) continue;
    count += queens(n, row + 1, cols | 1u << c, d1 | 1u << (row + c), d2 | 1u << (row - c + n));
  }
  return count;
}

static int is_even(unsigned n);
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }

/* "(1 (2 3) ((4)) 5)": sum of leaves weighted by depth, and max depth. */
static const char *p;
static long parse_list(int depth, int *maxd) {
  long s = 0;
  if (depth > *maxd) *maxd = depth;
  p++;                                /* '(' */
  while (*p && *p != ')') {
    if (*p == ' ') { p++; continue; }
    if (*p == '(') { s += parse_list(depth + 1, maxd); continue; }
    long v = 0;
    while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
    s += v * depth;
  }
  p++;                                /* ')' */
  return s;
}

static char grid[8][12] = {
  "...#......", "...#.####.", "####.#..#.", "....#...#.", ".##.#.###.", ".#..#.....", ".####.###.", "..........",
};
static int fill(int y, int x, char c) {
  if (y < 0 || y >= 8 || x < 0 || x >= 10 || grid[y][x] != '.') return 0;
  grid[y][x] = c;
  return 1 + fill(y + 1, x, c) + fill(y - 1, x, c) + fill(y, x + 1, c) + fill(y, x - 1, c);
}

static void powerset(const char *set, int i, char *cur, int len) {
  if (!set[i]) { cur[len] = 0; printf(" {%s}", cur); return; }
  powerset(set, i + 1, cur, len);
  cur[len] = set[i];
  powerset(set, i + 1, cur, len + 1);
}

int main(void) {
  for (int m = 0; m <= 2; m++)
    for (int n = 0; n <= 3; n++) { calls = 0; long v = ack(m, n); printf("ack(%d,%d)=%ld (%ld calls) ", m, n, v, calls); }
  calls = 0;
  printf("\nack(3,3)=%ld (%ld calls)\n", ack(3, 3), calls);
  hanoi(10, 'A', 'C', 'B');
  printf("hanoi(10): %d moves, first: %s\n", moves, first_moves);
  char s[] = "abcd";
  printf("permutations:");
  permute(s, 0, 4);
  printf(" ... total %d\n", nperm);
  int chosen[8];
  printf("C(8,3):");
  combos(0, 8, 3, chosen, 0);
  printf(" total %d\n", ncomb);
  for (int n = 1; n <= 8; n++) printf("queens(%d)=%d ", n, queens(n, 0, 0, 0, 0));
  printf("\neven(10)=%d odd(7)=%d even(33)=%d\n", is_even(10), is_odd(7), is_even(33));
  const char *lists[] = { "(1 2 3)", "(1 (2 3) ((4)) 5)", "((((7))) (8 (9)))", "()" };
  for (int i = 0; i < 4; i++) {
    int maxd = 0;
    p = lists[i];
    long v = parse_list(1, &maxd);
    printf("%-20s weighted=%ld depth=%d\n", lists[i], v, maxd);
  }
  char c = 'a';
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 10; x++)
      if (grid[y][x] == '.') { int n = fill(y, x, c); printf("region %c: %d cells\n", c, n); c++; }
  for (int y = 0; y < 8; y++) printf("%s\n", grid[y]);
  char cur[8];
  printf("powerset:");
  powerset("xyz", 0, cur, 0);
  printf("\n");
  return 0;
}
