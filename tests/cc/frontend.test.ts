// The compiler front end: C's types, layouts and conversion rules checked
// against gcc, which computes the same constants for the same target.
// Each case is a static initializer; gcc -S prints the bytes it would emit,
// and our front end's static-initializer bytes must be identical.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { frontEnd, type CcArch } from "../../toolchain/cc/frontend";
import { formatDiagnostic } from "../../toolchain/cc/diag";
import { oracleIt } from "../oracles";

const SYS = "toolchain/libc/include";
const read = (p: string) => { try { return readFileSync(p, "utf8"); } catch { return undefined; } };
function compile(src: string, arch: CcArch) {
  return frontEnd("t.c", src, { arch, systemIncludeDir: SYS, resolver: { read } });
}

/** The bytes gcc emits for the object `name`, from its assembly (.byte/.value/.long/.quad/.zero/.string). */
function gccBytes(src: string, arch: CcArch, name: string): number[] {
  const dir = mkdtempSync(path.join(tmpdir(), "minos-fe-"));
  writeFileSync(`${dir}/t.c`, src);
  const cc = arch === "x86_64" ? "gcc" : "aarch64-linux-gnu-gcc";
  const asm = execFileSync(cc, ["-S", "-O0", "-ffreestanding", "-nostdinc", `-I${path.resolve(SYS)}`, "-o", "-", "t.c"], { cwd: dir, encoding: "utf8" });
  const lines = asm.split("\n");
  const start = lines.findIndex((l) => l.trim() === `${name}:`);
  const out: number[] = [];
  for (const l of lines.slice(start + 1)) {
    const m = /^\s*\.(byte|value|short|hword|2byte|long|word|4byte|quad|xword|8byte|zero|string|ascii)\s+(.*)$/.exec(l);
    if (!m) { if (/^\S+:/.test(l) || /\.size/.test(l)) break; continue; }
    const [, d, arg] = m;
    if (d === "zero") { out.push(...new Array(Number(arg)).fill(0)); continue; }
    if (d === "string" || d === "ascii") { out.push(...Buffer.from(JSON.parse(arg.replace(/\\(\d{3})/g, (_, o) => `\\u00${parseInt(o, 8).toString(16).padStart(2, "0")}`)), "latin1"), ...(d === "string" ? [0] : [])); continue; }
    const size = { byte: 1, value: 2, short: 2, hword: 2, "2byte": 2, long: 4, word: arch === "x86_64" ? 2 : 4, "4byte": 4, quad: 8, xword: 8, "8byte": 8 }[d]!;
    const v = BigInt.asUintN(size * 8, BigInt(arg));
    for (let k = 0; k < size; k++) out.push(Number((v >> BigInt(8 * k)) & 0xffn));
  }
  return out;
}

function ourBytes(src: string, arch: CcArch, name: string): number[] {
  const r = compile(src, arch);
  expect(r.diagnostics.filter((d) => d.severity !== "warning").map(formatDiagnostic)).toEqual([]);
  const obj = r.program!.globals.find((g) => g.name === name)!;
  return Array.from(obj.init!);
}

const CONSTANTS = `#include <stddef.h>
#include <limits.h>
struct a { char c; int i; char d; };
struct b { char c; long l; short s; };
struct c { struct a x; char y[3]; struct b z; };
union u { char c[5]; int i; short s; };
struct nest { int k; union { long l; char ch; }; struct { char p, q; } pq; };
struct flex { int n; char data[]; };
typedef struct { unsigned char r, g, b; } rgb;
enum colour { RED, GREEN = 5, BLUE, NEG = -3, AFTER };
long values[] = {
  sizeof(struct a), sizeof(struct b), sizeof(struct c), sizeof(union u), sizeof(struct nest), sizeof(struct flex), sizeof(rgb),
  _Alignof(struct b), offsetof(struct c, z), offsetof(struct c, y), offsetof(struct nest, pq), offsetof(struct b, s),
  -7 / 2, -7 % 3, 7 % -3, 1u - 2, 1ul - 2, (unsigned char)300, (signed char)200, (char)200, 'a' + 1, '\\xff',
  (short)70000, (unsigned short)-1, -1 < 0u, -1L < 0u, -1 < 0ul, (int)2147483648u, 0x7fffffff + 0u, 5 > 3 ? -1 : 2u,
  1 << 31, 1u << 31, -16 >> 2, (unsigned)-16 >> 2, ~0u, !5, !0, 3 && 0, 0 || 7, BLUE, AFTER, sizeof(enum colour),
  sizeof 'a', sizeof(char) + sizeof(short) + sizeof(long long) + sizeof(void *), CHAR_MIN, CHAR_MAX, INT_MIN, ULONG_MAX,
  sizeof(int[3][4]), sizeof(int (*)[7]), 0x100000000 * 3, 10000000000 / 3, 'ab',
};
char str[] = "hi\\n\\x41\\101\\0z";
char sized[6] = "abc";
int arr[] = { [4] = 9, 1, [1] = 3 };
int grid[2][3] = { 1, 2, 3, 4 };
struct c init = { { 'x', -5, 'y' }, "ab", .z.l = 77, .z.s = -2 };
union u un = { .i = 0x01020304 };
rgb colours[] = { { 1, 2, 3 }, 4, 5, 6 };
int *ptrs[3];
`;

describe("front end vs gcc", () => {
  for (const arch of ["x86_64", "arm64"] as const) {
    const cc = arch === "x86_64" ? "gcc" : "aarch64-linux-gnu-gcc";
    for (const name of ["values", "str", "sized", "arr", "grid", "init", "un", "colours"]) {
      oracleIt([cc])(`${arch}: the bytes of '${name}' (layouts, constants, conversions, initializers) are gcc's`, () => {
        expect(ourBytes(CONSTANTS, arch, name)).toEqual(gccBytes(CONSTANTS, arch, name));
      });
    }
  }
});

describe("the front end's diagnostics", () => {
  const cases: [string, string][] = [
    ["int main(void) { return x; }", "t.c:1:25: error: 'x' undeclared (first use in this function)"],
    ["int main(void) { int a = 1 return a; }", "t.c:1:28: error: expected ',' or ';' before 'return'"],
    ["int main(void) { foo(1); return 0; }", "t.c:1:18: error: implicit declaration of function 'foo' (declare it, or include the header that does)"],
    ["struct p { int x; }; int f(struct p s) { return s.y; }", "t.c:1:50: error: 'struct p' has no member named 'y'"],
    ["int f(int a, int b); int g(void) { return f(1); }", "t.c:1:43: error: too few arguments to function 'f'"],
    ["int main(void) { const int k = 1; k = 2; return k; }", "t.c:1:37: error: assignment of read-only variable 'k'"],
    ["void f(void) { break; }", "t.c:1:16: error: break statement not within loop or switch"],
    ["int f(int x) { switch (x) { case 1: case 1: return 0; } return 1; }", "t.c:1:37: error: duplicate case value"],
    ["float f;", "t.c:1:1: error: 'float' is not supported: MinOS's C has no floating point"],
    ["struct s { int a : 3; };", "t.c:1:18: error: bit-fields are not supported by MinOS's C"],
    ["int a[-1];", "t.c:1:7: error: size of array is negative"],
    // gcc 12 points at the goto on a line of its own (2:3 in tests/cc/rejected/undefined_label.c), at 1:1 here.
    ["void f(void) { goto nowhere; }", "t.c:1:16: error: label 'nowhere' used but not defined"],
    ["int main(void) { int x; x(); return 0; }", "t.c:1:25: error: called object 'x' is not a function or function pointer"],
    ["int f(void) { return 1 +; }", "t.c:1:25: error: expected expression before ';' token"],
    ["int x = (1, 2);", "t.c:1:9: error: initializer element is not constant"],
  ];
  for (const [src, first] of cases) {
    it(`rejects: ${src}`, () => {
      const r = compile(src, "x86_64");
      expect(r.program).toBeUndefined();
      expect(formatDiagnostic(r.diagnostics.find((d) => d.severity !== "warning")!).split("\n")[0]).toBe(first);
    });
  }

  it("reports several errors in one run, each with its source line and a caret", () => {
    const r = compile("int f(void) {\n  return y;\n}\nint g(void) {\n  return z;\n}\n", "arm64");
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "t.c:2:10: error: 'y' undeclared (first use in this function)\n    2 |   return y;\n      |          ^",
      "t.c:5:10: error: 'z' undeclared (first use in this function)\n    5 |   return z;\n      |          ^",
    ]);
  });
});
