// expect-error: unterminated_comment.c:3:1: error: unterminated comment
int main(void) { return 0; }
/* this comment never ends
