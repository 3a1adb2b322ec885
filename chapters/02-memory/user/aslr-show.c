/* Prints where its code, data, heap and stack are: run it under two seeds
 * and the addresses differ; under the same seed, they are the same. */
#include <stdio.h>
#include <stdlib.h>

int global = 1;

int main(void) {
  int local = 2;
  char *heap = malloc(16);
  printf("code %p data %p heap %p stack %p\n", (void *)main, (void *)&global, (void *)heap, (void *)&local);
  return 0;
}
