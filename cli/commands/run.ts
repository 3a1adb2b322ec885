// `minos run --linux`: run a static Linux program on an emulated CPU.

import { readSync } from "node:fs";
import { runLinux } from "../../linux/run";
import { parseFlags, readUserFile, UsageError, type Command, archFor } from "../command";

export const runCommand: Command = {
  name: "run",
  summary: "run a static Linux ELF64 program on an emulated CPU (user mode)",
  help: `usage: minos run --linux [--arch x86_64|arm64] [--max-instructions N] [--stats] PROG [ARGS...]

Runs PROG, a static Linux ELF64 executable, in user mode on MinOS's emulated
CPU, with a small Linux system-call layer (read, write, exit, brk, mmap, ...),
the way qemu-user does. The program's output is its own, and so is the exit
status. If the emulator has to stop the program, it says why and where:

  exit status 2     an undefined or unsupported instruction
  exit status 139   a segmentation fault (unmapped or forbidden access)
  exit status 136   a divide error
  exit status 124   the instruction limit was reached

options:
  --linux               required: run with the Linux system-call layer
  --arch ARCH           x86_64 or arm64 (default: the ELF file's own)
  --max-instructions N  stop after N instructions (default 10 000 000 000)
  --seed S              seed for AT_RANDOM and getrandom (default 1)
  --stats               print instructions retired to stderr at exit`,

  async run(args) {
    const f = parseFlags(args, { values: ["--arch", "--max-instructions", "--seed"], booleans: ["--linux", "--stats"], stopAtPositional: true });
    if (!f.booleans.has("--linux")) throw new UsageError("only Linux programs can be run directly for now: add --linux (MinOS programs run under a chapter's kernel)");
    const [prog, ...progArgs] = f.positionals;
    if (!prog) throw new UsageError("name the program to run");
    const bytes = await readUserFile(prog);
    const arch = archFor(f.values.get("--arch"), bytes, prog);
    const max = f.values.has("--max-instructions") ? Number(f.values.get("--max-instructions")) : undefined;
    if (max !== undefined && !(Number.isInteger(max) && max > 0)) throw new UsageError("--max-instructions needs a positive whole number");
    const seed = f.values.has("--seed") ? Number(f.values.get("--seed")) : 1;
    if (!Number.isInteger(seed)) throw new UsageError("--seed needs a whole number");
    const result = runLinux(bytes, {
      arch, argv: [prog, ...progArgs], stdin: readStdinSync, maxInstructions: max, seed, name: prog,
      onStdout: (b) => process.stdout.write(b),
      onStderr: (b) => process.stderr.write(b),
      onWarning: (m) => process.stderr.write(`minos: ${m}\n`),
    });
    if (result.error) process.stderr.write(`minos: ${prog}: ${result.error}\n`);
    if (f.booleans.has("--stats")) process.stderr.write(`minos: ${result.retired} instructions retired\n`);
    return result.exitCode;
  },
};

/** The architecture an ELF file is for, from its header (e_machine). */

/** The program's read(0, ...): blocks like a real read, returns nothing at end of input. */
function readStdinSync(max: number): Uint8Array {
  const buf = new Uint8Array(Math.min(max, 65536));
  for (;;) {
    try {
      return buf.subarray(0, readSync(0, buf, 0, buf.length, null));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") continue;      // a non-blocking terminal: try again
      return new Uint8Array(0);             // closed or unreadable: end of input
    }
  }
}
