/* The workload driver: spawns argv[1]'s programs ("spin:8,typist" = eight
 * spinning hogs and a typist; a program may take one argument after '='), then waits
 * for every child and prints each exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <minos/minos.h>

int main(int argc, char **argv) {
  char spec[200];
  long pids[32];
  int n = 0;
  strncpy(spec, argc > 1 ? argv[1] : "spin:2", sizeof spec - 1);
  spec[sizeof spec - 1] = 0;
  for (char *item = strtok(spec, ","); item && n < 32; item = strtok(0, ",")) {
    char *count = strchr(item, ':');
    int times = 1;
    if (count) { *count = 0; times = atoi(count + 1); }
    char *arg = strchr(item, '=');
    if (arg) *arg++ = 0;
    for (int i = 0; i < times && n < 32; i++) {
      long pid = spawn(item, arg ? arg : "");
      if (pid < 0) { printf("spawner: cannot spawn %s: %ld\n", item, pid); return 1; }
      pids[n++] = pid;
    }
  }
  printf("spawner: started %d\n", n);
  for (int i = 0; i < n; i++) {
    int status = -1;
    long pid = waitpid(pids[i], &status);
    printf("spawner: %ld exited %d\n", pid, status);
  }
  return 0;
}
