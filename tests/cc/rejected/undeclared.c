// expect-error: undeclared.c:4:10: error: 'missing_value' undeclared (first use in this function)
int main(void) {
  int total = 0;
  return missing_value;
}
