// Whole gcc programs on our CPU vs qemu-aarch64: the C snippets (c-snippets.ts)
// compiled at -O0 and -O2 must exit with the status qemu reports, and
// programs/stress.c (VLAs, 128-bit division in libgcc, computed goto,
// libgcc's atomics on both their LSE and LDXR/STXR paths, ...) built with the
// conformance runtime at -O0..-O3 and -Os must print what it prints under
// qemu. (tests/conformance runs the whole conformance corpus this way.)

import { describe, expect, it as vitestIt } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { oracleIt } from "../oracles";
import { compile, disasmMismatches, inTempDir, readBytes } from "./objdump";
import { C_SNIPPETS } from "./c-snippets";
import { runLinux } from "../../linux/run";

const it = oracleIt(["aarch64-linux-gnu-gcc", "aarch64-linux-gnu-objdump", "qemu-aarch64"]);

describe("gcc programs vs qemu-aarch64", () => {
  for (const opt of ["-O0", "-O2"]) {
    it(`C snippets at ${opt} exit as under qemu`, () => {
      inTempDir((dir) => {
        const elf = compile(dir, C_SNIPPETS, opt);
        const ref = spawnSync("qemu-aarch64", [elf]);
        const r = runLinux(readBytes(elf), { arch: "arm64", ramSize: 64 << 20 });
        expect(r.error).toBeUndefined();
        expect(r.exitCode).toBe(ref.status);
      });
    }, 60000);
  }

  const rt = "conformance/rt";
  const haveRt = existsSync(join(rt, "rt.c"));
  for (const opt of ["-O0", "-O1", "-O2", "-O3", "-Os"]) {
    (haveRt ? it : vitestIt.skip)(`stress.c at ${opt} prints and exits as under qemu, disassembles as objdump${haveRt ? "" : " (skipped: conformance/rt missing)"}`, () => {
      inTempDir((dir) => {
        const elf = join(dir, "stress");
        execFileSync("aarch64-linux-gnu-gcc", ["-ffreestanding", "-nostdlib", "-static", "-fno-pie", "-no-pie",
          "-mgeneral-regs-only", "-fno-stack-protector", "-fno-asynchronous-unwind-tables", "-fno-builtin",
          "-Wl,--build-id=none", "-Wl,-z,max-page-size=4096", `-I${rt}`, opt, "-o", elf,
          join(rt, "start_arm64.S"), join(rt, "rt.c"), "tests/arm64/programs/stress.c", "-lgcc"]);
        const ref = spawnSync("qemu-aarch64", [elf], { encoding: "utf8" });
        const r = runLinux(readBytes(elf), { arch: "arm64", ramSize: 64 << 20 });
        expect(r.error).toBeUndefined();
        expect(r.stdout).toBe(ref.stdout);
        expect(r.exitCode).toBe(ref.status);
        expect(disasmMismatches(elf).slice(0, 20)).toEqual([]);
      });
    }, 60000);
  }
});
