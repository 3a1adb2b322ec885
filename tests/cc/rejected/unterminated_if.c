// expect-error: unterminated_if.c:2:1: error: unterminated #ifdef
#ifdef DEBUG
int debug = 1;
int main(void) { return 0; }
