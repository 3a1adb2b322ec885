// expect-error: redefinition.c:4:7: error: redefinition of 'value'
int main(void) {
  int value = 1;
  int value = 2;
  return value;
}
