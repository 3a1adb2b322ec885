// `minos as`: assemble GNU-as-syntax source into an ELF64 relocatable object,
// for x86_64 (Intel syntax) or AArch64.

import { readFile, writeFile } from "node:fs/promises";
import { parseArch } from "../../machine/arches";
import { assemble, formatError } from "../../toolchain/asm/assemble";
import { InputError, parseFlags, UsageError, type Command } from "../command";

export const asCommand: Command = {
  name: "as",
  summary: "assemble x86_64 (Intel syntax) or AArch64 source into an ELF64 object",
  help: `usage: minos as --arch x86_64|arm64 [-o OUT.o] FILE.s

Assembles FILE.s in the syntax GNU as accepts (x86_64: .intel_syntax noprefix,
as objdump -M intel prints it; AArch64: as aarch64-linux-gnu-as accepts it)
into an ELF64 relocatable object that GNU ld and MinOS's linker can link.
Errors are printed as file:line:col: error: message, and the exit status is 1.

options:
  --arch ARCH   x86_64 or arm64 (required)
  -o FILE       output object (default: FILE with .o instead of .s)`,

  async run(args) {
    const f = parseFlags(args, { values: ["--arch", "-o"] });
    if (f.positionals.length !== 1) throw new UsageError("name one assembly file");
    if (!f.values.has("--arch")) throw new UsageError("say which architecture: --arch x86_64 or --arch arm64");
    let arch;
    try { arch = parseArch(f.values.get("--arch")!); } catch (e) { throw new UsageError((e as Error).message); }
    const file = f.positionals[0];
    let source: string;
    try { source = await readFile(file, "utf8"); } catch { throw new InputError(`${file}: cannot read it (does it exist?)`); }
    const { object, errors } = assemble(source, { arch, file });
    if (errors.length > 0) {
      for (const e of errors) process.stderr.write(formatError(e) + "\n");
      return 1;
    }
    const out = f.values.get("-o") ?? file.replace(/\.[sS]$/, "") + ".o";
    await writeFile(out, object);
    return 0;
  },
};
