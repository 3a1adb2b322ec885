/* A grab-bag of the code shapes gcc produces for integer C, for the
 * "gcc programs vs qemu" test at several optimisation levels: VLAs (SP moved
 * by a register), 128-bit division (libgcc), overflow builtins, bit
 * builtins, computed goto, jump tables, bitfields, struct copies, atomics
 * (libgcc's out-of-line helpers, both their LSE and LDXR/STXR paths). Built with the
 * conformance runtime (conformance/rt) for printf. */
#include "rt.h"

typedef unsigned __int128 u128;
typedef __int128 i128;

static int vla_sum(int n) {
  int a[n];
  for (int i = 0; i < n; i++) a[i] = i * i - 3 * i;
  int s = 0;
  for (int i = n - 1; i >= 0; i--) s += a[i] ^ (s >> 3);
  return s;
}

static u128 u128_mix(u128 a, u128 b) { return b ? a / b + a % b : a; }
static i128 i128_mix(i128 a, i128 b) { return b ? a / b - a % b : -a; }

static int overflow(long a, long b) {
  long r; int n = 0;
  n += __builtin_add_overflow(a, b, &r);
  n += 2 * __builtin_sub_overflow(a, b, &r);
  n += 4 * __builtin_mul_overflow(a, b, &r);
  unsigned u; n += 8 * __builtin_mul_overflow((unsigned)a, (unsigned)b, &u);
  return n;
}

static int bits(unsigned long x) {
  return __builtin_popcountl(x) + __builtin_parityl(x) * 100 + __builtin_clrsbl((long)x) * 1000 +
         __builtin_ffsl((long)x) * 7 + (x ? __builtin_ctzl(x) + __builtin_clzl(x) : 0);
}

static int interp(const unsigned char *code) {
  static void *ops[] = { &&op_add, &&op_sub, &&op_dbl, &&op_end };
  int acc = 1;
  goto *ops[*code++];
op_add: acc += 7; goto *ops[*code++];
op_sub: acc -= 3; goto *ops[*code++];
op_dbl: acc *= 2; goto *ops[*code++];
op_end: return acc;
}

static const char *name(int k) {
  switch (k) {
    case 0: return "zero"; case 1: return "one"; case 2: return "two"; case 3: return "three";
    case 4: return "four"; case 5: return "five"; case 6: return "six"; default: return "many";
  }
}

struct packed { unsigned a : 5; signed b : 9; unsigned c : 18; signed long d : 40; unsigned char e; };
struct big { long v[9]; struct packed p; };

static struct big make(long seed) {
  struct big b;
  for (int i = 0; i < 9; i++) b.v[i] = seed * (i + 1) ^ (seed >> i);
  b.p.a = (unsigned)seed; b.p.b = (int)seed; b.p.c = (unsigned)(seed * 3); b.p.d = seed * 1234567; b.p.e = (unsigned char)seed;
  return b;
}

/* libgcc's out-of-line atomics pick LSE instructions or LDXR/STXR loops by this flag, which
 * its constructor would set from getauxval(AT_HWCAP); we have no constructors, so main sets it. */
extern _Bool __aarch64_have_lse_atomics;
unsigned long __getauxval(unsigned long type) { (void)type; return 0; }

static long atomics(void) {
  static long counter; static int word;
  long old = __atomic_fetch_add(&counter, 5, __ATOMIC_SEQ_CST);
  __atomic_fetch_or(&counter, 0x100, __ATOMIC_RELAXED);
  int expected = 0;
  int ok = __atomic_compare_exchange_n(&word, &expected, 42, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  int prev = __atomic_exchange_n(&word, 7, __ATOMIC_ACQ_REL);
  return old + counter + ok * 1000 + prev * 10000 + __atomic_load_n(&word, __ATOMIC_ACQUIRE);
}

int main(void) {
  unsigned long x = 0x0123456789abcdefUL;
  for (int i = 0; i < 8; i++) {
    printf("vla %d %d\n", i, vla_sum(5 + i * 7));
    u128 a = ((u128)x << 64) | (x * 3), b = (u128)(x >> (i * 7)) + 1;
    u128 r = u128_mix(a, b);
    printf("u128 %lx %lx\n", (unsigned long)(r >> 64), (unsigned long)r);
    i128 s = i128_mix(-(i128)a, (i128)b - 5);
    printf("i128 %lx %lx\n", (unsigned long)((u128)s >> 64), (unsigned long)s);
    printf("ovf %d %d\n", overflow((long)x, (long)(x << i)), overflow(-5, i));
    printf("bits %d %d\n", bits(x >> i), bits(x << (i * 8)));
    x = x * 6364136223846793005UL + 1442695040888963407UL;
  }
  static const unsigned char prog[] = { 0, 2, 1, 2, 0, 2, 3 };
  printf("interp %d\n", interp(prog));
  for (int k = 0; k < 9; k++) printf("%s ", name(k));
  printf("\n");
  struct big b = make(-123456789), c = b;
  c.v[3] += b.p.b + b.p.a + b.p.c + (long)b.p.d + b.p.e;
  printf("struct %ld %ld %d %d\n", c.v[3], (long)c.p.d, c.p.b, c.p.e);
  __aarch64_have_lse_atomics = 0;
  printf("atomics (LL/SC) %ld\n", atomics());
  __aarch64_have_lse_atomics = 1;
  printf("atomics (LSE) %ld\n", atomics());
  return (int)(x & 63);
}
