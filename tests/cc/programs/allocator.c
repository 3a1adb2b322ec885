/* A memory allocator of our own over a static arena: a first-fit free list
 * with block headers, splitting and coalescing of neighbours, aligned
 * allocation, a realloc that grows in place when it can, and statistics.
 * A deterministic workload of allocations and frees checks for overlap by
 * filling each block with its own pattern. Then the C library's malloc is
 * exercised the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <stddef.h>

#define ARENA 65536
/* The arena is made of 16-byte units so that it is 16-byte aligned (C99 has no _Alignas). */
typedef struct { long a, b; } Unit;
static Unit arena_units[ARENA / sizeof(Unit)];
#define arena ((unsigned char *)arena_units)

typedef struct Block { size_t size; int free; struct Block *next, *prev; } Block; /* size excludes header */
#define HDR ((sizeof(Block) + 15) & ~(size_t)15)
static Block *head;
static size_t peak_used, used;

static void init(void) {
  head = (Block *)arena;
  head->size = ARENA - HDR;
  head->free = 1;
  head->next = head->prev = NULL;
}

static void split(Block *b, size_t size) {
  if (b->size < size + HDR + 16) return;
  Block *rest = (Block *)((unsigned char *)b + HDR + size);
  rest->size = b->size - size - HDR;
  rest->free = 1;
  rest->next = b->next;
  rest->prev = b;
  if (b->next) b->next->prev = rest;
  b->next = rest;
  b->size = size;
}

static void *my_malloc(size_t n) {
  size_t size = (n + 15) & ~(size_t)15;
  if (!size) size = 16;
  for (Block *b = head; b; b = b->next)
    if (b->free && b->size >= size) {
      split(b, size);
      b->free = 0;
      used += b->size;
      if (used > peak_used) peak_used = used;
      return (unsigned char *)b + HDR;
    }
  return NULL;
}

static void coalesce(Block *b) {
  if (b->next && b->next->free) {
    b->size += HDR + b->next->size;
    b->next = b->next->next;
    if (b->next) b->next->prev = b;
  }
}

static void my_free(void *p) {
  if (!p) return;
  Block *b = (Block *)((unsigned char *)p - HDR);
  b->free = 1;
  used -= b->size;
  coalesce(b);
  if (b->prev && b->prev->free) coalesce(b->prev);
}

static void *my_realloc(void *p, size_t n) {
  if (!p) return my_malloc(n);
  Block *b = (Block *)((unsigned char *)p - HDR);
  size_t size = (n + 15) & ~(size_t)15;
  if (size <= b->size) return p;
  if (b->next && b->next->free && b->size + HDR + b->next->size >= size) {   /* grow in place */
    used -= b->size;
    coalesce(b);
    split(b, size);
    used += b->size;
    if (used > peak_used) peak_used = used;
    return p;
  }
  void *q = my_malloc(n);
  if (q) { memcpy(q, p, b->size); my_free(p); }
  return q;
}

static void stats(const char *when) {
  int blocks = 0, free_blocks = 0;
  size_t largest = 0, free_bytes = 0;
  for (Block *b = head; b; b = b->next) {
    blocks++;
    if (b->free) { free_blocks++; free_bytes += b->size; if (b->size > largest) largest = b->size; }
  }
  printf("%-14s blocks=%d free=%d free_bytes=%zu largest=%zu used=%zu peak=%zu\n", when, blocks, free_blocks, free_bytes, largest, used, peak_used);
}

typedef void *(*AllocFn)(size_t);
typedef void (*FreeFn)(void *);
typedef void *(*ReallocFn)(void *, size_t);

static int workload(AllocFn alloc, FreeFn release, ReallocFn grow, int verbose) {
  enum { SLOTS = 48 };
  unsigned char *slot[SLOTS] = { 0 };
  size_t len[SLOTS] = { 0 };
  unsigned seed = 77;
  int errors = 0, allocs = 0;
  for (int step = 0; step < 200; step++) {
    seed = seed * 1103515245u + 12345u;
    int i = (int)((seed >> 16) % SLOTS);
    int action = (int)((seed >> 8) % 4);
    if (slot[i]) {
      for (size_t k = 0; k < len[i]; k++) if (slot[i][k] != (unsigned char)(i * 7 + k)) { errors++; break; }
      if (action == 0) {
        size_t n = len[i] * 2 + 8;
        slot[i] = grow(slot[i], n);
        for (size_t k = len[i]; k < n; k++) slot[i][k] = (unsigned char)(i * 7 + k);
        len[i] = n;
      } else { release(slot[i]); slot[i] = NULL; }
    } else {
      size_t n = 1 + (seed >> 4) % 120;
      slot[i] = alloc(n);
      if (!slot[i]) { printf("out of memory at step %d\n", step); return -1; }
      if (((uintptr_t)slot[i] & 7) != 0) errors++;
      allocs++;
      len[i] = n;
      for (size_t k = 0; k < n; k++) slot[i][k] = (unsigned char)(i * 7 + k);
    }
    if (verbose && step % 50 == 49) { char what[20]; snprintf(what, sizeof what, "after %d", step + 1); stats(what); }
  }
  for (int i = 0; i < SLOTS; i++) if (slot[i]) release(slot[i]);
  printf("workload: %d allocations, %d pattern/alignment errors\n", allocs, errors);
  return errors;
}

int main(void) {
  init();
  stats("initial");
  void *a = my_malloc(100), *b = my_malloc(200), *c = my_malloc(300);
  printf("offsets: %ld %ld %ld\n", (long)((unsigned char *)a - arena), (long)((unsigned char *)b - arena), (long)((unsigned char *)c - arena));
  my_free(b);
  stats("freed middle");
  void *d = my_malloc(50);
  printf("reuse middle: %d\n", d == b);
  void *e = my_realloc(d, 150);
  printf("grew in place: %d\n", e == d);
  my_free(a); my_free(e); my_free(c);
  stats("all freed");
  workload(my_malloc, my_free, my_realloc, 1);
  stats("end");
  workload(malloc, free, realloc, 0);
  printf("header size %zu, offsetof next %zu\n", HDR, offsetof(Block, next));
  return 0;
}
