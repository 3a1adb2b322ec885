// expect-error: function_redefinition.c:3:5: error: redefinition of 'twice'
int twice(int x) { return 2 * x; }
int twice(int x) { return x + x; }
