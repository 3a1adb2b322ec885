// `minos debug --linux`: the terminal debugger on a user-mode Linux program.

import { parseFlags, readUserFile, UsageError, type Command, archFor } from "../command";

export const debugCommand: Command = {
  name: "debug",
  summary: "step through a static Linux ELF64 program in the terminal debugger",
  help: `usage: minos debug --linux [--arch x86_64|arm64] [--stdin FILE] [--seed S] PROG [ARGS...]

Opens the terminal debugger on PROG, a static Linux ELF64 executable, running
in user mode on MinOS's emulated CPU exactly as \`minos run --linux\` runs it.
Panes show the registers (changes highlighted), the disassembly around the PC
with symbols and breakpoints, the address space and physical frames, the
program's output, and a short help. Press ? inside for the keys: s steps,
S steps back, n runs to the next system call, c continues, b sets a
breakpoint, q quits.

The debugger needs a terminal; the program's standard input is empty unless
you give --stdin FILE (the keyboard belongs to the debugger).

options:
  --linux        required: run with the Linux system-call layer
  --arch ARCH    x86_64 or arm64 (default: the ELF file's own)
  --stdin FILE   the program's standard input
  --seed S       seed for AT_RANDOM and getrandom (default 1)`,

  async run(args) {
    const f = parseFlags(args, { values: ["--arch", "--stdin", "--seed"], booleans: ["--linux"], stopAtPositional: true });
    if (!f.booleans.has("--linux")) throw new UsageError("only Linux programs can be debugged directly for now: add --linux (chapters open the debugger with `npm run chapter N`)");
    const [prog, ...progArgs] = f.positionals;
    if (!prog) throw new UsageError("name the program to debug");
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      process.stderr.write(`minos debug: the debugger needs a terminal (stdin and stdout must be a TTY); to just run the program use \`minos run --linux ${prog}\`\n`);
      return 2;
    }
    const bytes = await readUserFile(prog);
    const stdin = f.values.has("--stdin") ? await readUserFile(f.values.get("--stdin")!) : new Uint8Array(0);
    const seed = f.values.has("--seed") ? Number(f.values.get("--seed")) : 1;
    if (!Number.isInteger(seed)) throw new UsageError("--seed needs a whole number");
    const arch = archFor(f.values.get("--arch"), bytes, prog);
    // Loaded lazily: Ink and React are only needed when the debugger opens.
    const { LinuxSession } = await import("../../tui/linux-session");
    const { openDebugger } = await import("../../tui/main");
    const session = new LinuxSession(bytes, { arch, argv: [prog, ...progArgs], stdin, seed, name: prog });
    await openDebugger(session);
    // The screen is given back; end now rather than wait for any timer or
    // stdin listener left behind, so the shell prompt returns at once.
    process.stdin.pause();
    process.exit(0);
  },
};

