// `minos cc` without the command line: C and assembly files in, an object,
// assembly text or a static executable out (a static PIE by
// default for MinOS programs, a fixed-address one for the Linux runtime). Compiles with our compiler,
// assembles with our assemblers, links with our linker against MinOS's libc
// (compiled on first use and kept for the life of the process).

import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { assemble, formatError } from "../asm/assemble";
import { link } from "../ld/link";
import { writeArchive } from "../ld/archive";
import { projectRoot } from "../util/root";
import { compileToAsm } from "./compile";
import { formatDiagnostic } from "./diag";
import type { CcArch } from "./frontend";

export interface BuildOptions {
  arch: CcArch;
  /** Link with the Linux system-call runtime (for `minos run --linux` and qemu-user) instead of MinOS's. */
  linux: boolean;
  includeDirs?: string[];
  defines?: Record<string, string>;
  /** What to produce: an executable (default), one object per input (-c), or assembly (-S). */
  stage?: "exe" | "obj" | "asm";
  /** 0 (default): the plain stack machine; 1: constants folded, simple operands loaded directly. */
  optimize?: number;
  /**
   * Link a static position-independent executable (ET_DYN at 0, loaded at a
   * random base; toolchain/ld/pie.ts). The default for MinOS programs (-pie);
   * Linux-runtime builds default to a fixed-address ET_EXEC (-no-pie) and may ask for -pie.
   */
  pie?: boolean;
}

export interface SourceInput { name: string; text: string }

export interface BuildResult {
  /** The executable (exe), or one output per input (obj: object bytes, asm: text). */
  exe?: Uint8Array;
  outputs?: { name: string; data: Uint8Array | string }[];
  /** gcc-style messages: errors, warnings, and link errors. */
  messages: string[];
  ok: boolean;
}

const read = (p: string): string | undefined => {
  try { return readFileSync(p, "utf8"); } catch { return undefined; }
};

function libcDir(): string { return path.join(projectRoot(), "toolchain", "libc"); }

/** Compile one C file or assemble one .s file to an object. */
function toObject(input: SourceInput, opts: BuildOptions, messages: string[]): { asm?: string; obj?: Uint8Array } {
  let asm = input.text;
  if (input.name.endsWith(".c")) {
    const defines = { ...(opts.linux ? { __MINOS_LINUX_ABI__: "1" } : {}), ...opts.defines };
    const r = compileToAsm(input.name, input.text, {
      arch: opts.arch, includeDirs: opts.includeDirs, defines, optimize: opts.optimize,
      systemIncludeDir: path.join(libcDir(), "include"), resolver: { read },
    });
    messages.push(...r.diagnostics.map(formatDiagnostic));
    if (!r.asm) return {};
    asm = r.asm;
  } else if (!/\.s$/i.test(input.name)) {
    messages.push(`minos cc: ${input.name}: unknown file type (give .c or .s files)`);
    return {};
  }
  if (opts.stage === "asm") return { asm };
  const a = assemble(asm, { arch: opts.arch, file: input.name.endsWith(".c") ? `${input.name} (generated assembly)` : input.name });
  if (a.errors.length) {
    messages.push(...a.errors.map(formatError));
    return {};
  }
  return { asm, obj: a.object };
}

const libcCache = new Map<string, { name: string; bytes: Uint8Array }[]>();

/** MinOS's libc for an arch and runtime, as objects (built once per process). */
export function libcObjects(arch: CcArch, linux: boolean): { name: string; bytes: Uint8Array }[] {
  const key = `${arch}/${linux}`;
  const hit = libcCache.get(key);
  if (hit) return hit;
  const dir = libcDir();
  const sources = [
    path.join(dir, "arch", arch, "crt0.s"),
    ...readdirSync(path.join(dir, "src")).filter((f) => f.endsWith(".c")).sort().map((f) => path.join(dir, "src", f)),
  ];
  const messages: string[] = [];
  const objs = sources.map((f) => {
    // libc is always built with -O1: every program spends much of its time there.
    const o = toObject({ name: f, text: readFileSync(f, "utf8") }, { arch, linux, stage: "obj", optimize: 1 }, messages);
    return { name: `libc(${path.basename(f)})`, bytes: o.obj! };
  });
  if (objs.some((o) => !o.bytes)) throw new Error(`internal error: MinOS's libc does not build for ${arch}:\n${messages.join("\n")}`);
  libcCache.set(key, objs);
  return objs;
}

const archiveCache = new Map<string, { name: string; bytes: Uint8Array }>();

/** libc.a for an arch and runtime (crt0 included: `_start` pulls it in). */
export function libcArchive(arch: CcArch, linux: boolean): { name: string; bytes: Uint8Array } {
  const key = `${arch}/${linux}`;
  let a = archiveCache.get(key);
  if (a === undefined) {
    a = { name: "libc.a", bytes: writeArchive(libcObjects(arch, linux).map((o) => ({ name: o.name.replace(/^libc\((.*)\)$/, "$1").replace(/\.[cs]$/, ".o"), data: o.bytes }))) };
    archiveCache.set(key, a);
  }
  return a;
}

export function build(inputs: SourceInput[], opts: BuildOptions): BuildResult {
  const messages: string[] = [];
  const results = inputs.map((i) => ({ name: i.name, ...toObject(i, opts, messages) }));
  const failed = results.some((r) => (opts.stage === "asm" ? !r.asm : !r.obj));
  if (failed) return { messages, ok: false };
  if (opts.stage === "asm") return { outputs: results.map((r) => ({ name: r.name, data: r.asm! })), messages, ok: true };
  if (opts.stage === "obj") return { outputs: results.map((r) => ({ name: r.name, data: r.obj! })), messages, ok: true };
  // libc as an archive: only the members a program needs are linked (and a program may name its own
  // function like one libc has but it does not use).
  const l = link([...results.map((r) => ({ name: r.name.replace(/\.[cs]$/, ".o"), bytes: r.obj! })), libcArchive(opts.arch, opts.linux)], { arch: opts.arch, pie: opts.pie ?? !opts.linux });
  if (!l.elf) return { messages: [...messages, ...l.errors.map((e) => `minos ld: ${e}`)], ok: false };
  return { exe: l.elf, messages, ok: true };
}
