// expect-error: inline_asm.c:3:3: error: inline assembly is not supported by MinOS's C (write the function in a .s file)
int main(void) {
  __asm__("nop");
  return 0;
}
