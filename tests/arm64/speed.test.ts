// How fast the AArch64 CPU runs gcc -O2 integer code (tests/arm64/programs/
// bench.c: a sieve, a hash, an insertion sort, 64-bit multiply/divide). The
// result must match qemu-aarch64's; the speed is printed, not asserted (the
// machine running the tests may be busy). The CPU runs in a separate node
// process from an esbuild bundle, as `minos` runs it; process CPU time is
// reported next to wall time because other processes share the cores.

import { describe, expect } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { oracleIt } from "../oracles";
import { buildSync } from "esbuild";
import { inTempDir } from "./objdump";

const it = oracleIt(["aarch64-linux-gnu-gcc", "qemu-aarch64"]);

describe("speed", () => {
  it("runs the gcc -O2 benchmark with qemu's result and reports instructions per second", () => {
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
      console.log(`arm64 bench: ${r.retired} instructions, ${(r.retired / r.wallMs / 1000).toFixed(1)} M/s wall, ` +
        `${(r.retired / r.cpuMs / 1000).toFixed(1)} M/s per CPU second`);
    });
  }, 120000);
});
