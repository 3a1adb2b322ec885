/* Processes a CSV ledger from standard input: parses each line into a
 * record (date, account, signed amount in cents, memo) with validation and
 * line-numbered error messages, keeps balances per account, a monthly
 * summary, and prints a report sorted by account name. Exits with status 3
 * when any line was rejected, so the exit status is checked too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

typedef struct { int year, month, day; char account[24]; long cents; char memo[40]; } Record;
typedef struct { char name[24]; long balance; int entries; long largest; } Account;

static Account accounts[32];
static int naccounts;
static long monthly[13];

static int parse_amount(const char *s, long *out) {
  int neg = 0;
  long whole = 0, frac = 0;
  if (*s == '-') { neg = 1; s++; } else if (*s == '+') s++;
  if (!isdigit((unsigned char)*s)) return 0;
  while (isdigit((unsigned char)*s)) whole = whole * 10 + (*s++ - '0');
  if (*s == '.') {
    s++;
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1])) return 0;
    frac = (s[0] - '0') * 10 + (s[1] - '0');
    s += 2;
  }
  if (*s) return 0;
  *out = (whole * 100 + frac) * (neg ? -1 : 1);
  return 1;
}

static int next_field(char **p, char *out, size_t size) {
  char *s = *p;
  if (!s) return 0;
  char *comma = strchr(s, ',');
  size_t n = comma ? (size_t)(comma - s) : strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) n--;
  while (n && isspace((unsigned char)*s)) { s++; n--; }
  if (n >= size) n = size - 1;
  memcpy(out, s, n);
  out[n] = 0;
  *p = comma ? comma + 1 : NULL;
  return 1;
}

int sscanf_like(const char *s, int *y, int *m, int *d);

static const char *parse(char *line, Record *r) {
  char date[16], amount[24];
  char *p = line;
  if (!next_field(&p, date, sizeof date) || !next_field(&p, r->account, sizeof r->account) || !next_field(&p, amount, sizeof amount))
    return "too few fields";
  if (!next_field(&p, r->memo, sizeof r->memo)) r->memo[0] = 0;
  if (sscanf_like(date, &r->year, &r->month, &r->day) != 3) return "bad date";
  if (r->month < 1 || r->month > 12 || r->day < 1 || r->day > 31) return "date out of range";
  if (!r->account[0]) return "empty account";
  if (!parse_amount(amount, &r->cents)) return "bad amount";
  return NULL;
}

/* YYYY-MM-DD without sscanf (kept small and exact). */
int sscanf_like(const char *s, int *y, int *m, int *d) {
  char *end;
  long v = strtol(s, &end, 10);
  if (end == s || *end != '-') return 0;
  *y = (int)v;
  s = end + 1;
  v = strtol(s, &end, 10);
  if (end == s || *end != '-') return 1;
  *m = (int)v;
  s = end + 1;
  v = strtol(s, &end, 10);
  if (end == s || *end) return 2;
  *d = (int)v;
  return 3;
}

static Account *account(const char *name) {
  for (int i = 0; i < naccounts; i++) if (!strcmp(accounts[i].name, name)) return &accounts[i];
  Account *a = &accounts[naccounts++];
  strcpy(a->name, name);
  return a;
}

static int by_name(const void *a, const void *b) { return strcmp(((const Account *)a)->name, ((const Account *)b)->name); }

static void money(char *buf, long cents) {
  long a = cents < 0 ? -cents : cents;
  sprintf(buf, "%s%ld.%02ld", cents < 0 ? "-" : "", a / 100, a % 100);
}

int main(void) {
  char line[256], buf[32];
  int lineno = 0, rejected = 0, accepted = 0;
  long total = 0;
  while (fgets(line, sizeof line, stdin)) {
    lineno++;
    line[strcspn(line, "\r\n")] = 0;
    if (!line[0] || line[0] == '#') continue;
    Record r;
    memset(&r, 0, sizeof r);
    const char *err = parse(line, &r);
    if (err) { printf("line %d: %s: \"%s\"\n", lineno, err, line); rejected++; continue; }
    Account *a = account(r.account);
    a->balance += r.cents;
    a->entries++;
    if (labs(r.cents) > labs(a->largest)) a->largest = r.cents;
    monthly[r.month] += r.cents;
    total += r.cents;
    accepted++;
  }
  qsort(accounts, (size_t)naccounts, sizeof accounts[0], by_name);
  printf("%-12s %8s %12s %12s\n", "account", "entries", "balance", "largest");
  for (int i = 0; i < naccounts; i++) {
    char b2[32];
    money(buf, accounts[i].balance);
    money(b2, accounts[i].largest);
    printf("%-12s %8d %12s %12s\n", accounts[i].name, accounts[i].entries, buf, b2);
  }
  printf("by month:");
  for (int m = 1; m <= 12; m++) if (monthly[m]) { money(buf, monthly[m]); printf(" %02d:%s", m, buf); }
  money(buf, total);
  printf("\naccepted %d, rejected %d, net %s\n", accepted, rejected, buf);
  return rejected ? 3 : 0;
}
