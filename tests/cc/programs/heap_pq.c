/* A binary min-heap priority queue of structs, used for an event simulation
 * and a k-way merge, plus a d-ary heap with decrease-key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { long time; int id; int kind; } Event;

typedef struct { Event *v; int n, cap; } Heap;

static int before(const Event *a, const Event *b) {
  if (a->time != b->time) return a->time < b->time;
  return a->id < b->id;
}

static void push(Heap *h, Event e) {
  if (h->n == h->cap) {
    h->cap = h->cap ? h->cap * 2 : 4;
    h->v = realloc(h->v, (size_t)h->cap * sizeof *h->v);
  }
  int i = h->n++;
  while (i > 0) {
    int p = (i - 1) / 2;
    if (!before(&e, &h->v[p])) break;
    h->v[i] = h->v[p];
    i = p;
  }
  h->v[i] = e;
}

static Event pop(Heap *h) {
  Event top = h->v[0], last = h->v[--h->n];
  int i = 0;
  for (;;) {
    int c = 2 * i + 1;
    if (c >= h->n) break;
    if (c + 1 < h->n && before(&h->v[c + 1], &h->v[c])) c++;
    if (!before(&h->v[c], &last)) break;
    h->v[i] = h->v[c];
    i = c;
  }
  h->v[i] = last;
  return top;
}

/* Bank simulation: customers arrive, wait for one of 3 tellers. */
static void simulate(void) {
  Heap h = { 0 };
  unsigned seed = 99;
  int next_id = 0, free_tellers = 3, queue = 0, served = 0, max_queue = 0;
  long waited = 0, queue_since[64];
  int qhead = 0, qtail = 0;
  push(&h, (Event){ .time = 0, .id = next_id++, .kind = 0 });
  while (h.n) {
    Event e = pop(&h);
    if (e.kind == 0) { /* arrival */
      seed = seed * 1103515245u + 12345u;
      if (e.time < 2000) push(&h, (Event){ e.time + 1 + (long)(seed >> 16) % 9, next_id++, 0 });
      if (free_tellers) {
        free_tellers--;
        seed = seed * 1103515245u + 12345u;
        push(&h, (Event){ e.time + 5 + (long)(seed >> 16) % 20, next_id++, 1 });
      } else {
        queue_since[qtail++ % 64] = e.time;
        queue++;
        if (queue > max_queue) max_queue = queue;
      }
    } else { /* departure */
      served++;
      if (queue) {
        queue--;
        waited += e.time - queue_since[qhead++ % 64];
        seed = seed * 1103515245u + 12345u;
        push(&h, (Event){ e.time + 5 + (long)(seed >> 16) % 20, next_id++, 1 });
      } else free_tellers++;
    }
    if (h.n == 0) printf("simulation ends at t=%ld\n", e.time);
  }
  printf("served=%d max_queue=%d total_wait=%ld events=%d\n", served, max_queue, waited, next_id);
  free(h.v);
}

/* k-way merge of sorted lists through the heap. */
static void kmerge(void) {
  enum { K = 6, LEN = 10 };
  int lists[K][LEN];
  for (int k = 0; k < K; k++)
    for (int i = 0; i < LEN; i++) lists[k][i] = i * (k + 2) + k * 7;
  Heap h = { 0 };
  int pos[K] = { 0 };
  for (int k = 0; k < K; k++) push(&h, (Event){ lists[k][0], k, 0 });
  int count = 0, prev = -1, ok = 1;
  long sum = 0;
  printf("merged:");
  while (h.n) {
    Event e = pop(&h);
    if (e.time < prev) ok = 0;
    prev = (int)e.time;
    sum += e.time * (count + 1);
    if (count++ % 6 == 0) printf(" %ld", e.time);
    if (++pos[e.id] < LEN) push(&h, (Event){ lists[e.id][pos[e.id]], e.id, 0 });
  }
  printf("\ncount=%d ordered=%d weighted=%ld\n", count, ok, sum);
  free(h.v);
}

/* 4-ary indexed heap with decrease-key. */
#define D 4
#define M 50
static int hk[M], hpos[M], hitem[M], hn;
static void dswap(int i, int j) {
  int t = hitem[i]; hitem[i] = hitem[j]; hitem[j] = t;
  hpos[hitem[i]] = i; hpos[hitem[j]] = j;
}
static void dup_(int i) {
  while (i > 0 && hk[hitem[(i - 1) / D]] > hk[hitem[i]]) { dswap(i, (i - 1) / D); i = (i - 1) / D; }
}
static void ddown(int i) {
  for (;;) {
    int best = i;
    for (int c = D * i + 1; c <= D * i + D && c < hn; c++)
      if (hk[hitem[c]] < hk[hitem[best]]) best = c;
    if (best == i) return;
    dswap(i, best);
    i = best;
  }
}
static void dary(void) {
  hn = 0;
  for (int i = 0; i < M; i++) { hk[i] = (i * 37) % 101 + 200; hitem[hn] = i; hpos[i] = hn; hn++; dup_(hn - 1); }
  for (int i = 0; i < M; i += 3) { hk[i] -= 150 + i; dup_(hpos[i]); }
  printf("d-ary order:");
  int last = -1000, ok = 1;
  while (hn) {
    int it = hitem[0];
    if (hk[it] < last) ok = 0;
    last = hk[it];
    printf(" %d:%d", it, hk[it]);
    dswap(0, --hn);
    ddown(0);
  }
  printf("\nordered=%d\n", ok);
}

int main(void) {
  simulate();
  kmerge();
  dary();
  return 0;
}
