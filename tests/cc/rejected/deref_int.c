// expect-error: deref_int.c:4:10: error: invalid type argument of unary '*' (have 'int')
int main(void) {
  int x = 5;
  return *x;
}
