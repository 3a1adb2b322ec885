/* malloc: a first-fit free list over memory from brk(2).
 *
 * Every block starts with a header holding its size (including the header);
 * free blocks are kept in a list sorted by address so neighbours can merge.
 * Blocks are 16-byte aligned, as the ABIs require of malloc's result. */
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "sys.h"

struct block { size_t size; struct block *next; };
#define HEADER 16
#define ALIGN(n) (((n) + 15) & ~(size_t)15)

static struct block *free_list;
static char *heap_end;

static void *more_core(size_t n) {
  if (!heap_end) heap_end = (char *)__sys1(SYS_brk, 0);
  char *old = heap_end;
  char *want = old + n;
  char *got = (char *)__sys1(SYS_brk, want);
  if (got < want) return NULL;
  heap_end = got;
  return old;
}

void *malloc(size_t size) {
  if (size == 0) size = 1;
  if (size > ((size_t)1 << 40)) return NULL;
  size_t need = ALIGN(size) + HEADER;
  struct block **link = &free_list;
  for (struct block *b = free_list; b; link = &b->next, b = b->next) {
    if (b->size < need) continue;
    if (b->size - need >= 64) {                  /* split: hand out the tail */
      b->size -= need;
      struct block *tail = (struct block *)((char *)b + b->size);
      tail->size = need;
      return (char *)tail + HEADER;
    }
    *link = b->next;
    return (char *)b + HEADER;
  }
  size_t chunk = need < 65536 ? 65536 : need;
  struct block *b = more_core(chunk);
  if (!b) return NULL;
  b->size = chunk;
  free((char *)b + HEADER);
  return malloc(size);
}

void free(void *p) {
  if (!p) return;
  struct block *b = (struct block *)((char *)p - HEADER);
  struct block **link = &free_list;
  while (*link && *link < b) link = &(*link)->next;
  b->next = *link;
  *link = b;
  if (b->next && (char *)b + b->size == (char *)b->next) { b->size += b->next->size; b->next = b->next->next; }
  /* merge with the previous block: find it again (the list is short in practice) */
  for (struct block *prev = free_list; prev && prev != b; prev = prev->next) {
    if (prev->next == b && (char *)prev + prev->size == (char *)b) { prev->size += b->size; prev->next = b->next; break; }
  }
}

void *calloc(size_t count, size_t size) {
  if (size && count > ((size_t)-1) / size) return NULL;
  void *p = malloc(count * size);
  if (p) memset(p, 0, count * size);
  return p;
}

void *realloc(void *p, size_t size) {
  if (!p) return malloc(size);
  if (size == 0) { free(p); return NULL; }
  struct block *b = (struct block *)((char *)p - HEADER);
  if (b->size - HEADER >= size) return p;
  void *q = malloc(size);
  if (!q) return NULL;
  memcpy(q, p, b->size - HEADER);
  free(p);
  return q;
}
