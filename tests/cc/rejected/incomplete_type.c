// expect-error: incomplete_type.c:4:15: error: storage size of 'n' isn't known
struct node;
int main(void) {
  struct node n;
  return 0;
}
