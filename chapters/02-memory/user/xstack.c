/* NX: the stack is data. Jumping to instructions written on it must fault. */
#include "mem.h"

int main(void) {
  unsigned char code[8];
#ifdef __x86_64__
  code[0] = 0xc3;                                   /* ret */
#else
  code[0] = 0xc0; code[1] = 0x03; code[2] = 0x5f; code[3] = 0xd6;   /* ret (0xd65f03c0) */
#endif
  void (*f)(void) = (void (*)(void))code;
  say("calling the stack\n");
  f();
  say("survived?!\n");
  return 0;
}
