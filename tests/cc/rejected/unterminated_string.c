// expect-error: unterminated_string.c:2:17: error: missing terminating " character
const char *s = "no end;
int main(void) { return 0; }
