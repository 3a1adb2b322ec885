// expect-error: several_errors.c:4:26: error: 'undeclared_one' undeclared (first use in this function)
// expect-count: 4
/* Several independent errors: each must be reported, not just the first. */
int first(void) { return undeclared_one; }
int second(int v) { return v.member; }
int third(void) { return missing_fn_arg(1) + undeclared_two; }
int fourth(void) { int a = 1; int a = 2; return a; }
