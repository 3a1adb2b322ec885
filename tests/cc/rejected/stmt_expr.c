// expect-error: stmt_expr.c:3:11: error: statement expressions are not supported by MinOS's C
int main(void) {
  int y = ({ int t = 3; t * 2; });
  return y;
}
