// expect-error: undefined_label.c:3:3: error: label 'finish' used but not defined
int main(void) {
  goto finish;
  return 1;
}
