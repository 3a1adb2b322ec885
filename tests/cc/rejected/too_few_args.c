// expect-error: too_few_args.c:3:25: error: too few arguments to function 'add'
int add(int a, int b) { return a + b; }
int main(void) { return add(1); }
