// expect-error: return_type.c:5:10: error: incompatible types when returning type 'struct s' but 'int' was expected
struct s { int a; };
int f(void) {
  struct s v = { 1 };
  return v;
}
