/* Multi-dimensional arrays: matrix multiplication and transpose on fixed
 * 2-D arrays, a 3-D array walked with pointers to arrays, arrays of arrays
 * passed to functions (int (*)[N]), determinants by fraction-free Gaussian
 * elimination (Bareiss), matrix powers for Fibonacci, and image-like
 * convolution over a char grid. */
#include <stdio.h>
#include <string.h>

#define N 6

static void mul(long a[N][N], long b[N][N], long out[N][N]) {
  long tmp[N][N];
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      long s = 0;
      for (int k = 0; k < N; k++) s += a[i][k] * b[k][j];
      tmp[i][j] = s;
    }
  memcpy(out, tmp, sizeof tmp);
}

static void transpose(long m[N][N]) {
  for (int i = 0; i < N; i++)
    for (int j = i + 1; j < N; j++) { long t = m[i][j]; m[i][j] = m[j][i]; m[j][i] = t; }
}

static long trace(long (*m)[N]) {
  long t = 0;
  for (int i = 0; i < N; i++) t += m[i][i];
  return t;
}

static long det(long m[N][N], int n) {
  long a[N][N];
  memcpy(a, m, sizeof a);
  long sign = 1, prev = 1;
  for (int k = 0; k < n - 1; k++) {
    if (a[k][k] == 0) {
      int r = k + 1;
      while (r < n && a[r][k] == 0) r++;
      if (r == n) return 0;
      for (int j = 0; j < n; j++) { long t = a[k][j]; a[k][j] = a[r][j]; a[r][j] = t; }
      sign = -sign;
    }
    for (int i = k + 1; i < n; i++)
      for (int j = k + 1; j < n; j++) a[i][j] = (a[i][j] * a[k][k] - a[i][k] * a[k][j]) / prev;
    prev = a[k][k];
  }
  return sign * a[n - 1][n - 1];
}

static void print(const char *name, long m[N][N]) {
  printf("%s:\n", name);
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) printf(" %6ld", m[i][j]);
    printf("\n");
  }
}

typedef unsigned long Mat2[2][2];
static void mat2_mul(Mat2 a, Mat2 b, Mat2 r) {
  Mat2 t;
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++) t[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j];
  memcpy(r, t, sizeof t);
}
static unsigned long fib(unsigned n) {
  Mat2 result = { { 1, 0 }, { 0, 1 } }, base = { { 1, 1 }, { 1, 0 } };
  while (n) {
    if (n & 1) mat2_mul(result, base, result);
    mat2_mul(base, base, base);
    n >>= 1;
  }
  return result[0][1];
}

int main(void) {
  long a[N][N], b[N][N], c[N][N];
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) { a[i][j] = (i * 3 + j * 5) % 7 - 3; b[i][j] = i == j ? 2 : (i + j) % 3; }
  mul(a, b, c);
  print("a*b", c);
  transpose(c);
  printf("trace(c^T)=%ld c^T[0][5]=%ld\n", trace(c), c[0][5]);
  printf("det(a)=%ld det(b)=%ld det(c)=%ld\n", det(a, N), det(b, N), det(c, N));
  long h[N][N];
  for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) h[i][j] = (i + 1) * (j + 1) + (i == j ? 10 : 0);
  printf("det(h)=%ld det3(h)=%ld\n", det(h, N), det(h, 3));

  int cube[3][4][5];
  int (*plane)[4][5] = cube;
  for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) for (int k = 0; k < 5; k++) plane[i][j][k] = i * 100 + j * 10 + k;
  int (*row)[5] = cube[1];
  int *flat = &cube[0][0][0];
  printf("cube: %d %d %d %d sizeof %zu %zu %zu\n", cube[2][3][4], row[2][1], flat[59], *(*(*(cube + 1) + 2) + 3), sizeof cube, sizeof cube[0],
         sizeof cube[0][0]);
  long total = 0;
  for (int *p = flat; p < flat + 60; p++) total += *p;
  printf("cube sum %ld, distance %ld\n", total, (long)(&cube[2][0][0] - &cube[0][0][0]));

  printf("fib by matrix power:");
  for (unsigned n = 0; n <= 90; n += 15) printf(" %lu", fib(n));
  printf("\n");

  enum { H = 7, W = 12 };
  static const char img[H][W + 1] = {
    "............", "..######....", "..#....#....", "..#....#..#.", "..######..#.", "..........#.", "............",
  };
  char edges[H][W + 1];
  for (int y = 0; y < H; y++) {
    for (int x = 0; x < W; x++) {
      int n = 0;
      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
          int yy = y + dy, xx = x + dx;
          if (yy >= 0 && yy < H && xx >= 0 && xx < W && img[yy][xx] == '#') n++;
        }
      edges[y][x] = (char)(n == 0 ? ' ' : '0' + n);
    }
    edges[y][W] = 0;
    printf("|%s|\n", edges[y]);
  }
  return 0;
}
