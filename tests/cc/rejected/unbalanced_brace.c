// expect-error: unbalanced_brace.c:6:1: error: expected declaration or statement at end of input
int f(int x) {
  if (x) {
    return 1;
  return 0;
}
