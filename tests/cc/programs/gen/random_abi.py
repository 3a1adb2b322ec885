#!/usr/bin/env python3
"""Random calling-convention programs for the C corpus (random_abi.c is seed 7).

Usage: python3 random_abi.py SEED > prog.c
Eight random struct types (1-4 members, char to long, some arrays), ten
functions taking 1-12 mixed struct/scalar parameters and returning a
struct, and variadic functions that read structs with va_arg."""
import random, sys
seed = int(sys.argv[1]); random.seed(seed)
SC = [("char",1),("signed char",1),("unsigned char",1),("short",2),("unsigned short",2),("int",4),("unsigned",4),("long",8),("unsigned long",8)]
structs = []
out = ["#include <stdio.h>", "#include <stdarg.h>", "#include <string.h>"]
for s in range(8):
    mem = []
    for m in range(random.randint(1, 4)):
        t = random.choice(SC)
        arr = random.choice([0,0,0,2,3,5])
        mem.append((t, arr))
    structs.append(mem)
    fields = " ".join(f"{t[0]} m{k}{f'[{a}]' if a else ''};" for k,(t,a) in enumerate(mem))
    out.append(f"typedef struct {{ {fields} }} S{s};")
def fill(s, var, seedexpr):
    lines = []
    for k,(t,a) in enumerate(structs[s]):
        if a:
            for j in range(a): lines.append(f"{var}.m{k}[{j}] = ({t[0]})({seedexpr} * {k*7+j+3} + {j});")
        else: lines.append(f"{var}.m{k} = ({t[0]})({seedexpr} * {k*13+5} - {k});")
    return lines
def hashs(s, var):
    parts = []
    for k,(t,a) in enumerate(structs[s]):
        if a: parts += [f"(unsigned long)({var}.m{k}[{j}])" for j in range(a)]
        else: parts.append(f"(unsigned long)({var}.m{k})")
    return " ^ ".join(f"({p} << {i % 40})" for i,p in enumerate(parts)) or "0"
for s in range(8):
    out.append(f"static S{s} make{s}(long x) {{ S{s} v; memset(&v, 0, sizeof v); " + " ".join(fill(s, "v", "x")) + " return v; }")
    out.append(f"static unsigned long hash{s}(S{s} v) {{ return {hashs(s, 'v')}; }}")
funcs = []
for f in range(10):
    params = []
    for k in range(random.randint(1, 12)):
        if random.random() < 0.5: params.append(("s", random.randrange(8)))
        else: params.append(("c", random.choice(SC)))
    ret = random.randrange(8)
    decl = ", ".join(f"S{p[1]} p{k}" if p[0]=="s" else f"{p[1][0]} p{k}" for k,p in enumerate(params))
    body = " + ".join(f"hash{p[1]}(p{k}) * {k+1}" if p[0]=="s" else f"(unsigned long)p{k} * {k+3}" for k,p in enumerate(params))
    out.append(f"static S{ret} f{f}({decl}) {{ unsigned long h = {body}; printf(\"f{f} %lu\\n\", h); return make{ret}((long)(h % 100000)); }}")
    funcs.append((params, ret))
# variadic: takes count then alternating struct kinds fixed per function
vfuncs = []
for f in range(4):
    kinds = [random.randrange(8) if random.random() < 0.6 else -1 for _ in range(random.randint(1, 10))]
    lines = [f"static unsigned long v{f}(int n, ...) {{ va_list ap; va_start(ap, n); unsigned long h = n;"]
    for i,k in enumerate(kinds):
        if k >= 0: lines.append(f" {{ S{k} t = va_arg(ap, S{k}); h = h * 31 + hash{k}(t); }}")
        else: lines.append(f" h = h * 31 + (unsigned long)va_arg(ap, long);")
    lines.append(" va_end(ap); return h; }")
    out.append("".join(lines))
    vfuncs.append(kinds)
out.append("int main(void) {")
for f,(params, ret) in enumerate(funcs):
    args = ", ".join(f"make{p[1]}({f*100+k})" if p[0]=="s" else f"({p[1][0]})({(f+1)*(k+7)*12345 % 100000 - 50000})" for k,p in enumerate(params))
    out.append(f"  {{ S{ret} r = f{f}({args}); printf(\"ret{f} %lu size %zu\\n\", hash{ret}(r), sizeof r); }}")
for f,kinds in enumerate(vfuncs):
    args = ", ".join(f"make{k}({i*17+f})" if k >= 0 else f"{i*1000+f}L" for i,k in enumerate(kinds))
    out.append(f"  printf(\"v{f} %lu\\n\", v{f}({len(kinds)}, {args}));")
out.append("  return 0;\n}")
print("\n".join(out))
