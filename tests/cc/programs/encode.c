/* Encodings and checksums: Base64 encode/decode round trips, hex dumps,
 * CRC-32 (table-driven, IEEE polynomial), Adler-32, FNV-1a, run-length
 * encoding of a byte stream, and a Caesar/Vigenere cipher pair. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t b64_encode(const unsigned char *in, size_t n, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
    out[o++] = B64[v >> 18 & 63];
    out[o++] = B64[v >> 12 & 63];
    out[o++] = i + 1 < n ? B64[v >> 6 & 63] : '=';
    out[o++] = i + 2 < n ? B64[v & 63] : '=';
  }
  out[o] = 0;
  return o;
}

static int b64_value(char c) {
  const char *p = strchr(B64, c);
  return c && p ? (int)(p - B64) : -1;
}

static long b64_decode(const char *in, unsigned char *out) {
  size_t n = strlen(in), o = 0;
  if (n % 4) return -1;
  for (size_t i = 0; i < n; i += 4) {
    int v[4];
    for (int k = 0; k < 4; k++) v[k] = in[i + k] == '=' ? 0 : b64_value(in[i + k]);
    if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0) return -1;
    uint32_t w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
    out[o++] = (unsigned char)(w >> 16);
    if (in[i + 2] != '=') out[o++] = (unsigned char)(w >> 8);
    if (in[i + 3] != '=') out[o++] = (unsigned char)w;
  }
  return (long)o;
}

static uint32_t crc_table[256];
static void crc_init(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
}
static uint32_t crc32(const void *data, size_t n) {
  const unsigned char *p = data;
  uint32_t c = 0xffffffffu;
  while (n--) c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}
static uint32_t adler32(const unsigned char *p, size_t n) {
  uint32_t a = 1, b = 0;
  for (size_t i = 0; i < n; i++) { a = (a + p[i]) % 65521; b = (b + a) % 65521; }
  return b << 16 | a;
}

static void hexdump(const unsigned char *p, size_t n) {
  for (size_t off = 0; off < n; off += 16) {
    printf("%04zx ", off);
    for (size_t i = off; i < off + 16; i++) { if (i < n) printf(" %02x", p[i]); else printf("   "); }
    printf("  |");
    for (size_t i = off; i < off + 16 && i < n; i++) putchar(p[i] >= 32 && p[i] < 127 ? p[i] : '.');
    printf("|\n");
  }
}

static size_t rle(const unsigned char *in, size_t n, unsigned char *out) {
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && in[j] == in[i] && j - i < 255) j++;
    out[o++] = (unsigned char)(j - i);
    out[o++] = in[i];
    i = j;
  }
  return o;
}

static void vigenere(char *s, const char *key, int decrypt) {
  size_t k = 0, kl = strlen(key);
  for (; *s; s++) {
    if (*s < 'a' || *s > 'z') continue;
    int shift = key[k++ % kl] - 'a';
    if (decrypt) shift = 26 - shift;
    *s = (char)('a' + (*s - 'a' + shift) % 26);
  }
}

int main(void) {
  crc_init();
  const char *texts[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar", "The quick brown fox jumps over the lazy dog", "\x01\x02\xff\xfe binary" };
  for (int i = 0; i < 9; i++) {
    char enc[128];
    unsigned char dec[128];
    size_t n = strlen(texts[i]);
    b64_encode((const unsigned char *)texts[i], n, enc);
    long m = b64_decode(enc, dec);
    printf("%-60s crc=%08x adler=%08x rt=%d\n", enc, crc32(texts[i], n), adler32((const unsigned char *)texts[i], n), m == (long)n && memcmp(dec, texts[i], n) == 0);
  }
  unsigned char bad[8];
  printf("decode errors: %ld %ld\n", b64_decode("abc", bad), b64_decode("ab!d", bad));
  unsigned char blob[70];
  for (int i = 0; i < 70; i++) blob[i] = (unsigned char)(i * 37 + (i >> 2));
  hexdump(blob, sizeof blob);
  printf("crc32(blob)=%08x\n", crc32(blob, sizeof blob));
  unsigned char runs[64], packed[128];
  size_t rn = 0;
  for (int i = 0; i < 10; i++) runs[rn++] = 'a';
  for (int i = 0; i < 3; i++) runs[rn++] = 'b';
  runs[rn++] = 'c';
  for (int i = 0; i < 20; i++) runs[rn++] = 0;
  size_t pn = rle(runs, rn, packed);
  printf("rle %zu -> %zu:", rn, pn);
  for (size_t i = 0; i < pn; i += 2) printf(" %ux%02x", packed[i], packed[i + 1]);
  printf("\n");
  char msg[] = "attack at dawn, retreat at dusk";
  vigenere(msg, "lemon", 0);
  printf("vigenere: %s\n", msg);
  vigenere(msg, "lemon", 1);
  printf("decrypted: %s\n", msg);
  return 0;
}
