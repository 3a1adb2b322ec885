/* Bit manipulation: popcount/clz/ctz via gcc builtins (x86: POPCNT is not in
 * baseline x86-64, so gcc calls libgcc's __popcountdi2 or uses a bit trick;
 * BSR/BSF; AArch64: CLZ, RBIT+CLZ), byte swaps (BSWAP / REV), rotates
 * (ROL/ROR, AArch64 ROR/EXTR), and mask tricks. clz/ctz of 0 is undefined
 * for the builtins, so zero is tested separately. */
#include "rt.h"

static uint32_t rotl32(uint32_t x, unsigned n) { return (x << (n & 31)) | (x >> ((32 - n) & 31)); }
static uint64_t rotr64(uint64_t x, unsigned n) { return (x >> (n & 63)) | (x << ((64 - n) & 63)); }

static const uint64_t vals[] = { 0, 1, 2, 3, 0x80, 0xff, 0x100, 0x8000, 0xf0f0, 0x80000000u, 0xffffffffu,
  0x100000000ull, 0x8000000000000000ull, 0xffffffffffffffffull, 0x0123456789abcdefull, 0xa5a5a5a5a5a5a5a5ull,
  0x0000100000000000ull, 0x4000000000000001ull };
#define N (sizeof vals / sizeof vals[0])

int main(void) {
  uint64_t h = 0;
  for (unsigned i = 0; i < N; i++) {
    uint64_t v = OPAQUE(vals[i]);
    uint32_t w = (uint32_t)v;
    int pc = __builtin_popcountll(v), pw = __builtin_popcount(w);
    int cl = v ? __builtin_clzll(v) : 64, ct = v ? __builtin_ctzll(v) : 64;
    int clw = w ? __builtin_clz(w) : 32, ctw = w ? __builtin_ctz(w) : 32;
    int ffs = __builtin_ffsll((long long)v), par = __builtin_parityll(v);
    int clrsb = __builtin_clrsbll((long long)v);
    uint64_t bs = __builtin_bswap64(v);
    uint32_t bw = __builtin_bswap32(w);
    uint16_t bh = __builtin_bswap16((uint16_t)v);
    uint64_t low = v & (0 - v), clear = v & (v - 1), fill = v | (v - 1);
    uint64_t rev = 0;
    for (int b = 0; b < 64; b++) rev |= ((v >> b) & 1) << (63 - b);
    printf("%016llx pc %d/%d clz %d/%d ctz %d/%d ffs %d par %d clrsb %d bswap %016llx %08x %04x\n",
           (unsigned long long)v, pc, pw, cl, clw, ct, ctw, ffs, par, clrsb, (unsigned long long)bs, bw, bh);
    printf("  low %llx clear %llx fill %llx rev %016llx rotl32 %08x rotr64 %016llx\n", (unsigned long long)low,
           (unsigned long long)clear, (unsigned long long)fill, (unsigned long long)rev, rotl32(w, i), (unsigned long long)rotr64(v, i * 5));
    h = h * 131 + (uint64_t)(pc + pw * 3 + cl * 5 + ct * 7 + clw + ctw + ffs + par + clrsb) + bs + bw + bh + rev;
  }
  /* Field extract / insert, the way bit-field code compiles (UBFX/BFI, SHR+AND). */
  uint64_t reg = OPAQUE(0xdeadbeefcafebabeull);
  for (unsigned pos = 0; pos < 64; pos += 7) {
    for (unsigned len = 1; len + pos <= 64 && len < 20; len += 6) {
      uint64_t mask = (len == 64 ? ~0ull : ((1ull << len) - 1));
      uint64_t field = (reg >> pos) & mask;
      uint64_t ins = (reg & ~(mask << pos)) | (((field ^ mask) & mask) << pos);
      int64_t sfield = (int64_t)(field << (64 - len)) >> (64 - len);
      h = h * 31 + field + ins + (uint64_t)sfield;
    }
  }
  printf("hash %016llx\n", (unsigned long long)h);
  return 0;
}
