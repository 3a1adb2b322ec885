// Programs MinOS's C compiler must reject, with gcc's words where gcc says the
// same thing (tests/cc/rejected/*.c). Each file's first line names the exact
// first error:  // expect-error: FILE:LINE:COL: error: MESSAGE
// and optionally the least number of errors a file with several independent
// mistakes must produce:  // expect-count: N
// A student's mistake must give a clear message with the source line and a
// caret under the place, never a JavaScript stack trace.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { build } from "../../toolchain/cc/driver";

const DIR = "tests/cc/rejected";
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".c")).sort();

describe("pathological nesting: a diagnostic, not JavaScript's stack overflow", () => {
  // Where the stack runs out depends on the machine, so only the message is checked.
  const cases: [string, string][] = [
    ["5000 nested parentheses", `int f(void) { return ${"(".repeat(5000)}1${")".repeat(5000)}; }`],
    ["3000 nested ?:", `int f(int x) { return ${"x ? ".repeat(3000)}1${" : 0".repeat(3000)}; }`],
    ["a sum of 30000 terms", `int f(int x) { return ${Array(30000).fill("x").join(" + ")}; }`],
  ];
  for (const [what, text] of cases) {
    it(what, () => {
      const r = build([{ name: "deep.c", text }], { arch: "x86_64", linux: true, stage: "asm" });
      expect(r.ok).toBe(false);
      expect(r.messages.join("\n")).toMatch(/nested too deeply/);
    });
  }
});

describe("rejected programs: clear, gcc-style errors", () => {
  it("has at least 25 of them", () => expect(FILES.length).toBeGreaterThanOrEqual(25));
  for (const file of FILES) {
    const text = readFileSync(path.join(DIR, file), "utf8");
    const expected = /^\/\/ expect-error: (.*)$/m.exec(text)?.[1];
    const count = Number(/^\/\/ expect-count: (\d+)$/m.exec(text)?.[1] ?? 1);
    for (const arch of ["x86_64", "arm64"] as const) {
      it(`${file} (${arch}): ${expected ?? "(no expect-error line)"}`, () => {
        expect(expected, "the file needs an // expect-error: line").toBeDefined();
        const r = build([{ name: file, text }], { arch, linux: true });
        expect(r.ok).toBe(false);
        expect(r.exe).toBeUndefined();
        const all = r.messages.join("\n");
        expect(all).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)|TypeError|ReferenceError|internal error/);   // no JS stack trace
        const errors = r.messages.filter((m) => /^[^\n]*: (fatal )?error: /.test(m));
        expect(errors.length).toBeGreaterThanOrEqual(count);
        const [first, source, caret] = errors[0].split("\n");
        expect(first).toBe(expected);
        // The offending line, then a caret under the column (gcc's layout: " LINE | text", "      |   ^").
        const [, line, col] = /^[^:]+:(\d+):(\d+):/.exec(first)!;
        const srcLine = text.split("\n")[Number(line) - 1];
        expect(source).toBe(`${line.padStart(5)} | ${srcLine}`);
        expect(caret).toMatch(/^\s+\| *\^/);
        expect(caret.indexOf("^") - caret.indexOf("|") - 2).toBe(Number(col) - 1);
      });
    }
  }
});
