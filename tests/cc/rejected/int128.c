// expect-error: int128.c:2:1: error: '__int128' is not supported: MinOS's C has 64-bit integers at most
__int128 square(long x) { return (__int128)x * x; }
