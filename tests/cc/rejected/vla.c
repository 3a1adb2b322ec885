// expect-error: vla.c:3:9: error: variable-length arrays are not supported by MinOS's C (the size must be a constant)
int sum(int n) {
  int a[n];
  for (int i = 0; i < n; i++) a[i] = i;
  return a[n - 1];
}
