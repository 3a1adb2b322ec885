/* A small open-addressing hash table (linear probing) with string keys,
 * FNV-1a hashing, insert/update/lookup/delete with tombstones. */
#include "rt.h"

#define CAP 256
struct slot { char key[16]; long value; int state; /* 0 empty, 1 used, 2 deleted */ };
static struct slot table[CAP];
static unsigned used;

static uint32_t fnv1a(const char *s) { uint32_t h = 2166136261u; while (*s) { h ^= (unsigned char)*s++; h *= 16777619u; } return h; }
static int keyeq(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return *a == *b; }
static void keycpy(char *d, const char *s) { int i = 0; for (; s[i] && i < 15; i++) d[i] = s[i]; d[i] = 0; }

static struct slot *find(const char *key, int for_insert) {
  uint32_t i = fnv1a(key) % CAP;
  struct slot *tomb = 0;
  for (unsigned n = 0; n < CAP; n++, i = (i + 1) % CAP) {
    struct slot *s = &table[i];
    if (s->state == 0) return for_insert ? (tomb ? tomb : s) : 0;
    if (s->state == 2) { if (!tomb) tomb = s; continue; }
    if (keyeq(s->key, key)) return s;
  }
  return for_insert ? tomb : 0;
}
static void put(const char *key, long v) {
  struct slot *s = find(key, 1);
  if (s->state != 1) { keycpy(s->key, key); s->state = 1; used++; }
  s->value = v;
}
static int get(const char *key, long *v) { struct slot *s = find(key, 0); if (!s) return 0; *v = s->value; return 1; }
static void del(const char *key) { struct slot *s = find(key, 0); if (s) { s->state = 2; used--; } }

static void mkkey(char *buf, unsigned k) {
  static const char *syl[] = { "ka", "zu", "mi", "ro", "te", "na", "shi", "po" };
  int n = 0;
  do { const char *p = syl[k % 8]; while (*p) buf[n++] = *p++; k /= 8; } while (k);
  buf[n] = 0;
}

int main(void) {
  char key[16];
  for (unsigned k = 0; k < 180; k++) { mkkey(key, k * 7 + 1); put(key, (long)k * k - 50); }
  for (unsigned k = 0; k < 180; k += 3) { mkkey(key, k * 7 + 1); del(key); }
  for (unsigned k = 0; k < 60; k++) { mkkey(key, k * 11 + 2); put(key, -(long)k); }
  long sum = 0; unsigned found = 0;
  for (unsigned k = 0; k < 400; k++) {
    long v;
    mkkey(key, k);
    if (get(key, &v)) { found++; sum = sum * 7 + v; }
  }
  printf("used %u found %u sum %ld (%lx)\n", used, found, sum, (unsigned long)sum);
  unsigned probes = 0;
  for (unsigned i = 0; i < CAP; i++) if (table[i].state == 1) probes += (i - fnv1a(table[i].key) % CAP + CAP) % CAP;
  printf("total displacement %u hash(hello) %x\n", probes, fnv1a("hello"));
  return 0;
}
