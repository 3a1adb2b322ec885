// `minos cc`: MinOS's own C compiler, assembler and linker behind one
// command, so students need no cross-compiler.

import { readFile, writeFile, chmod } from "node:fs/promises";
import { parseArch } from "../../machine/arches";
import { build } from "../../toolchain/cc/driver";
import { InputError, parseFlags, UsageError, type Command } from "../command";

export const ccCommand: Command = {
  name: "cc",
  summary: "compile C (and assemble .s) for x86_64 or arm64 into a static ELF64 program",
  help: `usage: minos cc --arch x86_64|arm64 [--linux] [-O1] [-pie | -no-pie] [-c | -S] [-I DIR] [-D NAME[=VALUE]] -o OUT FILES...

Compiles C99 (without floating point, bit-fields and VLAs) and assembles .s
files with MinOS's own toolchain, then links them with MinOS's libc into a
static ELF64 executable. The code follows the System V AMD64 / AAPCS64
calling conventions, so it links with gcc's objects and runs under qemu-user.
Errors are printed as gcc prints them (file:line:col: error: ...), and the
exit status is 1.

options:
  --arch ARCH   x86_64 or arm64 (required)
  --linux       use the Linux system-call runtime (for minos run --linux and
                qemu-user) instead of the MinOS one (<minos/syscall.h>, for
                programs that run under a chapter's kernel)
  -pie          a static position-independent executable (ET_DYN linked at 0,
                loaded at a random base; the default for MinOS programs)
  -no-pie       a fixed-address executable (ET_EXEC at 0x400000; the default
                with --linux)
  -O1           fold constant expressions and load simple operands straight
                into registers (the default, -O0, is the plain stack machine
                whose code follows the C most literally)
  -c            stop after assembling: one .o per input
  -S            stop after compiling: one .s per input
  -I DIR        search DIR for #include files
  -D NAME=VALUE define a macro (VALUE defaults to 1)
  -o FILE       the output file (required for one output)`,

  async run(args) {
    // -I and -D may repeat, so collect them before the generic parser.
    const includeDirs: string[] = [], defines: Record<string, string> = {}, rest: string[] = [];
    let optimize = 0;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const takeValue = (flag: string) => (a === flag ? args[++i] : a.slice(flag.length));
      if (a.startsWith("-I")) { const d = takeValue("-I"); if (!d) throw new UsageError("-I needs a directory"); includeDirs.push(d); }
      else if (a.startsWith("-D")) {
        const d = takeValue("-D");
        if (!d) throw new UsageError("-D needs NAME or NAME=VALUE");
        const eq = d.indexOf("=");
        defines[eq < 0 ? d : d.slice(0, eq)] = eq < 0 ? "1" : d.slice(eq + 1);
      } else if (/^-O/.test(a)) {
        if (a !== "-O0" && a !== "-O1") throw new UsageError(`${a}: MinOS's compiler has -O0 (the default) and -O1`);
        optimize = a === "-O1" ? 1 : 0;
      } else rest.push(a);
    }
    const f = parseFlags(rest, { values: ["--arch", "-o"], booleans: ["--linux", "-c", "-S", "-pie", "-no-pie"] });
    if (f.booleans.has("-pie") && f.booleans.has("-no-pie")) throw new UsageError("give -pie or -no-pie, not both");
    const pie = f.booleans.has("-pie") ? true : f.booleans.has("-no-pie") ? false : undefined;
    if (!f.values.has("--arch")) throw new UsageError("say which architecture: --arch x86_64 or --arch arm64");
    let arch;
    try { arch = parseArch(f.values.get("--arch")!); } catch (e) { throw new UsageError((e as Error).message); }
    if (f.positionals.length === 0) throw new UsageError("name the C (.c) or assembly (.s) files to build");
    const stage = f.booleans.has("-c") ? "obj" : f.booleans.has("-S") ? "asm" : "exe";
    const out = f.values.get("-o");
    if (!out && (stage === "exe" || f.positionals.length === 1)) throw new UsageError("say where the output goes: -o FILE");
    if (out && stage !== "exe" && f.positionals.length > 1) throw new UsageError("-o with -c or -S needs exactly one input file");
    const inputs = [];
    for (const name of f.positionals) {
      try { inputs.push({ name, text: await readFile(name, "utf8") }); } catch { throw new InputError(`${name}: No such file or directory`); }
    }
    const r = build(inputs, { arch, linux: f.booleans.has("--linux"), includeDirs, defines, stage, optimize, pie });
    for (const m of r.messages) process.stderr.write(m + "\n");
    if (!r.ok) return 1;
    if (r.exe) {
      await writeFile(out!, r.exe);
      await chmod(out!, 0o755);
    } else {
      for (const o of r.outputs!) {
        await writeFile(out ?? o.name.replace(/\.[cs]$/, stage === "obj" ? ".o" : ".s"), o.data);
      }
    }
    return 0;
  },
};
