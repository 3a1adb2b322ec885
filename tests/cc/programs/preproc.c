/* Preprocessor tricks: X-macros building enums, name tables and dispatch,
 * stringizing (#) and token pasting (##), variadic macros with __VA_ARGS__,
 * macros expanding to macros, include guards (this file includes a header of
 * its own twice), conditional compilation on the target architecture, and
 * the standard predefined macros. */
#include <stdio.h>
#include <string.h>
#include "preproc_colors.h"
#include "preproc_colors.h" /* the guard makes the second include empty */

#define STR(x) #x
#define XSTR(x) STR(x)
#define CAT(a, b) a##b
#define XCAT(a, b) CAT(a, b)
#define SQUARE(x) ((x) * (x))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define COUNT_ARGS(...) COUNT_ARGS_(__VA_ARGS__, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define COUNT_ARGS_(a, b, c, d, e, f, g, h, n, ...) n
#define LOG(fmt, ...) printf("[%s:%d] " fmt "\n", "preproc.c", __LINE__ - BASE_LINE, __VA_ARGS__)
#define SHOW(expr) printf("%-28s = %ld\n", #expr, (long)(expr))
#define REPEAT3(m) m(0) m(1) m(2)
#define DECL_VAR(i) static int CAT(var, i) = (i) * 11;
#define BASE_LINE 40

REPEAT3(DECL_VAR)

#define OPS(X) \
  X(add, +)    \
  X(sub, -)    \
  X(mul, *)    \
  X(band, &)   \
  X(bxor, ^)

#define DEFINE_OP(name, op) static long op_##name(long a, long b) { return a op b; }
OPS(DEFINE_OP)
#undef DEFINE_OP

#define ENTRY(name, op) { #name, #op, op_##name },
static const struct { const char *name, *sym; long (*fn)(long, long); } ops[] = { OPS(ENTRY) };
#undef ENTRY

#if defined(__x86_64__)
#define ARCH_NAME "x86_64"
#define WORD_REGS 16
#elif defined(__aarch64__)
#define ARCH_NAME "aarch64"
#define WORD_REGS 31
#else
#error "unknown architecture"
#endif

#ifndef NOT_DEFINED
#define FEATURE 1
#endif

#if FEATURE && (SQUARE(3) == 9) && !defined(NOT_DEFINED) && 0x10 == 16 && (1 ? 2 : 3) == 2
#define CHECK "expression ok"
#else
#define CHECK "expression broken"
#endif

#define EMPTY
#define HASH_HASH # ## #
#define F(x, y) x ## y ## x
#define APPLY(m, ...) m(__VA_ARGS__)

int main(void) {
  printf("colors: %d\n", COLOR_COUNT);
  for (int c = 0; c < COLOR_COUNT; c++) printf("  %d %s 0x%06x\n", c, color_names[c], color_rgb[c]);
  for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++)
    printf("op %-4s (%s): 12 %s 10 = %ld\n", ops[i].name, ops[i].sym, ops[i].sym, ops[i].fn(12, 10));
  printf("STR: %s | %s | %s\n", STR(hello world), STR("quoted" 'c' \n), XSTR(SQUARE(2)));
  printf("CAT: %d %d %d\n", CAT(var, 0), XCAT(var, 1), CAT(va, r2));
  SHOW(SQUARE(1 + 2));
  SHOW(MAX(SQUARE(3), 7 + 1));
  SHOW(COUNT_ARGS(a));
  SHOW(COUNT_ARGS(a, b, c, d, e));
  SHOW(COUNT_ARGS(1, 2, 3, 4, 5, 6, 7, 8));
  SHOW(F(1, 2));
  SHOW(APPLY(MAX, 4, 9));
  LOG("%s has %d word registers", ARCH_NAME, WORD_REGS);
  LOG("check: %s", CHECK);
  printf("line %d, file ends with %s, stdc>=c99 %d, hosted %d\n", __LINE__, strrchr(__FILE__, '.'), __STDC_VERSION__ >= 199901L, __STDC_HOSTED__);
  printf("EMPTY: [" EMPTY "] HASH_HASH stringized: %s\n", XSTR(HASH_HASH));
#ifdef __MINOS_NEVER__
  printf("never\n");
#elif 2 > 1
  printf("elif taken\n");
#endif
#if 0
  this is not C at all, and it does not matter ' unbalanced
#endif
  printf("sizeof(long)=%zu char is %s\n", sizeof(long), (char)-1 < 0 ? "signed" : "unsigned");
  return 0;
}
