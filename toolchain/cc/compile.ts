// The compiler from C source to assembly text for one arch: the front end,
// then that arch's code generator. (`minos cc` adds assembling and linking.)

import type { Diagnostic } from "./diag";
import { frontEnd, type FrontEndOptions } from "./frontend";
import { generateArm64 } from "./gen-arm64";
import { generateX86 } from "./gen-x86_64";

export interface CompileResult { asm?: string; diagnostics: Diagnostic[] }

export function compileToAsm(path: string, text: string, opts: FrontEndOptions & { optimize?: number }): CompileResult {
  const fe = frontEnd(path, text, opts);
  if (!fe.program) return { diagnostics: fe.diagnostics };
  try {
    const asm = opts.arch === "x86_64" ? generateX86(fe.program, opts.optimize ?? 0) : generateArm64(fe.program, opts.optimize ?? 0);
    return { asm, diagnostics: fe.diagnostics };
  } catch (e) {
    // The code generators recurse over expression trees: a sum of thousands
    // of terms is a tree thousands deep, and can exhaust JavaScript's stack.
    if (!(e instanceof RangeError && /call stack/i.test(e.message))) throw e;
    return { diagnostics: [...fe.diagnostics, { severity: "error", message: `${path}: an expression is nested too deeply for MinOS's code generator` }] };
  }
}
