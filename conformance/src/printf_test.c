/* The runtime's own formatter, tested against the output qemu records:
 * every conversion the corpus relies on (%d %i %u %x %o %c %s %p %% with
 * hh h l ll z, widths, '0' and '-' flags) at boundary values. */
#include "rt.h"

int main(void) {
  printf("[%d] [%d] [%d] [%i]\n", 0, -1, INT_MAX, INT_MIN);
  printf("[%u] [%u] [%x] [%x]\n", 0u, UINT_MAX, 0u, 0xdeadbeefu);
  printf("[%ld] [%lu] [%lx] [%lld] [%llu] [%llx]\n", LONG_MIN, ULONG_MAX, 0x123456789abcdefl, LLONG_MAX, 12345678901234567890ull, ~0ull);
  printf("[%hd] [%hu] [%hhd] [%hhu] [%hx]\n", 70000, 70000, 300, -1, -1);
  printf("[%zu] [%o] [%c%c%c] [%s] [%%]\n", sizeof(long), 8u, 'a', 'B', '0', "str");
  printf("[%8d] [%-8d] [%08d] [%08x] [%-8x] [%2d]\n", 123, 123, -123, 0xabc, 0xabc, 12345);
  printf("[%10s] [%-10s] [%s]\n", "right", "left", OPAQUE((char *)0));
  printf("[%p] [%p]\n", (void *)0, (void *)0x7fff1234);
  int n = printf("count me\n");
  printf("printed %d\n", n);
  return 0;
}
