/* More memory than the machine has: touch 4 MiB of .bss, a page at a time.
 * In a small machine the kernel runs out of frames; the program is killed
 * ("out of memory"), the kernel is not hurt, and every frame comes back. */
#include "mem.h"

static char huge[1024 * 4096];

int main(void) {
  say("eating memory\n");
  for (long i = 0; i < 1024; i++) {
    huge[i * 4096] = 1;
    if (i % 128 == 0) say_num("pages ", i);
  }
  say("all of it?!\n");
  return 0;
}
