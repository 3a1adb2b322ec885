// How fast MinOS's own toolchain compiles C: the whole C corpus
// (tests/cc/programs/*.c) through the front end, each arch's code generator
// and that arch's assembler, timed with the wall clock (the benchmark is the
// only place MinOS reads it). Linking is left out: it is per program, not
// per line. The result is milliseconds per thousand source lines, both
// arches together.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { assemble } from "../toolchain/asm/assemble";
import { compileToAsm } from "../toolchain/cc/compile";
import { formatDiagnostic } from "../toolchain/cc/diag";
import type { CcArch } from "../toolchain/cc/frontend";
import { projectRoot } from "../toolchain/util/root";

export interface CompileBench {
  /** Source lines compiled (the corpus's .c files and its own headers), counted once. */
  lines: number;
  /** Wall-clock seconds for compiling and assembling all of them for both arches. */
  seconds: number;
  /** Milliseconds per thousand lines, both arches included. */
  msPerKLine: number;
}

const read = (p: string): string | undefined => {
  try { return readFileSync(p, "utf8"); } catch { return undefined; }
};

export function benchCompile(): CompileBench {
  const root = projectRoot();
  const dir = path.join(root, "tests", "cc", "programs");
  const files = readdirSync(dir).filter((f) => f.endsWith(".c")).sort();
  const sources = files.map((f) => ({ name: path.join(dir, f), text: readFileSync(path.join(dir, f), "utf8") }));
  const headers = readdirSync(dir).filter((f) => f.endsWith(".h")).map((f) => readFileSync(path.join(dir, f), "utf8"));
  const lines = [...sources.map((s) => s.text), ...headers].reduce((n, t) => n + t.split("\n").length - (t.endsWith("\n") ? 1 : 0), 0);
  const systemIncludeDir = path.join(root, "toolchain", "libc", "include");

  const compileAll = () => {
    for (const arch of ["x86_64", "arm64"] as CcArch[]) {
      for (const s of sources) {
        const r = compileToAsm(s.name, s.text, { arch, systemIncludeDir, resolver: { read } });
        if (!r.asm) throw new Error(`benchCompile: ${s.name} does not compile:\n${r.diagnostics.map(formatDiagnostic).join("\n")}`);
        const a = assemble(r.asm, { arch, file: `${s.name} (generated assembly)` });
        if (a.errors.length) throw new Error(`benchCompile: ${s.name} (${arch}) does not assemble: ${a.errors.length} errors`);
      }
    }
  };
  compileAll();                      // warm-up: let V8 compile the compiler first
  const start = performance.now();
  compileAll();
  const seconds = (performance.now() - start) / 1000;
  return { lines, seconds, msPerKLine: (seconds * 1000) / (lines / 1000) };
}
