// The chapter 01 loader against ELF files it did not make: the same user
// programs assembled and linked by GNU binutils (as, ld; the aarch64 cross
// tools for arm64) load and run exactly as our own toolchain's do. Skipped,
// saying why, when binutils are not installed (MINOS_REQUIRE_ORACLES=1 fails).

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect } from "vitest";
import { projectRoot } from "../../../toolchain/util/root";
import { oracleIt } from "../../oracles";
import { archReady, boot, kernelLines } from "./kit";

const TOOLS = { x86_64: ["as", "ld"], arm64: ["aarch64-linux-gnu-as", "aarch64-linux-gnu-ld"] } as const;

function gnuBuild(arch: keyof typeof TOOLS, name: string): Uint8Array {
  const dir = mkdtempSync(path.join(tmpdir(), "minos-ch01-gnu-"));
  const src = path.join(projectRoot(), "chapters", "01-boot", "user", `${name}.${arch}.s`);
  const [as, ld] = TOOLS[arch];
  execFileSync(as, ["-o", path.join(dir, `${name}.o`), src]);
  execFileSync(ld, ["-static", "-o", path.join(dir, name), path.join(dir, `${name}.o`)]);
  return new Uint8Array(readFileSync(path.join(dir, name)));
}

for (const arch of ["x86_64", "arm64"] as const) {
  describe.skipIf(!archReady(arch))(`chapter 01 loads GNU ld's executables (${arch})`, () => {
    oracleIt([...TOOLS[arch]])("hello, fault and badptr built by binutils behave as ours do", () => {
      const modules = ["hello", "fault", "badptr"].map((n) => ({ name: n, bytes: gnuBuild(arch, n) }));
      const run = boot(arch, { modules });
      expect(kernelLines(run)).toContain("hello, world from user mode");
      expect(run.kernel!.state.threads.map((t) => [t.name, t.exitStatus])).toEqual([["hello", 0], ["fault", 139], ["badptr", 114]]);
      expect(run.result.status).toBe(0);
    });
  });
}
