// Oracle-backed tests: the real tools (qemu-user, gcc, binutils) we check
// ourselves against. On a student's machine they may be missing; then the
// test is skipped and its name says which tool is missing. CI sets
// MINOS_REQUIRE_ORACLES=1, and there a missing oracle fails the test instead:
// a conformance suite that silently skipped would prove nothing.

import { execFileSync } from "node:child_process";
import { it } from "vitest";

const cache = new Map<string, boolean>();

/** True if `name` is an executable on PATH. */
export function hasTool(name: string): boolean {
  let found = cache.get(name);
  if (found === undefined) {
    try {
      execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
      found = true;
    } catch {
      found = false;
    }
    cache.set(name, found);
  }
  return found;
}

export const requireOracles = process.env.MINOS_REQUIRE_ORACLES === "1";

type TestFn = () => unknown | Promise<unknown>;
type ItLike = (name: string, fn: TestFn, timeout?: number) => void;

/**
 * `it` when every tool is installed. Otherwise a skipped test named
 * "... (skipped: qemu-x86_64 not installed)", or, with MINOS_REQUIRE_ORACLES=1,
 * a failing one.
 */
export function oracleIt(tools: string[]): ItLike {
  const missing = tools.filter((t) => !hasTool(t));
  if (missing.length === 0) return it as unknown as ItLike;
  const why = `${missing.join(", ")} not installed`;
  if (requireOracles) {
    return (name: string) => it(name, () => {
      throw new Error(`oracle required (MINOS_REQUIRE_ORACLES=1) but ${why}; install it (see .ci/run)`);
    });
  }
  const absent = missing.length > 0;
  return (name: string, fn: TestFn, timeout?: number) => it.skipIf(absent)(`${name} (skipped: ${why})`, fn, timeout);
}

/** One line naming the tools missing from a list, for a suite's header; empty if none. */
export function requireOraclesNote(tools: string[]): string {
  const missing = tools.filter((t) => !hasTool(t));
  return missing.length ? `conformance: skipped oracle checks, not installed: ${missing.join(", ")}` : "";
}
