// expect-error: double_literal.c:2:25: error: floating-point constant '2.5': MinOS's C has no floating point
int main(void) { return 2.5 > 1; }
