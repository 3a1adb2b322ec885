/* More preprocessor: #line renumbering (__LINE__ and __FILE__ follow it),
 * _Pragma and #pragma, #if arithmetic in intmax_t/uintmax_t (-1 > 0u is
 * true), character constants in #if, && || ?: that do not evaluate their
 * other operand (so 1 / 0 there is no error), shifts keeping the left
 * operand's signedness, empty macro arguments, stringizing spacing. */
#include <stdio.h>
#pragma GCC poison never_used_identifier
#pragma GCC diagnostic ignored "-Wall"
_Pragma("GCC diagnostic push")
#line 100 "renamed.c"
static const char *where = __FILE__;
static int line_here = __LINE__;
#if -1 > 0u
static int unsigned_pp = 1;
#else
static int unsigned_pp = 0;
#endif
#if 'a' == 97 && '\n' == 10
static int charconst_pp = 1;
#else
static int charconst_pp = 0;
#endif
#define IS_DEFINED defined(FOO)
#define FOO
#if 0x7fffffffffffffff + 0 > 0 && (2 || 1 / 0) && (0 && 1 % 0 ? 1 / 0 : 1) && (-4 >> 1u) == -2 && (1 ? 2 : 1 / 0) == 2
static int big_pp = 1;
#else
static int big_pp = 0;
#endif
#define EMPTY_ARG(x) [x]
#define STR(x) #x
#define XSTR(x) STR(x)
#define PASTE(a, b) a ## b
int main(void) {
  printf("%s %d %d %d %d\n", where, line_here, unsigned_pp, charconst_pp, big_pp);
  printf("%s %s %s\n", XSTR(EMPTY_ARG()), STR(  spaced   out  ), STR(a "b\n" 'c'));
  printf("%d %s\n", PASTE(1, 2) + PASTE(, 3) + PASTE(4,), XSTR(__LINE__));
#line 7
  printf("line %d\n", __LINE__);
  return 0;
}
