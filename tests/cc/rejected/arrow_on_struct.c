// expect-error: arrow_on_struct.c:3:29: error: invalid type argument of '->' (have 'struct s')
struct s { int a; };
int f(struct s v) { return v->a; }
