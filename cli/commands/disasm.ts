// `minos disasm`: list a program's machine code the way objdump -d does,
// with our own disassemblers (Intel syntax on x86_64, the Arm syntax on A64).

import { ARCHES } from "../../machine/arches";
import { readElf, readSymbols } from "../../toolchain/elf/read";
import { SHF_EXECINSTR, STT_FUNC, STT_NOTYPE } from "../../toolchain/elf/constants";
import { parseFlags, readUserFile, UsageError, type Command } from "../command";

export const disasmCommand: Command = {
  name: "disasm",
  summary: "disassemble an ELF64 program's code (like objdump -d)",
  help: `usage: minos disasm [--section NAME] PROG.elf

Prints every instruction of PROG's executable sections with its address,
bytes and text, and the symbols that start there, as objdump -d prints them
(x86_64 in Intel syntax, as objdump -M intel).

options:
  --section NAME   only this section (default: every executable section)`,

  async run(args) {
    const f = parseFlags(args, { values: ["--section"] });
    if (f.positionals.length !== 1) throw new UsageError("name one ELF file to disassemble");
    const file = f.positionals[0];
    const elf = readElf(await readUserFile(file), file);
    const info = ARCHES[elf.machine];
    const only = f.values.get("--section");
    const sections = elf.sections.filter((s) => (only ? s.name === only : (s.flags & SHF_EXECINSTR) !== 0));
    if (only && sections.length === 0) throw new UsageError(`${file} has no section named ${only}`);
    const labels = new Map<bigint, string>();
    for (const s of readSymbols(elf)) {
      if ((s.type === STT_FUNC || s.type === STT_NOTYPE) && s.name && s.shndx !== 0) labels.set(s.value, s.name);
    }
    const out: string[] = [`\n${file}:     file format elf64-${elf.machine === "x86_64" ? "x86-64" : "littleaarch64"}\n`];
    for (const s of sections) {
      out.push(`\nDisassembly of section ${s.name}:\n`);
      const code = elf.bytes.subarray(s.offset, s.offset + s.size);
      for (let off = 0; off < code.length;) {
        const addr = s.addr + BigInt(off);
        const label = labels.get(addr);
        if (label) out.push(`\n${addr.toString(16).padStart(16, "0")} <${label}>:`);
        const d = info.disassemble(code, off, addr);
        const len = Math.max(1, Math.min(d.length, code.length - off));
        const bytes = Array.from(code.subarray(off, off + len), (b) => b.toString(16).padStart(2, "0")).join(" ");
        out.push(`  ${addr.toString(16)}:\t${bytes.padEnd(elf.machine === "x86_64" ? 20 : 11)}\t${d.text}`);
        off += len;
      }
    }
    process.stdout.write(out.join("\n") + "\n");
    return 0;
  },
};
