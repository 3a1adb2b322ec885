// expect-error: struct_to_int.c:5:11: error: incompatible types when initializing type 'int' using type 'struct s'
struct s { int a; };
int main(void) {
  struct s v = { 1 };
  int x = v;
  return x;
}
