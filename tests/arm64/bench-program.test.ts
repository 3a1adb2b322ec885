// The AArch64 CPU on gcc -O2 integer code (tests/arm64/programs/bench.c: a
// sieve, a hash, an insertion sort, 64-bit multiply/divide): the result must
// match qemu-aarch64's. The CPU runs in a separate node process from an
// esbuild bundle, as `minos` runs it (the bundle's code is what V8 optimizes
// in real use). Its speed is `minos bench`'s business, not this test's.

import { describe, expect } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { oracleIt } from "../oracles";
import { buildSync } from "esbuild";
import { inTempDir } from "./objdump";

const it = oracleIt(["aarch64-linux-gnu-gcc", "qemu-aarch64"]);

describe("the gcc -O2 benchmark program", () => {
  it("runs from an esbuild bundle, as minos runs it, with qemu's result", () => {
    inTempDir((dir) => {
      const elf = join(dir, "bench");
      execFileSync("aarch64-linux-gnu-gcc", ["-O2", "-DROUNDS=60", "-ffreestanding", "-nostdlib", "-static",
        "-mgeneral-regs-only", "-fno-asynchronous-unwind-tables", "-Wl,-z,max-page-size=4096", "-Wl,--build-id=none",
        "-o", elf, "tests/arm64/programs/bench.c"]);
      const ref = spawnSync("qemu-aarch64", [elf]).status;
      const runner = join(dir, "bench-runner.mjs");
      buildSync({ entryPoints: ["tests/arm64/programs/bench-runner.ts"], bundle: true, platform: "node",
        format: "esm", outfile: runner, logLevel: "silent" });
      const r = JSON.parse(execFileSync("node", [runner, elf], { encoding: "utf8" })) as
        { exitCode: number; error?: string; retired: number; wallMs: number; cpuMs: number };
      expect(r.error).toBeUndefined();
      expect(r.exitCode).toBe(ref);
    });
  }, 120000);
});
