// The shape of a `minos` subcommand, and the argument parsing they share.
//
// A user's mistake (a wrong flag, a missing file, a bad ELF) becomes a
// UsageError: main prints its message and the command's usage, and exits
// with status 64 (EX_USAGE) — never a JavaScript stack trace.

import { readElf } from "../toolchain/elf/read";
import { parseArch } from "../machine/arches";

export interface Command {
  name: string;
  /** One line for `minos --help`. */
  summary: string;
  /** The full `minos NAME --help` text. */
  help: string;
  /** Returns the process exit status. */
  run(args: string[]): Promise<number> | number;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface FlagSpec {
  /** Flags that take a value, e.g. ["--arch", "-o"]. */
  values?: string[];
  /** Flags that are on or off, e.g. ["--linux"]. */
  booleans?: string[];
  /** Stop at the first positional argument: the rest belongs to a program (minos run). */
  stopAtPositional?: boolean;
}

export interface ParsedFlags {
  values: Map<string, string>;
  booleans: Set<string>;
  positionals: string[];
}

/** Parse `args` against `spec`; unknown flags are errors that name the flag. */
export function parseFlags(args: string[], spec: FlagSpec): ParsedFlags {
  const out: ParsedFlags = { values: new Map(), booleans: new Set(), positionals: [] };
  const values = new Set(spec.values ?? []), booleans = new Set(spec.booleans ?? []);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") { out.positionals.push(...args.slice(i + 1)); break; }
    if (a.startsWith("-") && a !== "-") {
      const eq = a.indexOf("=");
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (values.has(name)) {
        const v = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) throw new UsageError(`${name} needs a value`);
        out.values.set(name, v);
      } else if (booleans.has(name) && eq < 0) {
        out.booleans.add(name);
      } else {
        throw new UsageError(`unknown option '${a}'`);
      }
      continue;
    }
    if (spec.stopAtPositional) { out.positionals.push(...args.slice(i)); break; }
    out.positionals.push(a);
  }
  return out;
}

/** A problem with the user's input files (missing, unreadable, wrong format). */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** Read a file the user named, or explain why it cannot be read. */
export async function readUserFile(file: string): Promise<Uint8Array> {
  const { readFile } = await import("node:fs/promises");
  try {
    return new Uint8Array(await readFile(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(`${file}: no such file`);
    if (code === "EISDIR") throw new InputError(`${file} is a directory, not a program`);
    throw new InputError(`${file}: cannot read it (${code ?? String(e)})`);
  }
}

/** The architecture a program is built for, from its ELF header (e_machine). */
export function programArch(bytes: Uint8Array, name: string): "x86_64" | "arm64" {
  return readElf(bytes, name).machine;
}

/** The --arch flag if given (a usage error if unknown), else the program's own architecture. */
export function archFor(flag: string | undefined, bytes: Uint8Array, name: string): "x86_64" | "arm64" {
  if (flag === undefined) return programArch(bytes, name);   // a bad file is an input error, not a usage one
  try {
    return parseArch(flag);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
