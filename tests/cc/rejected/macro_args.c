// expect-error: macro_args.c:3:36: error: macro "MAX" passed 3 arguments, but takes just 2
#define MAX(a, b) ((a) > (b) ? (a) : (b))
int main(void) { return MAX(1, 2, 3); }
