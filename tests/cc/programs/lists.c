/* Linked lists: a singly linked list with push, reverse (iterative and
 * recursive), merge sort, removal by predicate through a pointer-to-pointer,
 * cycle detection (Floyd), and an intrusive doubly linked list with a
 * sentinel used as an LRU cache. */
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>

typedef struct Node { int value; struct Node *next; } Node;

static Node *push(Node *head, int v) { Node *n = malloc(sizeof *n); n->value = v; n->next = head; return n; }
static void print(const char *label, const Node *n) {
  printf("%s:", label);
  for (int k = 0; n && k < 20; n = n->next, k++) printf(" %d", n->value);
  printf("%s\n", n ? " ..." : "");
}
static int length(const Node *n) { int k = 0; for (; n; n = n->next) k++; return k; }
static Node *reverse(Node *n) {
  Node *prev = NULL;
  while (n) { Node *next = n->next; n->next = prev; prev = n; n = next; }
  return prev;
}
static Node *reverse_rec(Node *n) {
  if (!n || !n->next) return n;
  Node *rest = reverse_rec(n->next);
  n->next->next = n;
  n->next = NULL;
  return rest;
}
static Node *merge(Node *a, Node *b) {
  Node head = { 0, NULL }, *t = &head;
  while (a && b) {
    if (a->value <= b->value) { t->next = a; a = a->next; } else { t->next = b; b = b->next; }
    t = t->next;
  }
  t->next = a ? a : b;
  return head.next;
}
static Node *msort(Node *n) {
  if (!n || !n->next) return n;
  Node *slow = n, *fast = n->next;
  while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
  Node *back = slow->next;
  slow->next = NULL;
  return merge(msort(n), msort(back));
}
static int remove_if(Node **link, int (*pred)(int)) {
  int removed = 0;
  while (*link) {
    if (pred((*link)->value)) { Node *dead = *link; *link = dead->next; free(dead); removed++; }
    else link = &(*link)->next;
  }
  return removed;
}
static int is_multiple_of_3(int v) { return v % 3 == 0; }
static int has_cycle(Node *n, int *start_index) {
  Node *slow = n, *fast = n;
  while (fast && fast->next) {
    slow = slow->next; fast = fast->next->next;
    if (slow == fast) {
      int idx = 0;
      for (slow = n; slow != fast; slow = slow->next, fast = fast->next) idx++;
      *start_index = idx;
      return 1;
    }
  }
  return 0;
}
static void free_list(Node *n) { while (n) { Node *next = n->next; free(n); n = next; } }

/* Intrusive doubly linked list: the links live inside the entry. */
typedef struct Link { struct Link *prev, *next; } Link;
typedef struct { int key; long value; Link lru; } Entry;
#define CONTAINER(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
static void link_init(Link *l) { l->prev = l->next = l; }
static void link_remove(Link *l) { l->prev->next = l->next; l->next->prev = l->prev; }
static void link_push_front(Link *head, Link *l) { l->next = head->next; l->prev = head; head->next->prev = l; head->next = l; }

typedef struct { Link order; Entry slots[4]; int used; int hits, misses, evictions; } Cache;
static long slow_compute(int key) { return (long)key * key + 1; }
static long cache_get(Cache *c, int key) {
  for (Link *l = c->order.next; l != &c->order; l = l->next) {
    Entry *e = CONTAINER(l, Entry, lru);
    if (e->key == key) { link_remove(l); link_push_front(&c->order, l); c->hits++; return e->value; }
  }
  c->misses++;
  Entry *e;
  if (c->used < 4) e = &c->slots[c->used++];
  else { e = CONTAINER(c->order.prev, Entry, lru); link_remove(&e->lru); c->evictions++; }
  e->key = key;
  e->value = slow_compute(key);
  link_push_front(&c->order, &e->lru);
  return e->value;
}

int main(void) {
  Node *list = NULL;
  unsigned s = 4242;
  for (int i = 0; i < 40; i++) { s = s * 1103515245u + 12345u; list = push(list, (int)((s >> 16) % 100)); }
  print("initial", list);
  list = reverse(list);
  print("reversed", list);
  list = reverse_rec(list);
  print("back", list);
  list = msort(list);
  print("sorted", list);
  int removed = remove_if(&list, is_multiple_of_3);
  printf("removed %d multiples of 3, length now %d\n", removed, length(list));
  print("filtered", list);
  Node *tail = list;
  while (tail->next) tail = tail->next;
  int idx = -1;
  printf("cycle before: %d\n", has_cycle(list, &idx));
  Node *target = list;
  for (int k = 0; k < 7; k++) target = target->next;
  tail->next = target;
  printf("cycle after: %d at index %d\n", has_cycle(list, &idx), idx);
  tail->next = NULL;
  free_list(list);

  Cache c;
  link_init(&c.order);
  c.used = c.hits = c.misses = c.evictions = 0;
  int keys[] = { 1, 2, 3, 1, 4, 5, 1, 2, 6, 1, 7, 3, 3, 1, 8, 2 };
  long total = 0;
  for (unsigned k = 0; k < sizeof keys / sizeof keys[0]; k++) total += cache_get(&c, keys[k]);
  printf("lru: total=%ld hits=%d misses=%d evictions=%d order:", total, c.hits, c.misses, c.evictions);
  for (Link *l = c.order.next; l != &c.order; l = l->next) printf(" %d", CONTAINER(l, Entry, lru)->key);
  printf("\n");
  return 0;
}
