/* Bad pointers to write(): every one must come back as -EFAULT (-14), and
 * the kernel must not notice anything else. */
#include "mem.h"

static char zeros[3 * 4096];

int main(void) {
  char local = 'x';
  say_num("kernel ", sys_write((void *)0xffff800000100000, 8));      /* the kernel half (x86 direct map) */
  say_num("kernel2 ", sys_write((void *)0xffff000040000000, 8));     /* the kernel half (arm64 direct map) */
  say_num("null ", sys_write((void *)0, 4));                         /* nothing at page 0 */
  say_num("unmapped ", sys_write((void *)0x123456789000, 4));        /* no region there */
  say_num("wrap ", sys_write(&local, -1));                           /* a length that wraps around */
  say_num("cross ", sys_write(&local, 1 << 20));                     /* starts on the stack, runs past its top */
  say_num("bss ", sys_write(zeros + 4096, 1));                       /* an untouched .bss page: faulted in, 1 */
  return 0;
}
