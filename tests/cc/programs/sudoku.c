/* A Sudoku solver: constraint bitmasks per row, column and box, the
 * most-constrained-cell heuristic, and backtracking. Solves two puzzles,
 * verifies the solutions, and counts guesses and backtracks. */
#include <stdio.h>
#include <string.h>

static int grid[81];
static unsigned rows[9], cols[9], boxes[9];
static long guesses, backtracks;

static int box_of(int i) { return (i / 27) * 3 + (i % 9) / 3; }

static int load(const char *s) {
  memset(rows, 0, sizeof rows); memset(cols, 0, sizeof cols); memset(boxes, 0, sizeof boxes);
  for (int i = 0; i < 81; i++) {
    int v = s[i] == '.' ? 0 : s[i] - '0';
    grid[i] = v;
    if (v) {
      unsigned bit = 1u << v;
      if ((rows[i / 9] | cols[i % 9] | boxes[box_of(i)]) & bit) return 0;
      rows[i / 9] |= bit; cols[i % 9] |= bit; boxes[box_of(i)] |= bit;
    }
  }
  return 1;
}

static int solve(void) {
  int best = -1, best_count = 10;
  unsigned best_free = 0;
  for (int i = 0; i < 81; i++) {
    if (grid[i]) continue;
    unsigned free_ = ~(rows[i / 9] | cols[i % 9] | boxes[box_of(i)]) & 0x3fe;
    int count = __builtin_popcount(free_);
    if (count < best_count) { best = i; best_count = count; best_free = free_; if (count <= 1) break; }
  }
  if (best < 0) return 1;
  for (int v = 1; v <= 9; v++) {
    unsigned bit = 1u << v;
    if (!(best_free & bit)) continue;
    guesses++;
    grid[best] = v;
    rows[best / 9] |= bit; cols[best % 9] |= bit; boxes[box_of(best)] |= bit;
    if (solve()) return 1;
    rows[best / 9] &= ~bit; cols[best % 9] &= ~bit; boxes[box_of(best)] &= ~bit;
    grid[best] = 0;
    backtracks++;
  }
  return 0;
}

static int valid(void) {
  for (int k = 0; k < 9; k++) {
    unsigned r = 0, c = 0, b = 0;
    for (int j = 0; j < 9; j++) {
      r |= 1u << grid[k * 9 + j];
      c |= 1u << grid[j * 9 + k];
      b |= 1u << grid[(k / 3) * 27 + (k % 3) * 3 + (j / 3) * 9 + j % 3];
    }
    if (r != 0x3fe || c != 0x3fe || b != 0x3fe) return 0;
  }
  return 1;
}

static void show(void) {
  for (int r = 0; r < 9; r++) {
    for (int c = 0; c < 9; c++) printf("%d%s", grid[r * 9 + c], c == 2 || c == 5 ? " | " : c < 8 ? " " : "");
    printf("\n");
    if (r == 2 || r == 5) printf("------+-------+------\n");
  }
}

int main(void) {
  const char *puzzles[] = {
    "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79",
    "..9748...7.........2.1.9.....7...24..64.1.59..98...3.....8.3.2.........6...2759..",
    "11.......................................................................................",
  };
  for (int p = 0; p < 3; p++) {
    guesses = backtracks = 0;
    if (!load(puzzles[p])) { printf("puzzle %d: contradictory clues\n", p); continue; }
    int ok = solve();
    printf("puzzle %d: solved=%d valid=%d guesses=%ld backtracks=%ld\n", p, ok, ok && valid(), guesses, backtracks);
    if (ok) show();
  }
  return 0;
}
