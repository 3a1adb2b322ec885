/* Reads text from standard input and reports line, word and character
 * counts, the most frequent words (a chained hash table of words, then
 * sorted by count and name), word-length histogram and the longest line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

typedef struct Entry { char *word; int count; struct Entry *next; } Entry;

#define BUCKETS 64
static Entry *table[BUCKETS];
static int distinct;

static unsigned hash(const char *s) {
  unsigned h = 5381;
  while (*s) h = h * 33 + (unsigned char)*s++;
  return h;
}

static void add_word(const char *w) {
  unsigned b = hash(w) % BUCKETS;
  for (Entry *e = table[b]; e; e = e->next)
    if (strcmp(e->word, w) == 0) { e->count++; return; }
  Entry *e = malloc(sizeof *e);
  e->word = strdup(w);
  e->count = 1;
  e->next = table[b];
  table[b] = e;
  distinct++;
}

static int by_count(const void *a, const void *b) {
  const Entry *x = *(Entry *const *)a, *y = *(Entry *const *)b;
  if (x->count != y->count) return y->count - x->count;
  return strcmp(x->word, y->word);
}

int main(void) {
  char line[512];
  int lines = 0, words = 0, chars = 0, longest = 0, longest_no = 0, hist[16] = { 0 };
  char longest_text[512] = "";
  while (fgets(line, sizeof line, stdin)) {
    size_t len = strlen(line);
    chars += (int)len;
    if (len && line[len - 1] == '\n') line[--len] = 0;
    lines++;
    if ((int)len > longest) { longest = (int)len; longest_no = lines; strcpy(longest_text, line); }
    char word[64];
    int n = 0;
    for (size_t i = 0; i <= len; i++) {
      unsigned char c = (unsigned char)line[i];
      if (isalpha(c) || (n && c == '\'')) { if (n < 63) word[n++] = (char)tolower(c); }
      else if (n) {
        word[n] = 0;
        add_word(word);
        words++;
        hist[n < 15 ? n : 15]++;
        n = 0;
      }
    }
  }
  printf("lines=%d words=%d chars=%d distinct=%d\n", lines, words, chars, distinct);
  printf("longest line %d (%d chars): %.40s...\n", longest_no, longest, longest_text);
  Entry **all = malloc((size_t)distinct * sizeof *all);
  int k = 0;
  for (int b = 0; b < BUCKETS; b++) for (Entry *e = table[b]; e; e = e->next) all[k++] = e;
  qsort(all, (size_t)distinct, sizeof *all, by_count);
  printf("top words:\n");
  for (int i = 0; i < 12 && i < distinct; i++) printf("%4d %s\n", all[i]->count, all[i]->word);
  printf("length histogram:\n");
  for (int i = 1; i < 16; i++) {
    if (!hist[i]) continue;
    printf("%2d%s %3d ", i, i == 15 ? "+" : " ", hist[i]);
    for (int j = 0; j < hist[i] / 2; j++) putchar('#');
    putchar('\n');
  }
  int chain_max = 0, used = 0;
  for (int b = 0; b < BUCKETS; b++) {
    int len = 0;
    for (Entry *e = table[b]; e; e = e->next) len++;
    if (len) used++;
    if (len > chain_max) chain_max = len;
  }
  printf("buckets used %d/%d, longest chain %d\n", used, BUCKETS, chain_max);
  for (int i = 0; i < distinct; i++) { free(all[i]->word); free(all[i]); }
  free(all);
  return 0;
}
