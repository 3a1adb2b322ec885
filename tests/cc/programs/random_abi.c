/* Randomly generated calling-convention test: eight struct types of 1-4
 * members (char to long, some arrays, so sizes from 1 to 40 bytes fall in
 * each ABI class), ten functions taking 1-12 mixed struct and scalar
 * parameters and returning a struct, and variadic functions reading structs
 * with va_arg. Generated once (seed 7), checked with -fsanitize=undefined. */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
typedef struct { unsigned char m0[2]; char m1; unsigned long m2; } S0;
typedef struct { char m0[3]; short m1; signed char m2[2]; } S1;
typedef struct { signed char m0; signed char m1[3]; unsigned m2; signed char m3; } S2;
typedef struct { unsigned m0; } S3;
typedef struct { char m0[3]; unsigned char m1; } S4;
typedef struct { unsigned char m0[3]; signed char m1[3]; unsigned short m2[3]; unsigned char m3; } S5;
typedef struct { int m0; unsigned long m1[5]; } S6;
typedef struct { char m0[3]; } S7;
static S0 make0(long x) { S0 v; memset(&v, 0, sizeof v); v.m0[0] = (unsigned char)(x * 3 + 0); v.m0[1] = (unsigned char)(x * 4 + 1); v.m1 = (char)(x * 18 - 1); v.m2 = (unsigned long)(x * 31 - 2); return v; }
static unsigned long hash0(S0 v) { return ((unsigned long)(v.m0[0]) << 0) ^ ((unsigned long)(v.m0[1]) << 1) ^ ((unsigned long)(v.m1) << 2) ^ ((unsigned long)(v.m2) << 3); }
static S1 make1(long x) { S1 v; memset(&v, 0, sizeof v); v.m0[0] = (char)(x * 3 + 0); v.m0[1] = (char)(x * 4 + 1); v.m0[2] = (char)(x * 5 + 2); v.m1 = (short)(x * 18 - 1); v.m2[0] = (signed char)(x * 17 + 0); v.m2[1] = (signed char)(x * 18 + 1); return v; }
static unsigned long hash1(S1 v) { return ((unsigned long)(v.m0[0]) << 0) ^ ((unsigned long)(v.m0[1]) << 1) ^ ((unsigned long)(v.m0[2]) << 2) ^ ((unsigned long)(v.m1) << 3) ^ ((unsigned long)(v.m2[0]) << 4) ^ ((unsigned long)(v.m2[1]) << 5); }
static S2 make2(long x) { S2 v; memset(&v, 0, sizeof v); v.m0 = (signed char)(x * 5 - 0); v.m1[0] = (signed char)(x * 10 + 0); v.m1[1] = (signed char)(x * 11 + 1); v.m1[2] = (signed char)(x * 12 + 2); v.m2 = (unsigned)(x * 31 - 2); v.m3 = (signed char)(x * 44 - 3); return v; }
static unsigned long hash2(S2 v) { return ((unsigned long)(v.m0) << 0) ^ ((unsigned long)(v.m1[0]) << 1) ^ ((unsigned long)(v.m1[1]) << 2) ^ ((unsigned long)(v.m1[2]) << 3) ^ ((unsigned long)(v.m2) << 4) ^ ((unsigned long)(v.m3) << 5); }
static S3 make3(long x) { S3 v; memset(&v, 0, sizeof v); v.m0 = (unsigned)(x * 5 - 0); return v; }
static unsigned long hash3(S3 v) { return ((unsigned long)(v.m0) << 0); }
static S4 make4(long x) { S4 v; memset(&v, 0, sizeof v); v.m0[0] = (char)(x * 3 + 0); v.m0[1] = (char)(x * 4 + 1); v.m0[2] = (char)(x * 5 + 2); v.m1 = (unsigned char)(x * 18 - 1); return v; }
static unsigned long hash4(S4 v) { return ((unsigned long)(v.m0[0]) << 0) ^ ((unsigned long)(v.m0[1]) << 1) ^ ((unsigned long)(v.m0[2]) << 2) ^ ((unsigned long)(v.m1) << 3); }
static S5 make5(long x) { S5 v; memset(&v, 0, sizeof v); v.m0[0] = (unsigned char)(x * 3 + 0); v.m0[1] = (unsigned char)(x * 4 + 1); v.m0[2] = (unsigned char)(x * 5 + 2); v.m1[0] = (signed char)(x * 10 + 0); v.m1[1] = (signed char)(x * 11 + 1); v.m1[2] = (signed char)(x * 12 + 2); v.m2[0] = (unsigned short)(x * 17 + 0); v.m2[1] = (unsigned short)(x * 18 + 1); v.m2[2] = (unsigned short)(x * 19 + 2); v.m3 = (unsigned char)(x * 44 - 3); return v; }
static unsigned long hash5(S5 v) { return ((unsigned long)(v.m0[0]) << 0) ^ ((unsigned long)(v.m0[1]) << 1) ^ ((unsigned long)(v.m0[2]) << 2) ^ ((unsigned long)(v.m1[0]) << 3) ^ ((unsigned long)(v.m1[1]) << 4) ^ ((unsigned long)(v.m1[2]) << 5) ^ ((unsigned long)(v.m2[0]) << 6) ^ ((unsigned long)(v.m2[1]) << 7) ^ ((unsigned long)(v.m2[2]) << 8) ^ ((unsigned long)(v.m3) << 9); }
static S6 make6(long x) { S6 v; memset(&v, 0, sizeof v); v.m0 = (int)(x * 5 - 0); v.m1[0] = (unsigned long)(x * 10 + 0); v.m1[1] = (unsigned long)(x * 11 + 1); v.m1[2] = (unsigned long)(x * 12 + 2); v.m1[3] = (unsigned long)(x * 13 + 3); v.m1[4] = (unsigned long)(x * 14 + 4); return v; }
static unsigned long hash6(S6 v) { return ((unsigned long)(v.m0) << 0) ^ ((unsigned long)(v.m1[0]) << 1) ^ ((unsigned long)(v.m1[1]) << 2) ^ ((unsigned long)(v.m1[2]) << 3) ^ ((unsigned long)(v.m1[3]) << 4) ^ ((unsigned long)(v.m1[4]) << 5); }
static S7 make7(long x) { S7 v; memset(&v, 0, sizeof v); v.m0[0] = (char)(x * 3 + 0); v.m0[1] = (char)(x * 4 + 1); v.m0[2] = (char)(x * 5 + 2); return v; }
static unsigned long hash7(S7 v) { return ((unsigned long)(v.m0[0]) << 0) ^ ((unsigned long)(v.m0[1]) << 1) ^ ((unsigned long)(v.m0[2]) << 2); }
static S2 f0(S6 p0, long p1, long p2, S3 p3) { unsigned long h = hash6(p0) * 1 + (unsigned long)p1 * 4 + (unsigned long)p2 * 5 + hash3(p3) * 4; printf("f0 %lu\n", h); return make2((long)(h % 100000)); }
static S1 f1(signed char p0, unsigned long p1, S5 p2, unsigned short p3, signed char p4, S6 p5, S5 p6, S7 p7, S1 p8, int p9, S5 p10, long p11) { unsigned long h = (unsigned long)p0 * 3 + (unsigned long)p1 * 4 + hash5(p2) * 3 + (unsigned long)p3 * 6 + (unsigned long)p4 * 7 + hash6(p5) * 6 + hash5(p6) * 7 + hash7(p7) * 8 + hash1(p8) * 9 + (unsigned long)p9 * 12 + hash5(p10) * 11 + (unsigned long)p11 * 14; printf("f1 %lu\n", h); return make1((long)(h % 100000)); }
static S0 f2(long p0, signed char p1) { unsigned long h = (unsigned long)p0 * 3 + (unsigned long)p1 * 4; printf("f2 %lu\n", h); return make0((long)(h % 100000)); }
static S4 f3(long p0, S6 p1, int p2, S7 p3, S1 p4, S3 p5, unsigned char p6, unsigned p7, S7 p8, S7 p9, S4 p10, unsigned p11) { unsigned long h = (unsigned long)p0 * 3 + hash6(p1) * 2 + (unsigned long)p2 * 5 + hash7(p3) * 4 + hash1(p4) * 5 + hash3(p5) * 6 + (unsigned long)p6 * 9 + (unsigned long)p7 * 10 + hash7(p8) * 9 + hash7(p9) * 10 + hash4(p10) * 11 + (unsigned long)p11 * 14; printf("f3 %lu\n", h); return make4((long)(h % 100000)); }
static S6 f4(S5 p0, unsigned p1, unsigned char p2, S2 p3, S3 p4, S2 p5, S0 p6, S5 p7, int p8, unsigned long p9, char p10, S6 p11) { unsigned long h = hash5(p0) * 1 + (unsigned long)p1 * 4 + (unsigned long)p2 * 5 + hash2(p3) * 4 + hash3(p4) * 5 + hash2(p5) * 6 + hash0(p6) * 7 + hash5(p7) * 8 + (unsigned long)p8 * 11 + (unsigned long)p9 * 12 + (unsigned long)p10 * 13 + hash6(p11) * 12; printf("f4 %lu\n", h); return make6((long)(h % 100000)); }
static S0 f5(S7 p0, char p1, S3 p2, S1 p3, S0 p4, S2 p5, int p6) { unsigned long h = hash7(p0) * 1 + (unsigned long)p1 * 4 + hash3(p2) * 3 + hash1(p3) * 4 + hash0(p4) * 5 + hash2(p5) * 6 + (unsigned long)p6 * 9; printf("f5 %lu\n", h); return make0((long)(h % 100000)); }
static S5 f6(unsigned p0, S4 p1) { unsigned long h = (unsigned long)p0 * 3 + hash4(p1) * 2; printf("f6 %lu\n", h); return make5((long)(h % 100000)); }
static S4 f7(S1 p0, S7 p1, long p2, S4 p3, S1 p4, unsigned short p5, S2 p6, short p7, unsigned long p8, S0 p9) { unsigned long h = hash1(p0) * 1 + hash7(p1) * 2 + (unsigned long)p2 * 5 + hash4(p3) * 4 + hash1(p4) * 5 + (unsigned long)p5 * 8 + hash2(p6) * 7 + (unsigned long)p7 * 10 + (unsigned long)p8 * 11 + hash0(p9) * 10; printf("f7 %lu\n", h); return make4((long)(h % 100000)); }
static S7 f8(unsigned short p0, unsigned char p1, S3 p2, unsigned long p3, S3 p4, short p5, unsigned p6, short p7, S7 p8, S0 p9, unsigned short p10) { unsigned long h = (unsigned long)p0 * 3 + (unsigned long)p1 * 4 + hash3(p2) * 3 + (unsigned long)p3 * 6 + hash3(p4) * 5 + (unsigned long)p5 * 8 + (unsigned long)p6 * 9 + (unsigned long)p7 * 10 + hash7(p8) * 9 + hash0(p9) * 10 + (unsigned long)p10 * 13; printf("f8 %lu\n", h); return make7((long)(h % 100000)); }
static S5 f9(S5 p0, S5 p1, int p2, S1 p3, S3 p4) { unsigned long h = hash5(p0) * 1 + hash5(p1) * 2 + (unsigned long)p2 * 5 + hash1(p3) * 4 + hash3(p4) * 5; printf("f9 %lu\n", h); return make5((long)(h % 100000)); }
static unsigned long v0(int n, ...) { va_list ap; va_start(ap, n); unsigned long h = n; { S0 t = va_arg(ap, S0); h = h * 31 + hash0(t); } { S5 t = va_arg(ap, S5); h = h * 31 + hash5(t); } h = h * 31 + (unsigned long)va_arg(ap, long); { S1 t = va_arg(ap, S1); h = h * 31 + hash1(t); } va_end(ap); return h; }
static unsigned long v1(int n, ...) { va_list ap; va_start(ap, n); unsigned long h = n; h = h * 31 + (unsigned long)va_arg(ap, long); h = h * 31 + (unsigned long)va_arg(ap, long); { S2 t = va_arg(ap, S2); h = h * 31 + hash2(t); } { S5 t = va_arg(ap, S5); h = h * 31 + hash5(t); } { S6 t = va_arg(ap, S6); h = h * 31 + hash6(t); } { S1 t = va_arg(ap, S1); h = h * 31 + hash1(t); } h = h * 31 + (unsigned long)va_arg(ap, long); va_end(ap); return h; }
static unsigned long v2(int n, ...) { va_list ap; va_start(ap, n); unsigned long h = n; h = h * 31 + (unsigned long)va_arg(ap, long); { S7 t = va_arg(ap, S7); h = h * 31 + hash7(t); } h = h * 31 + (unsigned long)va_arg(ap, long); va_end(ap); return h; }
static unsigned long v3(int n, ...) { va_list ap; va_start(ap, n); unsigned long h = n; h = h * 31 + (unsigned long)va_arg(ap, long); { S7 t = va_arg(ap, S7); h = h * 31 + hash7(t); } h = h * 31 + (unsigned long)va_arg(ap, long); va_end(ap); return h; }
int main(void) {
  { S2 r = f0(make6(0), (long)(48760), (long)(-38895), make3(3)); printf("ret0 %lu size %zu\n", hash2(r), sizeof r); }
  { S1 r = f1((signed char)(22830), (unsigned long)(47520), make5(102), (unsigned short)(-3100), (signed char)(21590), make6(105), make5(106), make7(107), make1(108), (int)(45040), make5(110), (long)(-5580)); printf("ret1 %lu size %zu\n", hash1(r), sizeof r); }
  { S0 r = f2((long)(9245), (signed char)(46280)); printf("ret2 %lu size %zu\n", hash0(r), sizeof r); }
  { S4 r = f3((long)(-4340), make6(301), (int)(-5580), make7(303), make1(304), make3(305), (unsigned char)(-8060), (unsigned)(41320), make7(308), make7(309), make4(310), (unsigned)(38840)); printf("ret3 %lu size %zu\n", hash4(r), sizeof r); }
  { S6 r = f4(make5(400), (unsigned)(43800), (unsigned char)(5525), make2(403), make3(404), make2(405), make0(406), make5(407), (int)(-24125), (unsigned long)(37600), (char)(-675), make6(411)); printf("ret4 %lu size %zu\n", hash6(r), sizeof r); }
  { S0 r = f5(make7(500), (char)(42560), make3(502), make1(503), make0(504), make2(505), (int)(12910)); printf("ret5 %lu size %zu\n", hash0(r), sizeof r); }
  { S5 r = f6((unsigned)(-45095), make4(601)); printf("ret6 %lu size %zu\n", hash5(r), sizeof r); }
  { S4 r = f7(make1(700), make7(701), (long)(38840), make4(703), make1(704), (unsigned short)(35120), make2(706), (short)(32640), (unsigned long)(31400), make0(709)); printf("ret7 %lu size %zu\n", hash4(r), sizeof r); }
  { S7 r = f8((unsigned short)(27735), (unsigned char)(38840), make3(802), (unsigned long)(-38950), make3(804), (short)(-16740), (unsigned)(-5635), (short)(5470), make7(808), make0(809), (unsigned short)(38785)); printf("ret8 %lu size %zu\n", hash7(r), sizeof r); }
  { S5 r = f9(make5(900), make5(901), (int)(-38950), make1(903), make3(904)); printf("ret9 %lu size %zu\n", hash5(r), sizeof r); }
  printf("v0 %lu\n", v0(4, make0(0), make5(17), 2000L, make1(51)));
  printf("v1 %lu\n", v1(7, 1L, 1001L, make2(35), make5(52), make6(69), make1(86), 6001L));
  printf("v2 %lu\n", v2(3, 2L, make7(19), 2002L));
  printf("v3 %lu\n", v3(3, 3L, make7(20), 2003L));
  return 0;
}
