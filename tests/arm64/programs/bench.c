/* A gcc -O2 integer workload for measuring the AArch64 CPU's speed: a sieve,
 * an FNV-1a hash over an array, an insertion sort and some 64-bit
 * multiply/divide, repeated. Exits with a checksum (mod 256). */
typedef unsigned long u64;
static unsigned char flags[65536];
static u64 arr[2048];
/* Initialised data, so the RW segment has file contents as well as .bss. */
u64 seed = 88172645463325252UL;

static u64 sieve(int n) {
  u64 count = 0;
  for (int i = 0; i < n; i++) flags[i] = 1;
  for (int i = 2; i < n; i++) {
    if (!flags[i]) continue;
    count += i;
    for (int j = i + i; j < n; j += i) flags[j] = 0;
  }
  return count;
}

static u64 hash(void) {
  u64 h = 1469598103934665603UL;
  for (int i = 0; i < 2048; i++) { h ^= arr[i]; h *= 1099511628211UL; }
  return h;
}

static void sort(int n) {
  for (int i = 1; i < n; i++) {
    u64 v = arr[i]; int j = i - 1;
    while (j >= 0 && arr[j] > v) { arr[j + 1] = arr[j]; j--; }
    arr[j + 1] = v;
  }
}

void _start(void) {
  u64 sum = 0, x = seed;
  for (int round = 0; round < ROUNDS; round++) {
    for (int i = 0; i < 2048; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; arr[i] = x % 1000003; }
    sort(600);
    sum += hash() + sieve(65536) + (sum / (x | 1));
  }
  register long x0 __asm__("x0") = (long)(sum & 255);
  register long x8 __asm__("x8") = 93;
  __asm__ volatile("svc 0" : : "r"(x0), "r"(x8));
  for (;;) {}
}
