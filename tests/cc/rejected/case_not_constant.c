// expect-error: case_not_constant.c:3:16: error: case label does not reduce to an integer constant
int f(int x, int y) {
  switch (x) { case y: return 1; }
  return 0;
}
