// `minos`: one command-line tool for students, instructors and maintainers.
// Each subcommand lives in cli/commands/ and says what it does in --help.

import { InputError, UsageError, type Command } from "./command";
import { runCommand } from "./commands/run";
import { disasmCommand } from "./commands/disasm";
import { benchCommand } from "./commands/bench";
import { asCommand } from "./commands/as";
import { ldCommand } from "./commands/ld";
import { ccCommand } from "./commands/cc";
import { signCommand } from "./commands/sign";
import { bootCommand } from "./commands/boot";
import { debugCommand } from "./commands/debug";
import { chapterCommand } from "./commands/chapter";
import { checkCommand } from "./commands/check";
import { gradeCommand } from "./commands/grade";
import { exercisesCommand } from "./commands/exercises";
import { dashboardCommand } from "./commands/dashboard";
import { lessonCommand } from "./commands/lesson";

const COMMANDS: Command[] = [runCommand, debugCommand, ccCommand, asCommand, ldCommand, disasmCommand, signCommand, bootCommand, chapterCommand, lessonCommand, exercisesCommand, checkCommand, gradeCommand, dashboardCommand, benchCommand];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "minos: a teaching microkernel on emulated x86_64 and AArch64 machines",
    "",
    "usage: minos <command> [options]",
    "",
    "commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `minos <command> --help` for a command's options.",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const target = name === "help" ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    console.log(target ? target.help : overview());
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    console.error(`minos: unknown command '${name}'\n\n${overview()}`);
    return 64;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    // `minos run --help` is help, but `minos run prog --help` passes --help to prog (likewise debug).
    const firstPositional = rest.findIndex((a) => !a.startsWith("-"));
    const helpAt = rest.findIndex((a) => a === "--help" || a === "-h");
    if ((cmd.name !== "run" && cmd.name !== "debug") || firstPositional < 0 || helpAt < firstPositional) {
      console.log(cmd.help);
      return 0;
    }
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`minos ${cmd.name}: ${e.message}\n\n${cmd.help}`);
      return 64;
    }
    if (e instanceof InputError || (e instanceof Error && e.name === "ElfError")) {
      console.error(`minos ${cmd.name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

// `minos run prog | head`: when the reader goes away, stop quietly, as Unix
// tools do, instead of dying with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}

process.exitCode = await main(process.argv.slice(2));
