/* C bit-fields: signed and unsigned fields packed into words, read-modify-
 * write on assignment, sign extension of signed fields, and a hand-packed
 * equivalent with masks to check the layout (both ABIs allocate bit-fields
 * from the least significant bit of a little-endian unit). */
#include "rt.h"

struct pte { uint64_t present : 1, writable : 1, user : 1, pwt : 1, pcd : 1, accessed : 1, dirty : 1, huge : 1,
             global : 1, avail : 3, frame : 40, avail2 : 11, nx : 1; };
struct packed { int s3 : 3; unsigned u5 : 5; int s12 : 12; unsigned u12 : 12; };
union pun { struct pte p; uint64_t raw; };
union pun2 { struct packed p; uint32_t raw; };

int main(void) {
  union pun e = { .raw = 0 };
  e.p.present = 1; e.p.writable = 1; e.p.user = OPAQUE(1); e.p.frame = OPAQUE(0x123456789ull); e.p.nx = 1; e.p.avail = 5;
  printf("pte raw %016llx frame %llx avail %u\n", (unsigned long long)e.raw, (unsigned long long)e.p.frame, (unsigned)e.p.avail);
  uint64_t manual = 1 | 2 | 4 | (5ull << 9) | (0x123456789ull << 12) | (1ull << 63);
  printf("manual %016llx equal %d\n", (unsigned long long)manual, manual == e.raw);
  e.raw ^= OPAQUE(0xfffull << 12);
  printf("frame after xor %llx dirty %u\n", (unsigned long long)e.p.frame, (unsigned)e.p.dirty);
  union pun2 q = { .raw = 0 };
  long h = 0;
  for (int i = -8; i < 8; i++) {
    q.p.s3 = OPAQUE(i); q.p.u5 = (unsigned)(i * 7); q.p.s12 = i * 300; q.p.u12 = (unsigned)(i * 1000);
    h = h * 31 + q.p.s3 + q.p.u5 + q.p.s12 + q.p.u12;
    if (i % 4 == 0) printf("i %d: s3 %d u5 %u s12 %d u12 %u raw %08x\n", i, q.p.s3, (unsigned)q.p.u5, q.p.s12, (unsigned)q.p.u12, q.raw);
  }
  printf("hash %lx size %u %u\n", (unsigned long)h, (unsigned)sizeof(struct pte), (unsigned)sizeof(struct packed));
  return 0;
}
