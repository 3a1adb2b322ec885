/* An interactive program: reads a line from the console and answers at
 * once, until it reads "quit". What the interactivity heuristic is for. */
#include <stdio.h>
#include <string.h>

int main(void) {
  char line[128];
  printf("typist: ready\n");
  while (fgets(line, sizeof line, stdin)) {
    if (strncmp(line, "quit", 4) == 0) break;
    printf("typist: got %s", line);
  }
  printf("typist: bye\n");
  return 0;
}
