/* stdio.h: formatted output (one engine behind printf, fprintf, sprintf and
 * snprintf), stdout line-buffered, stderr unbuffered, and line input. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include "sys.h"

/* Output: `len` bytes wait in buf. Input: buf[pos..len) is unread. */
struct __file { int fd; int unbuffered; size_t len; size_t pos; int eof; char buf[BUFSIZ]; };
static FILE files[3] = { { 0, 0, 0, 0, 0, {0} }, { 1, 0, 0, 0, 0, {0} }, { 2, 1, 0, 0, 0, {0} } };
FILE *stdin = &files[0];
FILE *stdout = &files[1];
FILE *stderr = &files[2];

int fflush(FILE *f) {
  if (!f) { __stdio_flush_all(); return 0; }
  size_t done = 0;
  while (done < f->len) {
    long n = __sys3(SYS_write, f->fd, f->buf + done, f->len - done);
    if (n <= 0) { f->len = 0; return EOF; }
    done += n;
  }
  f->len = 0;
  return 0;
}

void __stdio_flush_all(void) { fflush(stdout); fflush(stderr); }

int fputc(int c, FILE *f) {
  f->buf[f->len++] = (char)c;
  if (f->len == BUFSIZ || f->unbuffered || c == '\n') fflush(f);
  return (unsigned char)c;
}
int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fputs(const char *s, FILE *f) {
  while (*s) fputc(*s++, f);
  return 0;
}

int puts(const char *s) {
  fputs(s, stdout);
  return fputc('\n', stdout) == EOF ? EOF : 0;
}

size_t fwrite(const void *p, size_t size, size_t n, FILE *f) {
  const char *c = p;
  for (size_t i = 0; i < size * n; i++) fputc(c[i], f);
  return n;
}

/* Where formatted output goes: a FILE, or a string buffer of `cap` bytes. */
struct sink { FILE *f; char *buf; size_t cap; size_t len; };

static void out(struct sink *s, char c) {
  if (s->f) fputc(c, s->f);
  else if (s->len + 1 < s->cap) s->buf[s->len] = c;
  s->len++;
}

static void pad(struct sink *s, char c, int n) { while (n-- > 0) out(s, c); }

/* One conversion of an integer: sign/prefix, zero or space padding, precision. */
static void number(struct sink *s, unsigned long long v, int neg, int base, int upper, int width, int prec,
                   int left, int zero, char sign, int alt) {
  char digits[24];
  const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  int n = 0;
  while (v) { digits[n++] = set[v % base]; v /= base; }
  if (prec < 0) prec = 1;
  else zero = 0;                                 /* C99 7.19.6.1: a precision ignores '0' */
  int nd = n > prec ? n : prec;
  if (alt && base == 8 && nd <= n) nd = n + 1;
  const char *prefix = neg ? "-" : sign ? (sign == '+' ? "+" : " ") : "";
  if (alt && base == 16 && n > 0) prefix = upper ? "0X" : "0x";
  int len = (int)strlen(prefix) + nd;
  if (!left && !zero) pad(s, ' ', width - len);
  for (const char *p = prefix; *p; p++) out(s, *p);
  if (!left && zero) pad(s, '0', width - len);
  pad(s, '0', nd - n);
  while (n) out(s, digits[--n]);
  if (left) pad(s, ' ', width - len);
}

static int format(struct sink *s, const char *fmt, va_list ap) {
  for (; *fmt; fmt++) {
    if (*fmt != '%') { out(s, *fmt); continue; }
    int left = 0, zero = 0, alt = 0, width = 0, prec = -1, size = 0;
    char sign = 0;
    for (;; fmt++) {
      char c = fmt[1];
      if (c == '-') left = 1;
      else if (c == '0') zero = 1;
      else if (c == '+') sign = '+';
      else if (c == ' ') { if (!sign) sign = ' '; }
      else if (c == '#') alt = 1;
      else break;
    }
    fmt++;
    if (*fmt == '*') { width = va_arg(ap, int); if (width < 0) { left = 1; width = -width; } fmt++; }
    else while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    if (*fmt == '.') {
      fmt++;
      prec = 0;
      if (*fmt == '*') { prec = va_arg(ap, int); fmt++; }
      else while (*fmt >= '0' && *fmt <= '9') prec = prec * 10 + (*fmt++ - '0');
    }
    for (;; fmt++) {                              /* length: hh h l ll z t j */
      if (*fmt == 'h') size = size == -1 ? -2 : -1;
      else if (*fmt == 'l' || *fmt == 'z' || *fmt == 't' || *fmt == 'j') size = *fmt == 'l' && size == 1 ? 2 : 1;
      else break;
    }
    if (left) zero = 0;
    switch (*fmt) {
      case 'd': case 'i': {
        long long v = size >= 1 ? va_arg(ap, long) : va_arg(ap, int);
        if (size == -1) v = (short)v;
        if (size == -2) v = (signed char)v;
        unsigned long long m = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
        number(s, m, v < 0, 10, 0, width, prec, left, zero, sign, 0);
        break;
      }
      case 'u': case 'x': case 'X': case 'o': {
        unsigned long long v = size >= 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
        if (size == -1) v = (unsigned short)v;
        if (size == -2) v = (unsigned char)v;
        int base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;
        number(s, v, 0, base, *fmt == 'X', width, prec, left, zero, 0, alt);
        break;
      }
      case 'p': {
        void *p = va_arg(ap, void *);
        if (!p) { const char *nil = "(nil)"; pad(s, ' ', left ? 0 : width - 5); while (*nil) out(s, *nil++); if (left) pad(s, ' ', width - 5); }
        else number(s, (unsigned long)p, 0, 16, 0, width, prec, left, zero, sign, 1);
        break;
      }
      case 'c': {
        char c = (char)va_arg(ap, int);
        if (!left) pad(s, ' ', width - 1);
        out(s, c);
        if (left) pad(s, ' ', width - 1);
        break;
      }
      case 's': {
        const char *str = va_arg(ap, const char *);
        if (!str) str = "(null)";
        int n = (int)(prec >= 0 ? strnlen(str, prec) : strlen(str));
        if (!left) pad(s, ' ', width - n);
        for (int i = 0; i < n; i++) out(s, str[i]);
        if (left) pad(s, ' ', width - n);
        break;
      }
      case '%': out(s, '%'); break;
      default:                                   /* unknown conversion: print it as written */
        out(s, '%');
        if (*fmt) out(s, *fmt); else fmt--;
    }
  }
  return (int)s->len;
}

int vfprintf(FILE *f, const char *fmt, va_list ap) {
  struct sink s = { f, NULL, 0, 0 };
  return format(&s, fmt, ap);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
  struct sink s = { NULL, buf, size, 0 };
  int n = format(&s, fmt, ap);
  if (size) buf[s.len < size ? s.len : size - 1] = 0;
  return n;
}

int vsprintf(char *buf, const char *fmt, va_list ap) { return vsnprintf(buf, (size_t)-1 >> 1, fmt, ap); }
int vprintf(const char *fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

int printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

int fprintf(FILE *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

int sprintf(char *buf, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsprintf(buf, fmt, ap);
  va_end(ap);
  return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

void perror(const char *s) {
  if (s && *s) fprintf(stderr, "%s: ", s);
  fprintf(stderr, "%s\n", strerror(errno));
}

/* ---- input: stdin, read in chunks ---- */

int fgetc(FILE *f) {
  if (f->pos == f->len) {
    if (f->eof) return EOF;
    fflush(stdout);                              /* a prompt appears before we wait */
    long n = __sys3(SYS_read, f->fd, f->buf, BUFSIZ);
    if (n <= 0) { f->eof = 1; return EOF; }
    f->len = n;
    f->pos = 0;
  }
  return (unsigned char)f->buf[f->pos++];
}
int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

char *fgets(char *buf, int size, FILE *f) {
  int i = 0;
  while (i + 1 < size) {
    int c = fgetc(f);
    if (c == EOF) break;
    buf[i++] = (char)c;
    if (c == '\n') break;
  }
  if (i == 0) return NULL;
  buf[i] = 0;
  return buf;
}

size_t fread(void *p, size_t size, size_t n, FILE *f) {
  char *c = p;
  size_t i = 0;
  for (; i < size * n; i++) { int ch = fgetc(f); if (ch == EOF) break; c[i] = (char)ch; }
  return size ? i / size : 0;
}
