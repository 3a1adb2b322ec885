/* Run twice: the first run leaves a secret in its .bss and exits; the
 * second, which gets the same ASID and the same addresses, must see a fresh
 * zero page - unless the kernel forgot to flush the TLB entries of the
 * first. */
#include "mem.h"

static volatile long slot[512];

int main(void) {
  say_num("saw ", slot[0]);
  slot[0] = 0x5ec7e7;
  return 0;
}
