/* CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) computed bitwise and
 * with a 256-entry table; Adler-32 for good measure. The check value of
 * "123456789" is 0xCBF43926 (the standard CRC catalogue). */
#include "rt.h"

static uint32_t table[256];
static void make_table(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
}
static uint32_t crc_table(const unsigned char *p, size_t n) {
  uint32_t c = 0xffffffffu;
  while (n--) c = table[(c ^ *p++) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}
static uint32_t crc_bitwise(const unsigned char *p, size_t n) {
  uint32_t c = 0xffffffffu;
  while (n--) { c ^= *p++; for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1))); }
  return ~c;
}
static uint32_t adler32(const unsigned char *p, size_t n) {
  uint32_t a = 1, b = 0;
  while (n--) { a = (a + *p++) % 65521; b = (b + a) % 65521; }
  return b << 16 | a;
}

int main(void) {
  make_table();
  const unsigned char *check = (const unsigned char *)OPAQUE("123456789");
  printf("crc32(123456789) table %08x bitwise %08x adler %08x\n", crc_table(check, 9), crc_bitwise(check, 9), adler32(check, 9));
  static unsigned char data[4096];
  for (unsigned i = 0; i < sizeof data; i++) data[i] = (unsigned char)(i * i + (i >> 3));
  printf("crc32(data) %08x %08x adler %08x\n", crc_table(data, sizeof data), crc_bitwise(data, 1024), adler32(data, sizeof data));
  printf("crc32(empty) %08x table[1] %08x table[255] %08x\n", crc_table(data, 0), table[1], table[255]);
  return 0;
}
