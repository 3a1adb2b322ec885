// expect-error: assign_to_rvalue.c:4:9: error: lvalue required as left operand of assignment
int main(void) {
  int a = 1, b = 2;
  a + b = 3;
  return a;
}
