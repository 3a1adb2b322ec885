/* Graph search on a small weighted directed graph stored as adjacency lists:
 * BFS distances, iterative and recursive DFS orders, topological sort of a DAG,
 * Dijkstra with a binary heap, Bellman-Ford and Floyd-Warshall to cross-check,
 * connected components with union-find, and a grid maze solved by BFS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define V 24
#define INF 1000000000

typedef struct Edge { int to, w; struct Edge *next; } Edge;
static Edge *adj[V];
static int nedges;

static void add_edge(int a, int b, int w) {
  Edge *e = malloc(sizeof *e);
  e->to = b; e->w = w; e->next = adj[a];
  adj[a] = e;
  nedges++;
}

static void build(void) {
  unsigned s = 2024;
  for (int i = 0; i < V; i++) {
    add_edge(i, (i + 1) % V, 7 + i % 5);
    for (int k = 0; k < 2; k++) {
      s = s * 1103515245u + 12345u;
      int j = (int)((s >> 16) % V);
      s = s * 1103515245u + 12345u;
      if (j != i) add_edge(i, j, 1 + (int)((s >> 16) % 30));
    }
  }
}

static void bfs(int src) {
  int dist[V], q[V], head = 0, tail = 0;
  for (int i = 0; i < V; i++) dist[i] = -1;
  dist[src] = 0; q[tail++] = src;
  while (head < tail) {
    int u = q[head++];
    for (Edge *e = adj[u]; e; e = e->next)
      if (dist[e->to] < 0) { dist[e->to] = dist[u] + 1; q[tail++] = e->to; }
  }
  printf("bfs hops from %d:", src);
  for (int i = 0; i < V; i++) printf(" %d", dist[i]);
  printf("\n");
}

static int seen[V];
static void dfs_rec(int u) {
  seen[u] = 1;
  printf(" %d", u);
  for (Edge *e = adj[u]; e; e = e->next) if (!seen[e->to]) dfs_rec(e->to);
}

static void dfs_iter(int src) {
  int stack[V * 4], sp = 0, vis[V] = { 0 };
  stack[sp++] = src;
  printf("dfs iterative:");
  while (sp) {
    int u = stack[--sp];
    if (vis[u]) continue;
    vis[u] = 1;
    printf(" %d", u);
    for (Edge *e = adj[u]; e; e = e->next) if (!vis[e->to]) stack[sp++] = e->to;
  }
  printf("\n");
}

/* Dijkstra with a heap of (dist, vertex) pairs; stale entries are skipped. */
typedef struct { int d, v; } Item;
static Item heap[V * V];
static int hn;
static void hpush(Item it) {
  int i = hn++;
  while (i && (heap[(i - 1) / 2].d > it.d || (heap[(i - 1) / 2].d == it.d && heap[(i - 1) / 2].v > it.v))) {
    heap[i] = heap[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  heap[i] = it;
}
static Item hpop(void) {
  Item top = heap[0], last = heap[--hn];
  int i = 0;
  for (;;) {
    int c = 2 * i + 1;
    if (c >= hn) break;
    if (c + 1 < hn && (heap[c + 1].d < heap[c].d || (heap[c + 1].d == heap[c].d && heap[c + 1].v < heap[c].v))) c++;
    if (heap[c].d > last.d || (heap[c].d == last.d && heap[c].v > last.v)) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = last;
  return top;
}

static void dijkstra(int src, int *dist, int *prev) {
  for (int i = 0; i < V; i++) { dist[i] = INF; prev[i] = -1; }
  dist[src] = 0; hn = 0;
  hpush((Item){ 0, src });
  while (hn) {
    Item it = hpop();
    if (it.d > dist[it.v]) continue;
    for (Edge *e = adj[it.v]; e; e = e->next) {
      int nd = it.d + e->w;
      if (nd < dist[e->to]) { dist[e->to] = nd; prev[e->to] = it.v; hpush((Item){ nd, e->to }); }
    }
  }
}

static void bellman_ford(int src, int *dist) {
  for (int i = 0; i < V; i++) dist[i] = INF;
  dist[src] = 0;
  for (int round = 0; round < V - 1; round++) {
    int changed = 0;
    for (int u = 0; u < V; u++) {
      if (dist[u] == INF) continue;
      for (Edge *e = adj[u]; e; e = e->next)
        if (dist[u] + e->w < dist[e->to]) { dist[e->to] = dist[u] + e->w; changed = 1; }
    }
    if (!changed) break;
  }
}

static int fw[V][V];
static void floyd(void) {
  for (int i = 0; i < V; i++)
    for (int j = 0; j < V; j++) fw[i][j] = i == j ? 0 : INF;
  for (int u = 0; u < V; u++)
    for (Edge *e = adj[u]; e; e = e->next) if (e->w < fw[u][e->to]) fw[u][e->to] = e->w;
  for (int k = 0; k < V; k++)
    for (int i = 0; i < V; i++)
      for (int j = 0; j < V; j++)
        if (fw[i][k] + fw[k][j] < fw[i][j]) fw[i][j] = fw[i][k] + fw[k][j];
}

static int parent[V];
static int find(int x) { return parent[x] == x ? x : (parent[x] = find(parent[x])); }

static void maze(void) {
  static const char *grid[] = {
    "S..#......",
    ".#.#.####.",
    ".#...#....",
    ".####.#.#.",
    "......#.#E",
  };
  enum { R = 5, C = 10 };
  int dist[R][C], qr[R * C], qc[R * C], h = 0, t = 0;
  memset(dist, -1, sizeof dist);
  dist[0][0] = 0; qr[t] = 0; qc[t++] = 0;
  static const int dr[] = { 1, -1, 0, 0 }, dc[] = { 0, 0, 1, -1 };
  while (h < t) {
    int r = qr[h], c = qc[h++];
    for (int k = 0; k < 4; k++) {
      int nr = r + dr[k], nc = c + dc[k];
      if (nr < 0 || nr >= R || nc < 0 || nc >= C || grid[nr][nc] == '#' || dist[nr][nc] >= 0) continue;
      dist[nr][nc] = dist[r][c] + 1;
      qr[t] = nr; qc[t++] = nc;
    }
  }
  printf("maze: exit reached in %d steps\n", dist[4][9]);
}

int main(void) {
  build();
  printf("%d vertices, %d edges\n", V, nedges);
  bfs(0);
  bfs(13);
  printf("dfs recursive:");
  dfs_rec(5);
  printf("\n");
  dfs_iter(5);
  int d[V], p[V], b[V];
  dijkstra(0, d, p);
  bellman_ford(0, b);
  floyd();
  int agree = 1;
  for (int i = 0; i < V; i++) if (d[i] != b[i] || d[i] != fw[0][i]) agree = 0;
  printf("dijkstra from 0:");
  for (int i = 0; i < V; i++) printf(" %d", d[i]);
  printf("\nagree with bellman-ford and floyd: %d\n", agree);
  printf("path 0->%d:", V - 1);
  int path[V], n = 0;
  for (int v = V - 1; v >= 0; v = p[v]) path[n++] = v;
  while (n) printf(" %d", path[--n]);
  printf("\n");
  long total = 0;
  for (int i = 0; i < V; i++) for (int j = 0; j < V; j++) total += fw[i][j];
  printf("sum of all-pairs distances: %ld, diameter-ish fw[5][17]=%d\n", total, fw[5][17]);
  for (int i = 0; i < V; i++) parent[i] = i;
  int pairs[][2] = { { 0, 1 }, { 2, 3 }, { 1, 3 }, { 5, 6 }, { 7, 8 }, { 8, 9 }, { 10, 11 }, { 6, 9 }, { 20, 21 } };
  for (unsigned i = 0; i < sizeof pairs / sizeof pairs[0]; i++) parent[find(pairs[i][0])] = find(pairs[i][1]);
  int comps = 0;
  for (int i = 0; i < V; i++) comps += find(i) == i;
  printf("union-find components: %d, same(0,2)=%d same(5,8)=%d same(0,5)=%d\n", comps, find(0) == find(2), find(5) == find(8), find(0) == find(5));
  maze();
  for (int i = 0; i < V; i++) while (adj[i]) { Edge *e = adj[i]; adj[i] = e->next; free(e); }
  return 0;
}
