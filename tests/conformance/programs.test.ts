// The conformance corpus on our CPUs: every C program in conformance/src,
// compiled by gcc for x86_64 and arm64 at -O0 and -O2, must print exactly
// what it printed under qemu-user and exit with the same status.
//
// Suite 1 needs no tools: it runs the committed ELFs (conformance/fixtures)
// with linux/run.ts and compares with the committed .expected files.
// Suite 2 is oracle-backed: it rebuilds every program with the real
// compilers, checks qemu still prints the committed .expected (so the
// fixtures are not stale), and runs any freshly built ELF that differs from
// the committed one on our CPUs as well.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Arch } from "../../machine/core/cpu";
import { oracleIt, requireOraclesNote } from "../oracles";
import { ARCH_LIST, expectedOf, listFixtures, outcome, ROOT, type Fixture } from "./fixtures";

type RunLinux = (elf: Uint8Array, opts: { arch: Arch; argv?: string[]; maxInstructions?: number }) =>
  { exitCode: number; stdout: string; stderr: string; retired: number; error?: string };

let runner: RunLinux | undefined;
async function getRunner(): Promise<RunLinux> {
  if (!runner) {
    try {
      runner = (await import("../../linux/run")).runLinux as RunLinux;
    } catch (e) {
      throw new Error(`linux/run.ts or a CPU cannot be loaded yet: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  return runner;
}

/** Run one ELF on our CPU; the failure message carries the emulator's own error. */
async function check(f: Fixture, bytes = readFileSync(f.elf)): Promise<void> {
  const run = await getRunner();
  const r = run(bytes, { arch: f.arch, argv: ["prog"], maxInstructions: 200_000_000 });
  const want = expectedOf(f);
  expect(outcome(want, r), `${f.arch} ${f.name} (${r.retired} instructions)`).toBe(want);
}

for (const arch of ARCH_LIST) {
  describe(`conformance programs on our ${arch} CPU`, () => {
    const fixtures = listFixtures(arch);
    it("has fixtures", () => expect(fixtures.length).toBeGreaterThan(40));
    for (const f of fixtures) it(f.name, () => check(f));
  });
}

const TOOLS = ["gcc", "aarch64-linux-gnu-gcc", "qemu-x86_64", "qemu-aarch64"];
const NOTE = requireOraclesNote(TOOLS);
if (NOTE) console.log(NOTE);

/**
 * Optimisation levels for the rebuild. MINOS_CONFORMANCE_OPTS=-O0,-O1,-O2,-Os,-O3
 * adds levels that are not committed: those are run on our CPUs against what
 * qemu printed for them.
 */
const OPTS = process.env.MINOS_CONFORMANCE_OPTS ?? "-O0,-O2";
const COMMITTED_OPTS = ["-O0", "-O2"];

describe("conformance programs rebuilt with the real compilers", () => {
  oracleIt(TOOLS)(`rebuild (${OPTS}): qemu output matches the committed .expected, fresh ELFs run on our CPUs`, async () => {
    const out = mkdtempSync(join(tmpdir(), "minos-conformance-"));
    try {
      const b = spawnSync("node", [join(ROOT, "build.mjs"), "--out", out, "--opts", OPTS], { encoding: "utf8", timeout: 900_000 });
      expect(b.status, `conformance/build.mjs failed:\n${b.stderr}`).toBe(0);
      const stale: string[] = [], fresh: Fixture[] = [];
      for (const arch of ARCH_LIST) {
        for (const dir of ["", "lockstep"]) {
          for (const f of listFixtures(arch, dir, out)) {
            const committed = join(ROOT, "fixtures", dir, arch, `${f.name}.elf`);
            if (!existsSync(committed)) {
              if (dir === "" && !COMMITTED_OPTS.some((o) => f.name.endsWith(o))) fresh.push(f);
              else stale.push(`${arch}/${dir}${f.name}: not committed`);
              continue;
            }
            const want = readFileSync(join(ROOT, "fixtures", dir, arch, `${f.name}.expected`), "latin1");
            if (expectedOf(f) !== want) stale.push(`${arch}/${dir}${f.name}: qemu now prints something else`);
            if (dir === "" && !readFileSync(committed).equals(readFileSync(f.elf))) fresh.push(f);
          }
        }
      }
      expect(stale, "committed fixtures are stale: run `node conformance/build.mjs`").toEqual([]);
      const failures: string[] = [];
      for (const f of fresh) {
        try { await check(f); } catch (e) { failures.push((e as Error).message.split("\n")[0]); }
      }
      expect(failures, `${failures.length} of ${fresh.length} freshly built programs differ on our CPUs`).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 1_800_000);
});
