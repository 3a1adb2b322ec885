// expect-error: void_value.c:4:11: error: void value not ignored as it ought to be
void nothing(void) {}
int main(void) {
  int x = nothing();
  return x;
}
