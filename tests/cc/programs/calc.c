/* A tokenizer and a recursive-descent expression evaluator with variables,
 * operator precedence, unary operators, parentheses, comparison and logical
 * operators, assignment and error reporting, plus a shunting-yard converter
 * to reverse Polish notation that is evaluated with a stack for comparison. */
#include <stdio.h>
#include <string.h>
#include <ctype.h>

typedef enum { T_NUM, T_IDENT, T_OP, T_LPAREN, T_RPAREN, T_END, T_ERR } TokKind;
typedef struct { TokKind kind; long num; char text[16]; } Tok;

typedef struct { const char *src; int pos; Tok cur; char err[64]; } Lexer;

static void next(Lexer *lx) {
  const char *s = lx->src;
  while (s[lx->pos] == ' ') lx->pos++;
  Tok t = { T_END, 0, "" };
  char c = s[lx->pos];
  if (!c) { lx->cur = t; return; }
  if (isdigit((unsigned char)c)) {
    t.kind = T_NUM;
    while (isdigit((unsigned char)s[lx->pos])) t.num = t.num * 10 + (s[lx->pos++] - '0');
  } else if (isalpha((unsigned char)c) || c == '_') {
    int n = 0;
    t.kind = T_IDENT;
    while (isalnum((unsigned char)s[lx->pos]) || s[lx->pos] == '_') { if (n < 15) t.text[n++] = s[lx->pos]; lx->pos++; }
    t.text[n] = 0;
  } else if (c == '(') { t.kind = T_LPAREN; lx->pos++; }
  else if (c == ')') { t.kind = T_RPAREN; lx->pos++; }
  else {
    static const char *ops[] = { "==", "!=", "<=", ">=", "&&", "||", "<<", ">>", "+", "-", "*", "/", "%", "<", ">", "!", "=", "&", "|", "^", "~" };
    t.kind = T_ERR;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
      size_t n = strlen(ops[i]);
      if (strncmp(s + lx->pos, ops[i], n) == 0) { t.kind = T_OP; strcpy(t.text, ops[i]); lx->pos += (int)n; break; }
    }
    if (t.kind == T_ERR) { t.text[0] = c; t.text[1] = 0; lx->pos++; }
  }
  lx->cur = t;
}

static struct { char name[16]; long value; } vars[16];
static int nvars;
static long *var(const char *name) {
  for (int i = 0; i < nvars; i++) if (!strcmp(vars[i].name, name)) return &vars[i].value;
  strcpy(vars[nvars].name, name);
  vars[nvars].value = 0;
  return &vars[nvars++].value;
}

static int is_op(Lexer *lx, const char *op) { return lx->cur.kind == T_OP && !strcmp(lx->cur.text, op); }
static void fail(Lexer *lx, const char *msg) { if (!lx->err[0]) snprintf(lx->err, sizeof lx->err, "%s at %d", msg, lx->pos); }

static long expr(Lexer *lx);

static long primary(Lexer *lx) {
  if (lx->cur.kind == T_NUM) { long v = lx->cur.num; next(lx); return v; }
  if (lx->cur.kind == T_IDENT) {
    char name[16];
    strcpy(name, lx->cur.text);
    next(lx);
    if (is_op(lx, "=")) { next(lx); long v = expr(lx); *var(name) = v; return v; }
    return *var(name);
  }
  if (lx->cur.kind == T_LPAREN) {
    next(lx);
    long v = expr(lx);
    if (lx->cur.kind != T_RPAREN) fail(lx, "expected )");
    else next(lx);
    return v;
  }
  fail(lx, "unexpected token");
  return 0;
}

static long unary(Lexer *lx) {
  if (is_op(lx, "-")) { next(lx); return -unary(lx); }
  if (is_op(lx, "+")) { next(lx); return unary(lx); }
  if (is_op(lx, "!")) { next(lx); return !unary(lx); }
  if (is_op(lx, "~")) { next(lx); return ~unary(lx); }
  return primary(lx);
}

/* Binary levels, loosest first; each entry is a list of operators. */
static const char *levels[][4] = {
  { "||" }, { "&&" }, { "|" }, { "^" }, { "&" }, { "==", "!=" }, { "<", ">", "<=", ">=" }, { "<<", ">>" }, { "+", "-" }, { "*", "/", "%" },
};
enum { NLEVELS = sizeof levels / sizeof levels[0] };

static long apply(Lexer *lx, const char *op, long a, long b) {
  switch (op[0]) {
  case '+': return a + b;
  case '-': return a - b;
  case '*': return a * b;
  case '/': if (b == 0) { fail(lx, "division by zero"); return 0; } return a / b;
  case '%': if (b == 0) { fail(lx, "division by zero"); return 0; } return a % b;
  case '<': return op[1] == '<' ? a << (b & 63) : op[1] == '=' ? a <= b : a < b;
  case '>': return op[1] == '>' ? a >> (b & 63) : op[1] == '=' ? a >= b : a > b;
  case '=': return a == b;
  case '!': return a != b;
  case '&': return op[1] == '&' ? a && b : (a & b);
  case '|': return op[1] == '|' ? a || b : (a | b);
  case '^': return a ^ b;
  }
  return 0;
}

static long binary(Lexer *lx, int level) {
  if (level == NLEVELS) return unary(lx);
  long v = binary(lx, level + 1);
  for (;;) {
    const char *op = NULL;
    for (int i = 0; i < 4 && levels[level][i]; i++) if (is_op(lx, levels[level][i])) op = levels[level][i];
    if (!op) return v;
    next(lx);
    long rhs = binary(lx, level + 1);
    v = apply(lx, op, v, rhs);
  }
}

static long expr(Lexer *lx) { return binary(lx, 0); }

static void eval(const char *src) {
  Lexer lx = { src, 0, { T_END, 0, "" }, "" };
  next(&lx);
  long v = expr(&lx);
  if (lx.cur.kind != T_END) fail(&lx, "trailing input");
  if (lx.err[0]) printf("%-28s -> error: %s\n", src, lx.err);
  else printf("%-28s -> %ld\n", src, v);
}

/* Shunting-yard for + - * / and parentheses, then an RPN stack machine. */
static int prec(char op) { return op == '+' || op == '-' ? 1 : 2; }
static void rpn(const char *src) {
  char out[128], ops[32];
  int no = 0, nops = 0;
  for (const char *p = src; *p; p++) {
    if (isdigit((unsigned char)*p)) {
      while (isdigit((unsigned char)*p)) out[no++] = *p++;
      out[no++] = ' ';
      p--;
    } else if (*p == '(') ops[nops++] = '(';
    else if (*p == ')') {
      while (nops && ops[nops - 1] != '(') { out[no++] = ops[--nops]; out[no++] = ' '; }
      nops--;
    } else if (strchr("+-*/", *p)) {
      while (nops && ops[nops - 1] != '(' && prec(ops[nops - 1]) >= prec(*p)) { out[no++] = ops[--nops]; out[no++] = ' '; }
      ops[nops++] = *p;
    }
  }
  while (nops) { out[no++] = ops[--nops]; out[no++] = ' '; }
  out[no] = 0;
  long st[32];
  int sp = 0;
  for (char *p = out; *p; p++) {
    if (isdigit((unsigned char)*p)) { long v = 0; while (isdigit((unsigned char)*p)) v = v * 10 + (*p++ - '0'); st[sp++] = v; }
    else if (*p != ' ') {
      long b = st[--sp], a = st[--sp];
      st[sp++] = *p == '+' ? a + b : *p == '-' ? a - b : *p == '*' ? a * b : a / b;
    }
  }
  printf("rpn: %-22s => %-30s = %ld\n", src, out, st[0]);
}

int main(void) {
  const char *tests[] = {
    "1 + 2 * 3", "(1 + 2) * 3", "-7 / 2", "-7 % 3", "2 * (3 + 4) * 5 - 6 / 2", "1 << 10 | 5", "~0 & 255",
    "x = 5", "y = x * x + 1", "x + y", "z = (a = 3) + (b = 4)", "a * b == 12 && z == 7", "!(1 < 2) || 3 >= 3",
    "10 / (5 - 5)", "(1 + 2", "1 + * 2", "3 $ 4", "1 2", "100000 * 100000 * 10", "count = count + 1", "count = count + 1",
  };
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) eval(tests[i]);
  rpn("3 + 4 * 2");
  rpn("(1 + 2) * (3 + 4)");
  rpn("100 / 5 / 2 - 3");
  rpn("2 * (3 + (4 - 1)) * 5");
  printf("variables:");
  for (int i = 0; i < nvars; i++) printf(" %s=%ld", vars[i].name, vars[i].value);
  printf("\n");
  return 0;
}
