// expect-error: call_non_function.c:4:10: error: called object 'count' is not a function or function pointer
int main(void) {
  int count = 3;
  return count(2);
}
