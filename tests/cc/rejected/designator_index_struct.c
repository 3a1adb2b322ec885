// expect-error: designator_index_struct.c:4:26: error: array index in non-array initializer
/* A designator that does not fit the object: an index into a struct. */
struct point { int x, y; };
struct point origin = { [1] = 2 };
