// The preprocessor against the C standard's own examples (C99 6.10.3.5,
// whose expected results the standard prints) and against gcc -E.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Diagnostics, formatDiagnostic, CompileError } from "../../toolchain/cc/diag";
import { Preprocessor } from "../../toolchain/cc/preprocess";
import { tokenize } from "../../toolchain/cc/lex";
import { oracleIt } from "../oracles";

function pp(src: string, files: Record<string, string> = {}) {
  const diags = new Diagnostics();
  const p = new Preprocessor({ includeDirs: ["/inc"], resolver: { read: (f) => files[f] } }, diags);
  try {
    const toks = p.run("t.c", src);
    return { text: toks.slice(0, -1).map((t) => t.text).join(" "), diags: diags.list.map(formatDiagnostic) };
  } catch (e) {
    if (e instanceof CompileError) return { text: "", diags: [...diags.list, e.diag].map(formatDiagnostic) };
    throw e;
  }
}
const squash = (s: string) => tokenize("x", s).tokens.slice(0, -1).map((t) => t.text).join(" ");

describe("C99 6.10.3.5 examples", () => {
  it("EXAMPLE 3: rescanning, hide sets, # and nested calls", () => {
    const src = `#define x 3
#define f(a) f(x * (a))
#undef x
#define x 2
#define g f
#define z z[0]
#define h g(~
#define m(a) a(w)
#define w 0,1
#define t(a) a
#define p() int
#define q(x) x
#define r(x,y) x ## y
#define str(x) # x
f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);
g(x+(3,4)-w) | h 5) & m
(f)^m(m);
p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };
char c[2][6] = { str(hello), str() };
`;
    const r = pp(src);
    expect(r.diags).toEqual([]);
    expect(r.text).toBe(squash(`f(2 * (y+1)) + f(2 * (f(2 * (z[0])))) % f(2 * (0)) + t(1);
f(2 * (2+(3,4)-0,1)) | f(2 * (~ 5)) & f(2 * (0,1))^m(0,1);
int i[] = { 1, 23, 4, 5, };
char c[2][6] = { "hello", "" };`));
  });

  it("EXAMPLE 4: stringizing and token pasting", () => {
    const src = `#define str(s) # s
#define xstr(s) str(s)
#define debug(s, t) printf("x" # s "= %d, x" # t "= %s", \\
 x ## s, x ## t)
#define INCFILE(n) vers ## n
#define glue(a, b) a ## b
#define xglue(a, b) glue(a, b)
#define HIGHLOW "hello"
#define LOW LOW ", world"
debug(1, 2);
fputs(str(strncmp("abc\\0d", "abc", '\\4') // this goes away
 == 0) str(: @\\n), s);
xstr(INCFILE(2).h)
glue(HIGH, LOW);
xglue(HIGH, LOW)
`;
    const r = pp(src);
    expect(r.diags).toEqual([]);
    expect(r.text).toBe(squash(`printf("x" "1" "= %d, x" "2" "= %s", x1, x2);
fputs("strncmp(\\"abc\\\\0d\\", \\"abc\\", '\\\\4') == 0" ": @\\n", s);
"vers2.h"
"hello";
"hello" ", world"`));
  });

  it("EXAMPLE 7: variable arguments", () => {
    const src = `#define debug(...) fprintf(stderr, __VA_ARGS__)
#define showlist(...) puts(#__VA_ARGS__)
#define report(test, ...) ((test)?puts(#test):\\
 printf(__VA_ARGS__))
debug("Flag");
debug("X = %d\\n", x);
showlist(The first, second, and third items.);
report(x>y, "x is %d but y is %d", x, y);
`;
    expect(pp(src).text).toBe(squash(`fprintf(stderr, "Flag");
fprintf(stderr, "X = %d\\n", x);
puts("The first, second, and third items.");
((x>y)?puts("x>y"): printf("x is %d but y is %d", x, y));`));
  });
});

describe("directives", () => {
  it("conditional inclusion with defined, #elif, nesting and arithmetic (6.10.1)", () => {
    const src = `#define A 2
#if defined(A) && A * 3 == 6 && !defined B
yes1
#elif 1
no
#endif
#ifdef B
no
#else
# if (-1 < 0u) == 0 && 0x10 >> 2 == 4 && 'a' == 97
yes2
# endif
#endif
#ifndef A
#error not reached
#endif
`;
    expect(pp(src)).toEqual({ text: "yes1 yes2", diags: [] });
  });

  it("#include with search paths, include guards and #pragma once", () => {
    const files = {
      "/inc/a.h": "#ifndef A_H\n#define A_H\nint a;\n#endif\n",
      "/inc/b.h": "#pragma once\nint b;\n",
      "./local.h": "#include <a.h>\nint local = __LINE__;\n",
    };
    expect(pp(`#include "local.h"\n#include <a.h>\n#include <b.h>\n#include <b.h>\nint end;`, files)).toEqual({ text: "int a ; int local = 2 ; int b ; int end ;", diags: [] });
  });

  it("reports errors like gcc, with the line and a caret, and keeps going", () => {
    const r = pp(`#define f(a,b) a\nf(1)\n#if\n#endif\n#foo\n#error stop here\n#include <missing.h>\n`);
    expect(r.diags).toEqual([
      // the positions gcc 12 reports for the same mistakes
      't.c:2:4: error: macro "f" requires 2 arguments, but only 1 given\n    2 | f(1)\n      |    ^',
      "t.c:3:4: error: #if with no expression\n    3 | #if\n      |    ^",
      "t.c:5:2: error: invalid preprocessing directive #foo\n    5 | #foo\n      |  ^",
      "t.c:6:2: error: #error stop here\n    6 | #error stop here\n      |  ^",
      "t.c:7:10: fatal error: missing.h: No such file or directory\n    7 | #include <missing.h>\n      |          ^",
    ]);
  });

  // Regressions found by the C corpus (tests/cc/programs/regressions.c).
  it("## pastes in object-like macros too (6.10.3.3 EXAMPLE: # ## # is the token ##)", () => {
    expect(pp(`#define hash_hash # ## #\n#define JOIN foo ## bar\n#define NUM 1 ## 2 ## 3\nhash_hash JOIN NUM`).text).toBe("## foobar 123");
  });

  it("a skipped group may hold an apostrophe or an unterminated string (gcc only warns)", () => {
    expect(pp(`#if 0\nit's skipped, "so is this\n#endif\nint x;`)).toEqual({ text: "int x ;", diags: [] });
    expect(pp(`#ifdef NOPE\n#error don't stop\n#endif\nint y;`)).toEqual({ text: "int y ;", diags: [] });
  });

  it("#if: && || ?: leave their other operand unevaluated; shifts keep the left operand's type", () => {
    expect(pp(`#if (1 || 1 / 0) && !(0 && 1 % 0) && (1 ? 2 : 1 / 0) == 2\nyes\n#endif`)).toEqual({ text: "yes", diags: [] });
    expect(pp(`#if (-4 >> 1u) == -2 && (-1 << 1u) < 0 && -1 > 0u\nyes\n#endif`)).toEqual({ text: "yes", diags: [] });
    expect(pp(`#if 1 && 1 / 0\n#endif`).diags[0].split("\n")[0]).toBe("t.c:1:12: error: division by zero in #if");
  });

  it("_Pragma disappears like #pragma; #line renumbers __LINE__ and renames __FILE__ (6.10.4, 6.10.9)", () => {
    expect(pp(`_Pragma("GCC diagnostic push") a\n#line 100 "x.c"\n__LINE__ __FILE__\n__LINE__\n#line 7\n__LINE__ __FILE__`).text)
      .toBe('a 100 "x.c" 101 7 "x.c"');
  });

  it("names the unterminated directive as gcc does", () => {
    expect(pp(`#ifndef G\nint a;\n`).diags[0].split("\n")[0]).toBe("t.c:1:1: error: unterminated #ifndef");
    expect(pp(`#if 1\nint a;\n`).diags[0].split("\n")[0]).toBe("t.c:1:1: error: unterminated #if");
  });
});

describe("against gcc -E", () => {
  oracleIt(["gcc"])("token streams agree on a macro-heavy file", () => {
    const src = `#define CAT(a, b) a ## b
#define XCAT(a, b) CAT(a, b)
#define N 10
#define SQ(x) ((x) * (x))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define LOG(fmt, ...) printf("[%s:%d] " fmt "\\n", __FILE__, __LINE__, ##__VA_ARGS__)
#define ID(x) x
#define EMPTY
#define DEFER(x) x EMPTY
#define REC REC + 1
int XCAT(var, N) = SQ(N + 1) + MAX(SQ(2), ID(ID(3)));
void f(void) { LOG("hi"); LOG("%d", 5); REC; DEFER(ID)(7); }
#if MAX(1, 2) == 2 && SQ(3) == 9
int ok = CAT(0x, 1f);
#endif
`;
    const dir = mkdtempSync(path.join(tmpdir(), "minos-pp-"));
    writeFileSync(`${dir}/t.c`, src);
    const gcc = execFileSync("gcc", ["-E", "-P", "-undef", "-nostdinc", "t.c"], { cwd: dir, encoding: "utf8" });
    expect(pp(src).text).toBe(squash(gcc));
  });
});
