/* Exercised by the link-and-run test: compiled by gcc to Intel assembly,
   assembled by OUR assembler, linked by GNU ld, run under qemu-x86_64. */
extern void write_str(const char *s);
extern const char *table_ptrs[];
extern const char banner[];
static char buf[64];
static long fib(int n) { long a = 0, b = 1; while (n--) { long t = a + b; a = b; b = t; } return a; }
static const char *utoa(unsigned long v) {
  char *p = buf + sizeof buf - 1; *p = 0;
  do { *--p = '0' + v % 10; v /= 10; } while (v);
  return p;
}
static int classify(int x) { switch (x) { case 0: return 3; case 1: return 5; case 2: return 7; case 3: return 11; case 4: return 13; default: return 1; } }
int main(int argc, char **argv) {
  write_str(table_ptrs[0]);
  write_str(table_ptrs[1]);
  write_str(utoa(fib(50))); write_str("\n");
  long s = 0; for (int i = 0; i < 7; i++) s = s * 3 + classify(i);
  write_str(utoa(s)); write_str("\n");
  write_str(argv[0][0] ? "argv ok\n" : "argv empty\n");
  return (int)(s & 0x7f) + argc;
}
