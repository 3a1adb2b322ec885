// Where the conformance fixtures live and how to read them (shared by the
// conformance test files). See conformance/README.md.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Arch } from "../../machine/core/cpu";
import { ExitStatus } from "../../linux/run";

export const ROOT = fileURLToPath(new URL("../../conformance/", import.meta.url));
export const FIXTURES = join(ROOT, "fixtures");
export const ARCH_LIST: Arch[] = ["x86_64", "arm64"];

export interface Fixture { arch: Arch; name: string; elf: string; expected: string }

/** The compiled C programs (`<name>-O<n>.elf`) or lockstep sequences (dir = "lockstep") for an arch. */
export function listFixtures(arch: Arch, dir = "", root = FIXTURES): Fixture[] {
  const d = join(root, dir, arch);
  if (!existsSync(d)) return [];
  return readdirSync(d).filter((f) => f.endsWith(".elf")).sort().map((f) => {
    const name = f.slice(0, -4);
    return { arch, name, elf: join(d, f), expected: join(d, `${name}.expected`) };
  });
}

/** The `.expected` text: "exit N\n" followed by stdout. */
export function expectedOf(f: Fixture): string {
  return readFileSync(f.expected, "latin1");
}

export function formatResult(exitCode: number, stdout: string): string {
  return `exit ${exitCode}\n${stdout}`;
}

/**
 * Our run, in .expected form, for comparison with `want`. The emulator's
 * error message is appended (so a failure shows it) unless the fixture is
 * *meant* to die of a signal (status >= 128) and did, with the same status.
 */
export function outcome(want: string, r: { exitCode: number; stdout: string; error?: string }): string {
  // `minos run` reports an undefined instruction with exit status 2 (as its
  // issue asks), where Linux kills the program with SIGILL (qemu: 128 + 4).
  const code = r.error !== undefined && r.exitCode === ExitStatus.Undefined ? 128 + 4 : r.exitCode;
  const text = formatResult(code, r.stdout);
  const expectedFault = code >= 128 && want.startsWith(`exit ${code}\n`);
  return r.error && !expectedFault ? `${text}\nemulator error: ${r.error}` : text;
}
