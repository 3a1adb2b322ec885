/* copy-in / copy-out edge cases. Needs the TEST-ONLY system call 250 that
 * tests/chapters/02-memory/kit.ts adds to the kernel:
 *   250(va, len, 0): copyToUser(va, len bytes of 'A')   -> 0 or -EFAULT
 *   250(va, len, 1): copyFromUser(va, len)              -> 0 or -EFAULT
 *   250(va, 0, 2):   strFromUser(va, 64)                -> its length or -EFAULT
 *   251(va):         shrink the region holding va to end at va's page (what brk does)
 * In a normal kernel the call does not exist and every line says -38. */
#include "mem.h"

static long probe(const void *va, long len, long op) { return __syscall(250, (long)va, len, op, 0, 0, 0); }

static char data[16] = "0123456789abcde";
static char bss[3 * 4096];

int main(void) {
  char local[8] = "stack";
  say_num("out-data ", probe(data, 4, 0));
  say_num("data-now ", data[0] == 'A' && data[3] == 'A' && data[4] == '4');
  say_num("out-bss ", probe(bss + 4096, 8, 0));
  say_num("out-code ", probe((void *)main, 4, 0));
  say_num("out-rodata ", probe("a literal: read only", 4, 0));
  say_num("out-kernel ", probe((void *)0xffff800000100000, 4, 0));
  say_num("out-cross ", probe(local, 1 << 20, 0));
  say_num("local-kept ", local[0] == 's');
  say_num("in-code ", probe((void *)main, 16, 1));
  say_num("in-unmapped ", probe((void *)0x7000000000, 16, 1));
  say_num("str ", probe("hello", 0, 2));
  say_num("str-kernel ", probe((void *)0xffff000040000000, 0, 2));
  return 0;
}
