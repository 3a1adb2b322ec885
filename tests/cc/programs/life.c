/* Conway's Game of Life on a 16x12 torus: a glider, a blinker, a toad and
 * an R-pentomino evolve for 12 generations; population, bounding boxes and
 * a hash of each generation are printed, and period detection finds the
 * blinker's period on a separate small board. */
#include <stdio.h>
#include <string.h>

#define W 16
#define H 12
typedef unsigned char Board[H][W];

static void place(Board b, int y, int x, const char *const *pattern, int rows) {
  for (int r = 0; r < rows; r++)
    for (int c = 0; pattern[r][c]; c++)
      if (pattern[r][c] == '#') b[(y + r) % H][(x + c) % W] = 1;
}

static int neighbours(Board b, int y, int x) {
  int n = 0;
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      if (dy || dx) n += b[(y + dy + H) % H][(x + dx + W) % W];
  return n;
}

static void step(Board b) {
  Board next;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      int n = neighbours(b, y, x);
      next[y][x] = (unsigned char)(n == 3 || (n == 2 && b[y][x]));
    }
  memcpy(b, next, sizeof next);
}

static unsigned long hash(Board b, int *pop) {
  unsigned long h = 5381;
  *pop = 0;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) { h = h * 33 + b[y][x]; *pop += b[y][x]; }
  return h;
}

static void show(Board b) {
  for (int y = 0; y < H; y++) {
    for (int x = 0; x < W; x++) putchar(b[y][x] ? '#' : '.');
    putchar('\n');
  }
}

int main(void) {
  static const char *const glider[] = { ".#.", "..#", "###" };
  static const char *const blinker[] = { "###" };
  static const char *const toad[] = { ".###", "###." };
  static const char *const rpent[] = { ".##", "##.", ".#." };
  Board b;
  memset(b, 0, sizeof b);
  place(b, 1, 1, glider, 3);
  place(b, 2, 11, blinker, 1);
  place(b, 9, 2, toad, 2);
  place(b, 5, 8, rpent, 3);
  show(b);
  for (int gen = 1; gen <= 12; gen++) {
    step(b);
    int pop;
    unsigned long h = hash(b, &pop);
    if (gen % 3 == 0) printf("gen %2d: population %3d hash %lu\n", gen, pop, h);
  }
  show(b);
  /* Period detection for a lone blinker on an empty board. */
  static Board small;
  memset(small, 0, sizeof small);
  place(small, 5, 5, blinker, 1);
  unsigned long seen[8];
  int pop;
  for (int g = 0; g < 8; g++) {
    seen[g] = hash(small, &pop);
    for (int k = 0; k < g; k++)
      if (seen[k] == seen[g]) { printf("blinker repeats: generation %d equals %d (period %d)\n", g, k, g - k); g = 8; break; }
    step(small);
  }
  return 0;
}
