// expect-error: designator_bad_member.c:5:20: error: 'struct rect' has no member named 'depth'
// expect-count: 2
/* An unknown member in a designator, followed by more designators. */
struct rect { int w, h; };
struct rect r = { .depth[2] = 7, .h = 3 };
int table[3] = { [3] = 1 };
