/* An open-addressing hash map (linear probing, tombstones, resizing) from
 * strings to integers, and a second map keyed by 64-bit integers with
 * Robin Hood probing. Inserts, updates, deletions and lookups are checked
 * against a slow reference (linear search), and probe statistics printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

typedef struct { char *key; long value; int state; } Slot; /* state: 0 empty, 1 full, 2 tombstone */
typedef struct { Slot *slots; size_t cap, count, tombs; long probes; } Map;

static uint64_t fnv1a(const char *s) {
  uint64_t h = 14695981039346656037ULL;
  while (*s) { h ^= (unsigned char)*s++; h *= 1099511628211ULL; }
  return h;
}

static void map_put(Map *m, const char *key, long value);

static void grow(Map *m) {
  Slot *old = m->slots;
  size_t oldcap = m->cap;
  m->cap = m->cap ? m->cap * 2 : 8;
  m->slots = calloc(m->cap, sizeof(Slot));
  m->count = m->tombs = 0;
  for (size_t i = 0; i < oldcap; i++)
    if (old[i].state == 1) { map_put(m, old[i].key, old[i].value); free(old[i].key); }
  free(old);
}

static void map_put(Map *m, const char *key, long value) {
  if ((m->count + m->tombs + 1) * 4 > m->cap * 3) grow(m);
  size_t i = fnv1a(key) & (m->cap - 1), tomb = (size_t)-1;
  for (;;) {
    m->probes++;
    Slot *s = &m->slots[i];
    if (s->state == 0) {
      if (tomb != (size_t)-1) { s = &m->slots[tomb]; m->tombs--; }
      s->key = strdup(key); s->value = value; s->state = 1; m->count++;
      return;
    }
    if (s->state == 2 && tomb == (size_t)-1) tomb = i;
    if (s->state == 1 && !strcmp(s->key, key)) { s->value = value; return; }
    i = (i + 1) & (m->cap - 1);
  }
}

static Slot *map_find(Map *m, const char *key) {
  if (!m->cap) return NULL;
  for (size_t i = fnv1a(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
    m->probes++;
    Slot *s = &m->slots[i];
    if (s->state == 0) return NULL;
    if (s->state == 1 && !strcmp(s->key, key)) return s;
  }
}

static int map_del(Map *m, const char *key) {
  Slot *s = map_find(m, key);
  if (!s) return 0;
  free(s->key);
  s->key = NULL; s->state = 2; m->count--; m->tombs++;
  return 1;
}

/* Robin Hood map of uint64 -> uint64. */
typedef struct { uint64_t key, value; int dist; } RSlot;  /* dist -1: empty */
#define RCAP 256
static RSlot rh[RCAP];
static int rh_max_dist;
static uint64_t mix(uint64_t x) { x ^= x >> 33; x *= 0xff51afd7ed558ccdULL; x ^= x >> 33; return x; }
static void rh_put(uint64_t key, uint64_t value) {
  RSlot cur = { key, value, 0 };
  for (size_t i = mix(key) & (RCAP - 1);; i = (i + 1) & (RCAP - 1), cur.dist++) {
    if (rh[i].dist < 0) { rh[i] = cur; if (cur.dist > rh_max_dist) rh_max_dist = cur.dist; return; }
    if (rh[i].key == cur.key) { rh[i].value = cur.value; return; }
    if (rh[i].dist < cur.dist) { RSlot t = rh[i]; rh[i] = cur; if (cur.dist > rh_max_dist) rh_max_dist = cur.dist; cur = t; }
  }
}
static int rh_get(uint64_t key, uint64_t *value) {
  int d = 0;
  for (size_t i = mix(key) & (RCAP - 1);; i = (i + 1) & (RCAP - 1), d++) {
    if (rh[i].dist < d) return 0;
    if (rh[i].key == key) { *value = rh[i].value; return 1; }
  }
}

int main(void) {
  Map m = { 0 };
  char key[32];
  /* Reference: parallel arrays searched linearly. */
  static char ref_keys[400][32];
  static long ref_vals[400];
  static int ref_live[400];
  int nref = 0, mismatches = 0;
  unsigned seed = 31337;
  for (int step = 0; step < 200; step++) {
    seed = seed * 1103515245u + 12345u;
    int k = (int)((seed >> 16) % 120);
    snprintf(key, sizeof key, "key-%d-%c", k, 'a' + k % 26);
    int op = (int)((seed >> 8) % 5);
    int r;
    for (r = 0; r < nref && strcmp(ref_keys[r], key); r++) ;
    if (op < 3) {
      map_put(&m, key, step);
      if (r == nref) { strcpy(ref_keys[nref], key); nref++; }
      ref_vals[r] = step; ref_live[r] = 1;
    } else if (op == 3) {
      int had = map_del(&m, key);
      if (had != (r < nref && ref_live[r])) mismatches++;
      if (r < nref) ref_live[r] = 0;
    } else {
      Slot *s = map_find(&m, key);
      int live = r < nref && ref_live[r];
      if ((s != NULL) != live || (s && s->value != ref_vals[r])) mismatches++;
    }
  }
  int live = 0;
  for (int r = 0; r < nref; r++) live += ref_live[r];
  printf("string map: count=%zu (reference %d) cap=%zu tombs=%zu probes=%ld mismatches=%d\n", m.count, live, m.cap, m.tombs, m.probes, mismatches);
  long sum = 0;
  for (int r = 0; r < nref; r++) {
    Slot *s = map_find(&m, ref_keys[r]);
    if (s) sum += s->value * (r + 1);
    if ((s != NULL) != ref_live[r]) mismatches++;
  }
  printf("weighted sum %ld, final mismatches %d\n", sum, mismatches);
  for (size_t i = 0; i < m.cap; i++) if (m.slots[i].state == 1) free(m.slots[i].key);
  free(m.slots);

  for (int i = 0; i < RCAP; i++) rh[i].dist = -1;
  for (uint64_t i = 1; i <= 200; i++) rh_put(i * 0x9e3779b97f4a7c15ULL, i * i);
  rh_put(5 * 0x9e3779b97f4a7c15ULL, 12345);
  int found = 0;
  uint64_t total = 0, v;
  for (uint64_t i = 1; i <= 220; i++) if (rh_get(i * 0x9e3779b97f4a7c15ULL, &v)) { found++; total += v; }
  int hist[16] = { 0 };
  for (int i = 0; i < RCAP; i++) if (rh[i].dist >= 0) hist[rh[i].dist < 15 ? rh[i].dist : 15]++;
  printf("robin hood: found %d total %lu max probe distance %d\n", found, total, rh_max_dist);
  printf("distance histogram:");
  for (int i = 0; i < 16; i++) if (hist[i]) printf(" %d:%d", i, hist[i]);
  printf("\n");
  return 0;
}
