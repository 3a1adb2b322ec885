// expect-error: missing_struct_semicolon.c:4:1: error: expected ';', identifier or '(' before 'int'
/* The semicolon after a struct definition is missing. */
struct point { int x, y; }
int main(void) { return 0; }
