/* 8- and 16-bit arithmetic: signed char / unsigned char / short overflow
 * through the integer promotions, char classification tables, and a Caesar
 * cipher. Plain `char` is signed on x86_64 and unsigned on AArch64 (both
 * ABIs say so), so the program spells out signedness where it matters. */
#include "rt.h"

int main(void) {
  signed char sc = OPAQUE((signed char)100);
  unsigned char uc = OPAQUE((unsigned char)200);
  short ss = OPAQUE((short)30000);
  unsigned short us = OPAQUE((unsigned short)60000);
  uint64_t h = 0;
  for (int i = 0; i < 300; i++) {
    sc = (signed char)(sc + 7); uc = (unsigned char)(uc * 3 + 1);
    ss = (short)(ss + 1234); us = (unsigned short)(us * 5 + 3);
    int prod = sc * uc, sprod = ss * (short)us;
    h = h * 33 + (uint64_t)(int64_t)prod + (uint64_t)(int64_t)sprod + (uint64_t)(uint8_t)sc + us;
    if (i % 50 == 0) printf("%d: sc %d uc %u ss %d us %u prod %d sprod %d\n", i, sc, uc, ss, us, prod, sprod);
  }
  printf("hash %016llx\n", (unsigned long long)h);
  char text[] = "Attack at Dawn, 2024! xyz";
  for (char *p = text; *p; p++) {
    if (*p >= 'a' && *p <= 'z') *p = (char)('a' + (*p - 'a' + 13) % 26);
    else if (*p >= 'A' && *p <= 'Z') *p = (char)('A' + (*p - 'A' + 13) % 26);
  }
  printf("rot13: %s\n", text);
  int digits = 0, alpha = 0, spaces = 0, other = 0;
  for (const char *p = text; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c >= '0' && c <= '9') digits++; else if ((c | 32) >= 'a' && (c | 32) <= 'z') alpha++;
    else if (c == ' ') spaces++; else other++;
  }
  printf("classes %d %d %d %d\n", digits, alpha, spaces, other);
  signed char neg = OPAQUE((signed char)-5);
  unsigned char big = OPAQUE((unsigned char)250);
  printf("neg %d as unsigned %u, big %u as signed %d, neg/2 %d neg>>1 %d big>>1 %d\n",
         neg, (unsigned char)neg, big, (signed char)big, neg / 2, neg >> 1, big >> 1);
  short m = OPAQUE((short)-32768);
  printf("short min %d negated %d, cast %d, u16 %u\n", m, -m, (short)-m, (unsigned short)m);
  return 0;
}
