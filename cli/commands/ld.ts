// `minos ld`: link ELF64 objects and archives into a static executable.

import { writeFile, chmod } from "node:fs/promises";
import { parseArch } from "../../machine/arches";
import { link } from "../../toolchain/ld/link";
import { parseFlags, readUserFile, UsageError, type Command } from "../command";

export const ldCommand: Command = {
  name: "ld",
  summary: "link ELF64 objects (.o) and archives (.a) into a static executable",
  help: `usage: minos ld --arch x86_64|arm64 [-pie] [-o OUT] [-e SYMBOL] FILES...

Links relocatable objects and ar archives into one static ELF64 executable:
text, read-only data and data in separate page-aligned segments (R+X, R, R+W),
a non-executable stack, and a symbol table for debuggers. Archive members are
linked only when they define a symbol that is still undefined. Errors name the
symbol and the file (undefined reference, multiple definition).

options:
  --arch ARCH   x86_64 or arm64 (required)
  -o FILE       output executable (default a.out)
  -e SYMBOL     entry point (default _start)
  -pie          a static position-independent executable: ET_DYN linked at 0,
                with a RELATIVE relocation (in .rela.dyn, found through
                PT_DYNAMIC) for every pointer in initialized data
  -no-pie       a fixed-address ET_EXEC at 0x400000 (the default)`,

  async run(args) {
    const f = parseFlags(args, { values: ["--arch", "-o", "-e"], booleans: ["-pie", "-no-pie"] });
    if (!f.values.has("--arch")) throw new UsageError("say which architecture: --arch x86_64 or --arch arm64");
    if (f.positionals.length === 0) throw new UsageError("name the objects to link");
    let arch;
    try { arch = parseArch(f.values.get("--arch")!); } catch (e) { throw new UsageError((e as Error).message); }
    const inputs = [];
    for (const name of f.positionals) inputs.push({ name, bytes: await readUserFile(name) });
    const r = link(inputs, { arch, entry: f.values.get("-e"), pie: f.booleans.has("-pie") && !f.booleans.has("-no-pie") });
    if (!r.elf) {
      for (const e of r.errors) process.stderr.write(`minos ld: ${e}\n`);
      return 1;
    }
    const out = f.values.get("-o") ?? "a.out";
    await writeFile(out, r.elf);
    await chmod(out, 0o755);
    return 0;
  },
};
