/* Binary search trees: a plain BST and an AVL tree over the same keys,
 * with insertion, deletion, lookups, traversals, height and rank queries. */
#include <stdio.h>
#include <stdlib.h>

typedef struct Node {
  int key, height, size;
  struct Node *left, *right;
} Node;

static int height(Node *n) { return n ? n->height : 0; }
static int size(Node *n) { return n ? n->size : 0; }
static int max(int a, int b) { return a > b ? a : b; }

static Node *mk(int key) {
  Node *n = malloc(sizeof *n);
  n->key = key; n->height = 1; n->size = 1; n->left = n->right = NULL;
  return n;
}

static void fix(Node *n) {
  n->height = 1 + max(height(n->left), height(n->right));
  n->size = 1 + size(n->left) + size(n->right);
}

/* ---- plain BST ---- */
static Node *bst_insert(Node *t, int key) {
  if (!t) return mk(key);
  if (key < t->key) t->left = bst_insert(t->left, key);
  else if (key > t->key) t->right = bst_insert(t->right, key);
  fix(t);
  return t;
}

static Node *bst_delete(Node *t, int key) {
  if (!t) return NULL;
  if (key < t->key) t->left = bst_delete(t->left, key);
  else if (key > t->key) t->right = bst_delete(t->right, key);
  else {
    if (!t->left || !t->right) {
      Node *c = t->left ? t->left : t->right;
      free(t);
      return c;
    }
    Node *m = t->right;
    while (m->left) m = m->left;
    t->key = m->key;
    t->right = bst_delete(t->right, m->key);
  }
  fix(t);
  return t;
}

/* ---- AVL ---- */
static Node *rot_right(Node *y) {
  Node *x = y->left;
  y->left = x->right; x->right = y;
  fix(y); fix(x);
  return x;
}
static Node *rot_left(Node *x) {
  Node *y = x->right;
  x->right = y->left; y->left = x;
  fix(x); fix(y);
  return y;
}
static Node *balance(Node *n) {
  fix(n);
  int b = height(n->left) - height(n->right);
  if (b > 1) {
    if (height(n->left->left) < height(n->left->right)) n->left = rot_left(n->left);
    return rot_right(n);
  }
  if (b < -1) {
    if (height(n->right->right) < height(n->right->left)) n->right = rot_right(n->right);
    return rot_left(n);
  }
  return n;
}
static Node *avl_insert(Node *t, int key) {
  if (!t) return mk(key);
  if (key < t->key) t->left = avl_insert(t->left, key);
  else if (key > t->key) t->right = avl_insert(t->right, key);
  else return t;
  return balance(t);
}
static Node *avl_min_remove(Node *t, Node **min) {
  if (!t->left) { *min = t; return t->right; }
  t->left = avl_min_remove(t->left, min);
  return balance(t);
}
static Node *avl_delete(Node *t, int key) {
  if (!t) return NULL;
  if (key < t->key) t->left = avl_delete(t->left, key);
  else if (key > t->key) t->right = avl_delete(t->right, key);
  else {
    Node *l = t->left, *r = t->right;
    free(t);
    if (!r) return l;
    Node *m;
    r = avl_min_remove(r, &m);
    m->left = l; m->right = r;
    return balance(m);
  }
  return balance(t);
}

/* ---- queries ---- */
static int contains(Node *t, int key) {
  while (t) {
    if (key == t->key) return 1;
    t = key < t->key ? t->left : t->right;
  }
  return 0;
}
static int kth(Node *t, int k) { /* 0-based */
  for (;;) {
    int ls = size(t->left);
    if (k < ls) t = t->left;
    else if (k == ls) return t->key;
    else { k -= ls + 1; t = t->right; }
  }
}
static int rank(Node *t, int key) {
  int r = 0;
  while (t) {
    if (key <= t->key) t = t->left;
    else { r += size(t->left) + 1; t = t->right; }
  }
  return r;
}
static int printed;
static void inorder(Node *t, unsigned long *sum) {
  if (!t) return;
  inorder(t->left, sum);
  *sum = *sum * 31 + t->key;
  if (printed < 12) { printf(" %d", t->key); printed++; }
  inorder(t->right, sum);
}
static void preorder(Node *t, int depth) {
  if (!t || depth > 3) return;
  printf("%*s%d (h=%d s=%d)\n", depth * 2, "", t->key, t->height, t->size);
  preorder(t->left, depth + 1);
  preorder(t->right, depth + 1);
}
static void destroy(Node *t) {
  if (!t) return;
  destroy(t->left); destroy(t->right); free(t);
}

static void report(const char *name, Node *t) {
  unsigned long sum = 0;
  printed = 0;
  printf("%s: size=%d height=%d first:", name, size(t), height(t));
  inorder(t, &sum);
  printf("\n  inorder-hash=%lu median=%d rank(500)=%d has(77)=%d has(78)=%d\n", sum, kth(t, size(t) / 2), rank(t, 500),
         contains(t, 77), contains(t, 78));
}

int main(void) {
  Node *bst = NULL, *avl = NULL;
  unsigned x = 7;
  for (int i = 0; i < 150; i++) {
    x = x * 1664525u + 1013904223u;
    int k = (int)(x >> 22);
    bst = bst_insert(bst, k);
    avl = avl_insert(avl, k);
  }
  for (int i = 0; i < 60; i++) {
    bst = avl_insert(bst, i * 3); /* AVL insert into the BST too: rebalances along the path */
    avl = avl_insert(avl, i * 3);
  }
  report("bst", bst);
  report("avl", avl);
  for (int k = 0; k < 1024; k += 7) { bst = bst_delete(bst, k); avl = avl_delete(avl, k); }
  report("bst after deletes", bst);
  report("avl after deletes", avl);
  preorder(avl, 0);
  destroy(bst); destroy(avl);
  return 0;
}
