/* Linked lists over a static node pool: push, reverse, merge of sorted
 * lists, removal by predicate, and a cycle check (Floyd). Pointer chasing
 * through loads with displacement. */
#include "rt.h"

struct node { long v; struct node *next; };
static struct node pool[500];
static int used;
static struct node *mk(long v, struct node *next) { struct node *n = &pool[used++]; n->v = v; n->next = next; return n; }
static struct node *reverse(struct node *l) { struct node *r = 0; while (l) { struct node *n = l->next; l->next = r; r = l; l = n; } return r; }
static struct node *merge(struct node *a, struct node *b) {
  struct node head = { 0, 0 }, *t = &head;
  while (a && b) { if (a->v <= b->v) { t->next = a; a = a->next; } else { t->next = b; b = b->next; } t = t->next; }
  t->next = a ? a : b;
  return head.next;
}
static struct node *remove_if(struct node *l, int (*pred)(long)) {
  struct node **pp = &l;
  while (*pp) { if (pred((*pp)->v)) *pp = (*pp)->next; else pp = &(*pp)->next; }
  return l;
}
static int div3(long v) { return v % 3 == 0; }
static int has_cycle(struct node *l) {
  struct node *s = l, *f = l;
  while (f && f->next) { s = s->next; f = f->next->next; if (s == f) return 1; }
  return 0;
}
static void show(const char *label, struct node *l) {
  long n = 0, h = 0;
  printf("%s:", label);
  for (; l; l = l->next, n++) { h = h * 31 + l->v; if (n < 12) printf(" %ld", l->v); }
  printf(" ... (%ld nodes, hash %lx)\n", n, (unsigned long)h);
}

int main(void) {
  struct node *a = 0, *b = 0;
  for (long i = 200; i > 0; i--) a = mk(i * 2, a);
  for (long i = 150; i > 0; i--) b = mk(i * 3 - 1, b);
  show("a", a); show("b", b);
  struct node *m = merge(a, b);
  show("merged", m);
  m = remove_if(m, div3);
  show("filtered", m);
  m = reverse(m);
  show("reversed", m);
  printf("cycle %d", has_cycle(m));
  struct node *t = m; while (t->next) t = t->next;
  t->next = m->next->next;
  printf(" after linking tail %d\n", has_cycle(m));
  return 0;
}
