// expect-error: call_missing_paren.c:4:33: error: expected ')' before ';' token
/* A call without its closing parenthesis. */
int add(int a, int b) { return a + b; }
int main(void) { return add(1, 2; }
