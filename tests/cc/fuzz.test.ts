// Bad input never crashes the compiler: mutated versions of real programs
// (tokens deleted, duplicated, replaced) must come back as diagnostics or
// as a program, never as a JavaScript exception. Deterministic: a fixed seed.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { build } from "../../toolchain/cc/driver";
import { tokenize } from "../../toolchain/cc/lex";
import { Prng } from "../../machine/core/prng";

const FILES = readdirSync("conformance/src").map((f) => `conformance/src/${f}`).concat("tests/cc/programs/libc_tour.c");

describe("compiler robustness", () => {
  it("200 mutated programs: only diagnostics, no exceptions", () => {
    const r = new Prng(2026);
    const crashes: string[] = [];
    let rejected = 0;
    for (let i = 0; i < 200; i++) {
      const f = FILES[r.below(FILES.length)];
      // Mutate tokens but keep the lines (directives end at a newline).
      const toks = tokenize(f, readFileSync(f, "utf8")).tokens.slice(0, -1).map((t) => ({ text: t.text, line: t.loc.line }));
      for (let k = 1 + r.below(4); k > 0; k--) {
        const at = r.below(toks.length), op = r.below(3), other = toks[r.below(toks.length)].text;
        if (op === 0) toks.splice(at, 1);
        else if (op === 1) toks.splice(at, 0, { text: other, line: toks[at].line });
        else toks[at] = { text: other, line: toks[at].line };
      }
      const lines: string[] = [];
      for (const t of toks) lines[t.line] = (lines[t.line] ?? "") + " " + t.text;
      const src = Array.from(lines, (l) => l ?? "").join("\n");
      try {
        const b = build([{ name: "fuzz.c", text: src }], { arch: i % 2 ? "x86_64" : "arm64", linux: true, includeDirs: ["conformance/rt"], stage: "obj" });
        if (!b.ok) {
          rejected++;
          expect(b.messages.some((m) => /^fuzz\.c:\d+:\d+: (fatal )?error: /.test(m) || m.startsWith("minos"))).toBe(true);
        }
      } catch (e) {
        crashes.push(`${f} #${i}: ${(e as Error).message}`);
      }
    }
    expect(crashes).toEqual([]);
    expect(rejected).toBeGreaterThan(100);                // the mutations really were mostly errors
    console.log(`fuzz: ${rejected} of 200 mutated programs rejected with diagnostics, ${200 - rejected} still compiled`);
  });
});
