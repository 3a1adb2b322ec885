/* String routines written in the program itself: strlen, strcmp, strcpy,
 * strchr, memcpy-style byte copies, reversal, integer <-> text. Byte loads
 * and stores with zero- and sign-extension (MOVZX/MOVSX, LDRB/LDRSB). */
#include "rt.h"

static size_t my_strlen(const char *s) { const char *p = s; while (*p) p++; return (size_t)(p - s); }
static int my_strcmp(const char *a, const char *b) {
  while (*a && *a == *b) { a++; b++; }
  return (unsigned char)*a - (unsigned char)*b;
}
static char *my_strcpy(char *d, const char *s) { char *r = d; while ((*d++ = *s++)) {} return r; }
static const char *my_strchr(const char *s, int c) { for (; *s; s++) if (*s == (char)c) return s; return c ? 0 : s; }
static void reverse(char *s) { size_t n = my_strlen(s); for (size_t i = 0; i < n / 2; i++) { char t = s[i]; s[i] = s[n - 1 - i]; s[n - 1 - i] = t; } }
static long my_atol(const char *s) {
  long sign = 1, v = 0;
  while (*s == ' ') s++;
  if (*s == '-') { sign = -1; s++; } else if (*s == '+') s++;
  while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
  return sign * v;
}
static char *my_ltoa(long v, char *buf, int base) {
  char *p = buf;
  unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
  do { unsigned d = (unsigned)(u % (unsigned)base); *p++ = (char)(d < 10 ? '0' + d : 'a' + d - 10); u /= (unsigned)base; } while (u);
  if (v < 0) *p++ = '-';
  *p = 0;
  reverse(buf);
  return buf;
}
/* Print a string with bytes >= 0x80 escaped: fixture output stays ASCII. */
static void show(const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c < 0x80) printf("%c", c); else printf("\\x%02x", c);
  }
}
static void upcase(char *s) { for (; *s; s++) if (*s >= 'a' && *s <= 'z') *s = (char)(*s - 32); }

int main(void) {
  static const char *words[] = { "", "a", "hello", "Hello", "hello world", "zebra", "hellp", "\xff\x80 high bytes" };
  const unsigned n = sizeof words / sizeof words[0];
  for (unsigned i = 0; i < n; i++) {
    int c0 = my_strcmp(words[i], words[OPAQUE(2u)]);
    printf("len(\"");
    show(words[i]);
    printf("\") = %u cmp hello %d\n", (unsigned)my_strlen(words[i]), c0 < 0 ? -1 : c0 > 0);
  }
  char buf[64], num[40], hex[40], oct[40];
  my_strcpy(buf, OPAQUE("The quick brown fox jumps over the lazy dog"));
  const char *f = my_strchr(buf, 'f');
  printf("strchr f at %d, nul at %d\n", (int)(f - buf), (int)(my_strchr(buf, 0) - buf));
  reverse(buf);
  printf("reversed %s\n", buf);
  upcase(buf);
  printf("upper %s\n", buf);
  static const char *nums[] = { "0", "42", "-17", "  +9000", "9223372036854775807", "-123456789012" };
  for (unsigned i = 0; i < 6; i++) {
    long v = my_atol(OPAQUE(nums[i]));
    printf("atol %s -> %ld -> %s hex %s oct %s\n", nums[i], v, my_ltoa(v, num, 10), my_ltoa(v, hex, 16), my_ltoa(v / 3, oct, 8));
  }
  unsigned char bytes[32];
  for (unsigned i = 0; i < 32; i++) bytes[i] = (unsigned char)(i * 37 + 11);
  memmove(bytes + 3, bytes, 20);
  int sx = 0, zx = 0;
  for (unsigned i = 0; i < 32; i++) { sx += (signed char)bytes[i]; zx += bytes[i]; }
  printf("sx %d zx %d cmp %d\n", sx, zx, memcmp(bytes, bytes + 3, 5) < 0);
  return 0;
}
