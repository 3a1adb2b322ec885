/* Demand paging: a 256 KiB array costs nothing until it is touched. Touch
 * five of its 64 pages; the kernel should map exactly those five. */
#include "mem.h"

static char big[64 * 4096];

int main(void) {
  int pages[5] = { 0, 3, 7, 20, 63 };
  say_hex("big at ", (unsigned long)big);
  for (int i = 0; i < 5; i++) big[pages[i] * 4096 + 100] = (char)(i + 1);
  long sum = 0;
  for (int i = 0; i < 5; i++) sum += big[pages[i] * 4096 + 100];
  say_num("sum ", sum);
  return 0;
}
