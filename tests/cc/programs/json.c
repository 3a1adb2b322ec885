/* A small JSON parser building a tree (objects, arrays, strings with
 * escapes, integers, true/false/null), with error messages carrying the
 * byte offset, a pretty-printer, path queries like "items[2].name", and a
 * statistics walk over the tree. Numbers are integers only (no floating point). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

typedef enum { J_NULL, J_BOOL, J_INT, J_STR, J_ARR, J_OBJ } JType;
typedef struct J {
  JType type;
  long num;
  char *str;            /* string value, or member key when inside an object */
  char *key;
  struct J *child, *next;
} J;

typedef struct { const char *s; int pos; char err[80]; } P;

static J *mk(JType t) { J *j = calloc(1, sizeof *j); j->type = t; return j; }
static void skip(P *p) { while (isspace((unsigned char)p->s[p->pos])) p->pos++; }
static J *fail(P *p, const char *msg) { if (!p->err[0]) snprintf(p->err, sizeof p->err, "%s at offset %d", msg, p->pos); return NULL; }
static J *value(P *p);

static char *string(P *p) {
  if (p->s[p->pos] != '"') { fail(p, "expected string"); return NULL; }
  p->pos++;
  char *out = malloc(strlen(p->s + p->pos) + 1);
  int n = 0;
  for (;;) {
    char c = p->s[p->pos++];
    if (!c) { free(out); fail(p, "unterminated string"); return NULL; }
    if (c == '"') break;
    if (c == '\\') {
      c = p->s[p->pos++];
      switch (c) {
      case 'n': c = '\n'; break;
      case 't': c = '\t'; break;
      case '"': case '\\': case '/': break;
      case 'u': {
        int v = 0;
        for (int k = 0; k < 4; k++) {
          char h = p->s[p->pos++];
          if (!isxdigit((unsigned char)h)) { free(out); fail(p, "bad \\u escape"); return NULL; }
          v = v * 16 + (isdigit((unsigned char)h) ? h - '0' : (h | 32) - 'a' + 10);
        }
        c = v < 128 ? (char)v : '?';
        break;
      }
      default: free(out); fail(p, "bad escape"); return NULL;
      }
    }
    out[n++] = c;
  }
  out[n] = 0;
  return out;
}

static J *value(P *p) {
  skip(p);
  char c = p->s[p->pos];
  if (c == '{' || c == '[') {
    int obj = c == '{';
    J *j = mk(obj ? J_OBJ : J_ARR), **tail = &j->child;
    p->pos++;
    skip(p);
    if (p->s[p->pos] == (obj ? '}' : ']')) { p->pos++; return j; }
    for (;;) {
      char *key = NULL;
      if (obj) {
        skip(p);
        if (!(key = string(p))) return NULL;
        skip(p);
        if (p->s[p->pos++] != ':') { free(key); return fail(p, "expected ':'"); }
      }
      J *v = value(p);
      if (!v) { free(key); return NULL; }
      v->key = key;
      *tail = v;
      tail = &v->next;
      skip(p);
      char d = p->s[p->pos++];
      if (d == ',') continue;
      if (d == (obj ? '}' : ']')) return j;
      p->pos--;
      return fail(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
    }
  }
  if (c == '"') { char *s = string(p); if (!s) return NULL; J *j = mk(J_STR); j->str = s; return j; }
  if (c == '-' || isdigit((unsigned char)c)) {
    char *end;
    J *j = mk(J_INT);
    j->num = strtol(p->s + p->pos, &end, 10);
    p->pos = (int)(end - p->s);
    return j;
  }
  static const struct { const char *word; JType t; long v; } words[] = { { "true", J_BOOL, 1 }, { "false", J_BOOL, 0 }, { "null", J_NULL, 0 } };
  for (int k = 0; k < 3; k++)
    if (!strncmp(p->s + p->pos, words[k].word, strlen(words[k].word))) {
      p->pos += (int)strlen(words[k].word);
      J *j = mk(words[k].t);
      j->num = words[k].v;
      return j;
    }
  return fail(p, "unexpected character");
}

static void free_j(J *j) {
  while (j) { J *next = j->next; free_j(j->child); free(j->str); free(j->key); free(j); j = next; }
}

static void print_str(const char *s) {
  putchar('"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') printf("\\%c", *s);
    else if (*s == '\n') printf("\\n");
    else if (*s == '\t') printf("\\t");
    else putchar(*s);
  }
  putchar('"');
}

static void pretty(const J *j, int indent) {
  switch (j->type) {
  case J_NULL: printf("null"); break;
  case J_BOOL: printf(j->num ? "true" : "false"); break;
  case J_INT: printf("%ld", j->num); break;
  case J_STR: print_str(j->str); break;
  case J_ARR: case J_OBJ: {
    int obj = j->type == J_OBJ;
    if (!j->child) { printf(obj ? "{}" : "[]"); break; }
    printf(obj ? "{\n" : "[\n");
    for (const J *c = j->child; c; c = c->next) {
      printf("%*s", indent + 2, "");
      if (obj) { print_str(c->key); printf(": "); }
      pretty(c, indent + 2);
      printf(c->next ? ",\n" : "\n");
    }
    printf("%*s%c", indent, "", obj ? '}' : ']');
  }
  }
}

static const J *query(const J *j, const char *path) {
  while (j && *path) {
    if (*path == '.') path++;
    if (*path == '[') {
      long idx = strtol(path + 1, (char **)&path, 10);
      path++;
      if (j->type != J_ARR) return NULL;
      j = j->child;
      while (j && idx--) j = j->next;
    } else {
      char key[32];
      int n = 0;
      while (*path && *path != '.' && *path != '[') key[n++] = *path++;
      key[n] = 0;
      if (j->type != J_OBJ) return NULL;
      for (j = j->child; j && strcmp(j->key, key); j = j->next) ;
    }
  }
  return j;
}

static void stats(const J *j, int depth, int *counts, int *maxdepth) {
  for (; j; j = j->next) {
    counts[j->type]++;
    if (depth > *maxdepth) *maxdepth = depth;
    stats(j->child, depth + 1, counts, maxdepth);
  }
}

int main(void) {
  const char *doc =
    "{ \"name\": \"MinOS\", \"version\": 3, \"tags\": [\"kernel\", \"teaching\", \"tiny\"],\n"
    "  \"items\": [ {\"name\": \"cpu\", \"count\": 2}, {\"name\": \"uart\", \"count\": 1},\n"
    "             {\"name\": \"disk\\tblock\", \"count\": -1, \"ok\": false} ],\n"
    "  \"nested\": {\"a\": {\"b\": {\"c\": [1, [2, [3, null]]]}}}, \"escaped\": \"q\\\"uote\\\\ \\u0041\\n\", \"empty\": {}, \"none\": [] }";
  P p = { doc, 0, "" };
  J *root = value(&p);
  if (!root) { printf("parse error: %s\n", p.err); return 1; }
  pretty(root, 0);
  printf("\n");
  const char *paths[] = { "name", "version", "tags[1]", "items[2].name", "items[1].count", "nested.a.b.c[1][1][0]", "items[5]", "tags.x", "escaped" };
  for (int i = 0; i < 9; i++) {
    const J *r = query(root, paths[i]);
    printf("%-24s -> ", paths[i]);
    if (r) pretty(r, 0); else printf("(missing)");
    printf("\n");
  }
  int counts[6] = { 0 }, maxdepth = 0;
  stats(root, 0, counts, &maxdepth);
  printf("nulls=%d bools=%d ints=%d strings=%d arrays=%d objects=%d depth=%d\n", counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], maxdepth);
  free_j(root);
  const char *bad[] = { "{\"a\" 1}", "[1, 2", "\"open", "{\"k\": tru}", "[1 2]", "{\"x\": \"\\q\"}", "[\"\\u12G4\"]" };
  for (int i = 0; i < 7; i++) {
    P q = { bad[i], 0, "" };
    J *j = value(&q);
    printf("%-16s -> %s\n", bad[i], j ? "parsed?!" : q.err);
    free_j(j);
  }
  return 0;
}
