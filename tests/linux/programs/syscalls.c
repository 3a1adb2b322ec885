/* Exercises the Linux system calls `minos run --linux` emulates, printing only
 * what real Linux (qemu-user) and our layer must agree on. */
#include <stdio.h>
#include <string.h>

long __syscall(long nr, long a, long b, long c, long d, long e, long f);

#if defined(__x86_64__)
enum { NR_read = 0, NR_write = 1, NR_mmap = 9, NR_mprotect = 10, NR_munmap = 11, NR_brk = 12, NR_writev = 20,
       NR_uname = 63, NR_getpid = 39, NR_arch_prctl = 158, NR_getrandom = 318 };
#else
enum { NR_read = 63, NR_write = 64, NR_mmap = 222, NR_mprotect = 226, NR_munmap = 215, NR_brk = 214, NR_writev = 66,
       NR_uname = 160, NR_getpid = 172, NR_getrandom = 278 };
#endif

struct iovec { const void *base; unsigned long len; };

int main(void) {
  char *b0 = (char *)__syscall(NR_brk, 0, 0, 0, 0, 0, 0);
  char *b1 = (char *)__syscall(NR_brk, (long)(b0 + 100000), 0, 0, 0, 0, 0);
  printf("brk grows by %ld\n", (long)(b1 - b0));
  memset(b0, 7, 100000);
  printf("brk memory reads back %d %d\n", b0[0], b0[99999]);
  char *b2 = (char *)__syscall(NR_brk, (long)b0, 0, 0, 0, 0, 0);
  printf("brk shrinks back %d\n", b2 == b0);

  char *m = (char *)__syscall(NR_mmap, 0, 3 * 4096, 3, 0x22, -1, 0);    /* PROT_READ|WRITE, MAP_PRIVATE|ANONYMOUS */
  printf("mmap page-aligned %d zeroed %d\n", ((long)m & 4095) == 0, m[0] == 0 && m[3 * 4096 - 1] == 0);
  m[5000] = 42;
  printf("mmap memory %d\n", m[5000]);
  long prot = __syscall(NR_mprotect, (long)m, 4096, 1, 0, 0, 0);
  long unmap = __syscall(NR_munmap, (long)m, 3 * 4096, 0, 0, 0, 0);
  long prot2 = __syscall(NR_mprotect, (long)m, 4096, 3, 0, 0, 0);
  printf("mprotect %ld munmap %ld mprotect-unmapped %ld\n", prot, unmap, prot2);
  printf("munmap unaligned %ld\n", __syscall(NR_munmap, (long)m + 1, 4096, 0, 0, 0, 0));

  char uts[6 * 65];
  printf("uname %ld %s %s\n", __syscall(NR_uname, (long)uts, 0, 0, 0, 0, 0), uts, uts + 4 * 65);
  char rnd[16];
  printf("getrandom %ld\n", __syscall(NR_getrandom, (long)rnd, 16, 0, 0, 0, 0));
  printf("write to a bad fd %ld, from a bad pointer %ld\n", __syscall(NR_write, 99, (long)"x", 1, 0, 0, 0),
         __syscall(NR_write, 1, 16, 4, 0, 0, 0));
  struct iovec iov[3] = { { "one ", 4 }, { "two ", 4 }, { "three\n", 6 } };
  fflush(stdout);
  printf("writev %ld\n", __syscall(NR_writev, 1, (long)iov, 3, 0, 0, 0));
  char line[64];
  long n = __syscall(NR_read, 0, (long)line, 63, 0, 0, 0);
  line[n > 0 ? n : 0] = 0;
  printf("read %ld '%s'\n", n, line);
#if defined(__x86_64__)
  static long tls_block[4] = { 11, 22, 33, 44 };
  long r = __syscall(NR_arch_prctl, 0x1002, (long)tls_block, 0, 0, 0, 0);   /* ARCH_SET_FS */
  long got = 0;
  __syscall(NR_arch_prctl, 0x1003, (long)&got, 0, 0, 0, 0);                  /* ARCH_GET_FS */
  printf("arch_prctl %ld %d\n", r, got == (long)tls_block);
#endif
  printf("unknown syscall %ld\n", __syscall(999, 0, 0, 0, 0, 0, 0));
  return 0;
}
