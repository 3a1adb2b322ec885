#!/usr/bin/env python3
"""Random integer-expression programs for the C corpus (random_exprs.c is seed 31).

Usage: python3 random_exprs.py SEED > prog.c
Every operation is free of undefined behaviour by construction: arithmetic
goes through unsigned long, signed division and remainder are guarded
against zero and MIN/-1, shift counts are masked. Check a new program with
gcc -fsanitize=undefined before adding it to the corpus."""
import random, sys
seed = int(sys.argv[1]); random.seed(seed)
TYPES = [("signed char",8,True),("unsigned char",8,False),("short",16,True),("unsigned short",16,False),
         ("int",32,True),("unsigned",32,False),("long",64,True),("unsigned long",64,False)]
vars_ = []
lines = []
for i in range(16):
    t = random.choice(TYPES)
    bits = t[1]
    if t[2]: v = random.choice([0,1,-1,random.randint(-(1<<(bits-1)),(1<<(bits-1))-1), -(1<<(bits-1)), (1<<(bits-1))-1, random.randint(-100,100)])
    else: v = random.choice([0,1,random.randint(0,(1<<bits)-1),(1<<bits)-1, random.randint(0,300)])
    suffix = "L" if bits == 64 else ""
    if t[2] and v == -(1<<(bits-1)): lit = f"({-(v+1)}{suffix} * -1 - 1)" if bits>=32 else str(v)
    else: lit = f"{v}{'U' if not t[2] else ''}{suffix}"
    vars_.append((f"v{i}", t))
    lines.append(f"  volatile {t[0]} v{i} = ({t[0]})({lit});")
def U(e): return f"((unsigned long)({e}))"
def expr(d):
    if d == 0 or random.random() < 0.25:
        if random.random() < 0.8:
            n, t = random.choice(vars_); return n
        return str(random.choice([0,1,2,3,7,31,32,63,100,255,256,65535,-1,-7]))
    k = random.randint(0, 13)
    a, b = expr(d-1), expr(d-1)
    if k == 0: return f"({U(a)} + {U(b)})"
    if k == 1: return f"({U(a)} - {U(b)})"
    if k == 2: return f"({U(a)} * {U(b)})"
    if k == 3: return f"div_s((long)({a}), (long)({b}))"
    if k == 4: return f"div_u({U(a)}, {U(b)})"
    if k == 5: return f"((long)({a}) >> ((unsigned)({b}) & 63))"
    if k == 6: return f"({U(a)} << ((unsigned)({b}) & 63))"
    if k == 7: return f"(({a}) {random.choice(['<','>','<=','>=','==','!='])} ({b}))"
    if k == 8: return f"(({a}) {random.choice(['&','|','^'])} ({b}))"
    if k == 9: return f"(({a}) ? ({b}) : ({expr(d-1)}))"
    if k == 10: return f"(({random.choice(TYPES)[0]})({a}))"
    if k == 11: return f"(!({a}) {random.choice(['&&','||'])} ({b}))"
    if k == 12: return f"(~{U(a)})"
    return f"rem_s((int)({a}), (int)({b}))"
body = []
for i in range(60):
    e = expr(random.randint(1,4))
    tgt, t = random.choice(vars_)
    op = random.choice(["=", "=", "+=", "-=", "^=", "|=", "&="])
    if op == "=": body.append(f"  {tgt} = ({t[0]})({e});")
    else: body.append(f"  {tgt} = ({t[0]})({U(tgt)} {op[0]} {U(e)});")
    body.append(f"  h = h * 1000003UL ^ (unsigned long)({tgt}); printf(\"%d %lu\\n\", {i}, (unsigned long)({e}));")
print("""#include <stdio.h>
static long div_s(long a, long b) { if (b == 0 || (b == -1 && a == (-9223372036854775807L - 1))) return 7; return a / b + a % b; }
static unsigned long div_u(unsigned long a, unsigned long b) { return b ? a / b * 3 + a % b : 11; }
static int rem_s(int a, int b) { if (b == 0 || (b == -1 && a == (-2147483647 - 1))) return 5; return a % b; }
int main(void) {
  unsigned long h = 0;""")
print("\n".join(lines)); print("\n".join(body))
print("  printf(\"hash %lu\\n\", h);\n  return 0;\n}")
