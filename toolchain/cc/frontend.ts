// The compiler's front end: preprocess, then parse into a typed AST.
// The code generators (one per arch) take the Program it returns.

import type { Program } from "./ast";
import { CompileError, Diagnostics, fatal, type Diagnostic } from "./diag";
import { Preprocessor, type IncludeResolver } from "./preprocess";
import { parse, type Target } from "./parse-stmt";

export type CcArch = "x86_64" | "arm64";

export interface FrontEndOptions {
  arch: CcArch;
  /** -I directories, searched before the bundled libc headers. */
  includeDirs?: string[];
  /** -D NAME=VALUE */
  defines?: Record<string, string>;
  /** Where the bundled headers (toolchain/libc/include) are. */
  systemIncludeDir: string;
  resolver: IncludeResolver;
}

export function target(arch: CcArch): Target {
  return { arch, charSigned: arch === "x86_64" };       // SysV: char is signed; AAPCS64: unsigned
}

/** What the compiler predefines, as gcc would for the same target (LP64, little-endian). */
export function targetMacros(arch: CcArch): Record<string, string> {
  const common: Record<string, string> = {
    __STDC__: "1", __STDC_VERSION__: "199901L", __STDC_HOSTED__: "1", __minos__: "1",
    __LP64__: "1", _LP64: "1", __CHAR_BIT__: "8", __SIZEOF_SHORT__: "2", __SIZEOF_INT__: "4",
    __SIZEOF_LONG__: "8", __SIZEOF_LONG_LONG__: "8", __SIZEOF_POINTER__: "8", __SIZEOF_SIZE_T__: "8",
    __SCHAR_MAX__: "0x7f", __SHRT_MAX__: "0x7fff", __INT_MAX__: "0x7fffffff", __LONG_MAX__: "0x7fffffffffffffffL",
    __LONG_LONG_MAX__: "0x7fffffffffffffffLL", __SIZE_TYPE__: "long unsigned int", __PTRDIFF_TYPE__: "long int",
    __ORDER_LITTLE_ENDIAN__: "1234", __ORDER_BIG_ENDIAN__: "4321", __BYTE_ORDER__: "__ORDER_LITTLE_ENDIAN__",
    // Fixed, so that the same source always compiles to the same bytes.
    __DATE__: '"Jan  1 1970"', __TIME__: '"00:00:00"',
  };
  if (arch === "x86_64") return { ...common, __x86_64__: "1", __x86_64: "1", __amd64__: "1", __amd64: "1" };
  return { ...common, __aarch64__: "1", __ARM_64BIT_STATE: "1", __CHAR_UNSIGNED__: "1" };
}

/**
 * GCC's bit-counting builtins, which real code uses, are ordinary functions
 * here: declared before every translation unit, defined in MinOS's libc.
 */
const PRELUDE = `
int __builtin_popcount(unsigned int); int __builtin_popcountl(unsigned long); int __builtin_popcountll(unsigned long long);
int __builtin_clz(unsigned int); int __builtin_clzl(unsigned long); int __builtin_clzll(unsigned long long);
int __builtin_ctz(unsigned int); int __builtin_ctzl(unsigned long); int __builtin_ctzll(unsigned long long);
unsigned short __builtin_bswap16(unsigned short); unsigned int __builtin_bswap32(unsigned int);
unsigned long __builtin_bswap64(unsigned long); void __builtin_trap(void); void __builtin_unreachable(void);
#define __builtin_expect(e, v) (e)
`;

export interface FrontEndResult { program?: Program; diagnostics: Diagnostic[] }

export function frontEnd(path: string, text: string, opts: FrontEndOptions): FrontEndResult {
  const diags = new Diagnostics();
  try {
    const pp = new Preprocessor({
      includeDirs: [...(opts.includeDirs ?? []), opts.systemIncludeDir],
      defines: opts.defines, predefined: targetMacros(opts.arch), resolver: opts.resolver,
    }, diags);
    const prelude = pp.run("<built-in>", PRELUDE);
    const tokens = [...prelude.slice(0, -1), ...pp.run(path, text)];
    if (diags.errorCount > 0) return { diagnostics: diags.list };
    const bad = tokens.find((t) => t.invalid);
    if (bad) fatal(bad.loc, bad.invalid!);
    const program = parse(tokens, diags, target(opts.arch));
    return { program: diags.errorCount > 0 ? undefined : program, diagnostics: diags.list };
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return { diagnostics: [...diags.list, e.diag] };
  }
}
