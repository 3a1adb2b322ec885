// expect-error: bad_member.c:3:42: error: 'struct point' has no member named 'z'
struct point { int x, y; };
int norm(struct point p) { return p.x + p.z; }
