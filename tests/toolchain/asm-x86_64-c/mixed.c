#include <stddef.h>
struct node { struct node *next; long val; int tag; };
static const char *names[] = { "zero", "one", "two", "three" };
long counter;
static int table[16] = {1,2,3};
long sum(struct node *n) { long s = 0; while (n) { s += n->val * n->tag; n = n->next; } return s; }
int classify(int x) {
  switch (x) { case 0: return 10; case 1: return 22; case 2: return 37; case 3: return 41; case 4: return 53; case 5: return 66; default: return -1; }
}
unsigned long mix(unsigned long a, unsigned long b, int c) {
  unsigned long r = (a << (c & 63)) | (b >> 3);
  r ^= (r * 0x9e3779b97f4a7c15UL);
  r = __builtin_bswap64(r) + __builtin_popcountl(a) + __builtin_ctzl(b | 1) + __builtin_clzl(a | 1);
  if ((long)r < 0) r = -r;
  return r / (b | 1) + r % 7 + (long)c / 3;
}
const char *name(int i) { return names[i & 3]; }
int tab(int i) { counter++; return table[i & 15]; }
void copy(char *d, const char *s, size_t n) { for (size_t i = 0; i < n; i++) d[i] = s[i]; }
short sh(signed char c, unsigned short u) { return c * u; }
int cmpx(long a, long b) { return (a < b) + (a == b) * 2 + ((unsigned long)a > (unsigned long)b) * 4; }
