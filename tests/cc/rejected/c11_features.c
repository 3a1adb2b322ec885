// expect-error: c11_features.c:4:1: error: static assertion failed: "long is 32 bits"
// expect-count: 3
/* C11 features: each rejected with a message naming it. */
_Static_assert(sizeof(long) == 4, "long is 32 bits");
_Thread_local int counter;
_Alignas(16) char buffer[64];
