// expect-error: break_outside.c:4:15: error: break statement not within loop or switch
int main(void) {
  int x = 0;
  if (x == 0) break;
  return x;
}
