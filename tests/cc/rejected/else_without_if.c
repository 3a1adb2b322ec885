// expect-error: else_without_if.c:5:3: error: 'else' without a previous 'if'
/* An else whose if ended early (a stray semicolon). */
int sign(int x) {
  if (x < 0); return -1;
  else return 1;
}
