// expect-error: default_twice.c:5:3: error: multiple default labels in one switch
int f(int x) {
  switch (x) {
  default: return 1;
  default: return 2;
  }
}
