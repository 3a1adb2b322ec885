// expect-error: sizeof_incomplete.c:3:42: error: invalid application of 'sizeof' to incomplete type 'struct opaque'
struct opaque;
unsigned long size(void) { return sizeof(struct opaque); }
