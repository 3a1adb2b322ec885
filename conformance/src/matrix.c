/* Integer matrix arithmetic: multiply, transpose, powers modulo a prime
 * (Fibonacci by matrix power), and an exact determinant via Bareiss
 * elimination (all divisions exact). Two-dimensional indexing exercises
 * scaled-index addressing (x86 SIB, AArch64 LSL #3 register offsets). */
#include "rt.h"

#define N 8
static void matmul(long r[N][N], long a[N][N], long b[N][N]) {
  long t[N][N];
  for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { long s = 0; for (int k = 0; k < N; k++) s += a[i][k] * b[k][j]; t[i][j] = s; }
  memcpy(r, t, sizeof t);
}
static long det(long m[N][N], int n) {
  long a[N][N]; memcpy(a, m, sizeof a);
  long prev = 1; int sign = 1;
  for (int k = 0; k < n - 1; k++) {
    if (a[k][k] == 0) {
      int p = k + 1; while (p < n && a[p][k] == 0) p++;
      if (p == n) return 0;
      for (int j = 0; j < n; j++) { long t = a[k][j]; a[k][j] = a[p][j]; a[p][j] = t; }
      sign = -sign;
    }
    for (int i = k + 1; i < n; i++) for (int j = k + 1; j < n; j++) a[i][j] = (a[i][j] * a[k][k] - a[i][k] * a[k][j]) / prev;
    prev = a[k][k];
  }
  return sign * a[n - 1][n - 1];
}
static void fibmat(uint64_t n, uint64_t mod, uint64_t out[2]) {
  uint64_t r[4] = { 1, 0, 0, 1 }, b[4] = { 1, 1, 1, 0 };
  while (n) {
    if (n & 1) { uint64_t t[4] = { (r[0]*b[0]+r[1]*b[2])%mod, (r[0]*b[1]+r[1]*b[3])%mod, (r[2]*b[0]+r[3]*b[2])%mod, (r[2]*b[1]+r[3]*b[3])%mod }; memcpy(r, t, sizeof t); }
    uint64_t t[4] = { (b[0]*b[0]+b[1]*b[2])%mod, (b[0]*b[1]+b[1]*b[3])%mod, (b[2]*b[0]+b[3]*b[2])%mod, (b[2]*b[1]+b[3]*b[3])%mod };
    memcpy(b, t, sizeof t);
    n >>= 1;
  }
  out[0] = r[1]; out[1] = r[0];
}

int main(void) {
  long a[N][N], b[N][N], c[N][N];
  for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { a[i][j] = (i * 7 + j * 3) % 11 - 5; b[i][j] = (i == j) * 2 + (i + j) % 3; }
  matmul(c, a, b);
  long tr = 0; for (int i = 0; i < N; i++) tr += c[i][i];
  printf("trace %ld c[0] %ld %ld %ld c[7][7] %ld\n", tr, c[0][0], c[0][1], c[0][2], c[7][7]);
  for (int p = 0; p < 3; p++) matmul(c, c, b);
  long h = 0; for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) h = h * 31 + c[i][j];
  printf("power hash %lx\n", (unsigned long)h);
  printf("det a %ld det b %ld\n", det(a, N), det(b, N));
  long v[N][N];
  for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) v[i][j] = i == j ? i + 2 : (j == i + 1 ? 1 : 0);
  printf("det upper %ld\n", det(v, N));
  uint64_t f[2];
  fibmat(OPAQUE(90ull), 1000000007ull, f);
  printf("F(90) mod p %llu F(89) mod p %llu\n", (unsigned long long)f[0], (unsigned long long)f[1]);
  fibmat(OPAQUE(1000000ull), 1000000007ull, f);
  printf("F(1e6) mod p %llu\n", (unsigned long long)f[0]);
  return 0;
}
