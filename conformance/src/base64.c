/* Base64 (RFC 4648) encoding and decoding with a reverse lookup table:
 * 24-bit groups built from shifts and ORs, table lookups by byte index. */
#include "rt.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static size_t encode(const unsigned char *in, size_t n, char *out) {
  size_t o = 0, i = 0;
  for (; i + 2 < n; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    out[o++] = alphabet[v >> 18]; out[o++] = alphabet[v >> 12 & 63]; out[o++] = alphabet[v >> 6 & 63]; out[o++] = alphabet[v & 63];
  }
  if (i < n) {
    uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0);
    out[o++] = alphabet[v >> 18]; out[o++] = alphabet[v >> 12 & 63];
    out[o++] = i + 1 < n ? alphabet[v >> 6 & 63] : '='; out[o++] = '=';
  }
  out[o] = 0;
  return o;
}
static signed char rev[256];
static long decode(const char *in, unsigned char *out) {
  for (int i = 0; i < 256; i++) rev[i] = -1;
  for (int i = 0; i < 64; i++) rev[(unsigned char)alphabet[i]] = (signed char)i;
  long o = 0; uint32_t acc = 0; int bits = 0;
  for (; *in && *in != '='; in++) {
    int d = rev[(unsigned char)*in];
    if (d < 0) return -1;
    acc = acc << 6 | (uint32_t)d; bits += 6;
    if (bits >= 8) { bits -= 8; out[o++] = (unsigned char)(acc >> bits); }
  }
  return o;
}

int main(void) {
  static const char *tests[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar", "Many hands make light work." };
  char enc[128]; unsigned char dec[128];
  for (int i = 0; i < 8; i++) {
    const char *s = OPAQUE(tests[i]);
    size_t n = 0; while (s[n]) n++;
    encode((const unsigned char *)s, n, enc);
    long m = decode(enc, dec);
    printf("\"%s\" -> %s -> %ld bytes, same %d\n", s, enc, m, m == (long)n && memcmp(dec, s, n) == 0);
  }
  unsigned char bin[96];
  for (int i = 0; i < 96; i++) bin[i] = (unsigned char)(255 - i * 5);
  encode(bin, 95, enc);
  printf("binary %s\n", enc);
  printf("bad input %ld\n", decode("ab$d", dec));
  return 0;
}
