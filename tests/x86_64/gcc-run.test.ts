// gcc output runs the same on our CPU as on qemu-x86_64: the C snippets of
// disasm-snippets.ts (arithmetic, bit tricks, switch tables, string loops,
// struct copies, TLS, atomics, recursion) end with exit(r) where r mixes
// every result, so one exit status checks them all.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { runLinux } from "../../linux/run";
import { oracleIt } from "../oracles";
import { C_SOURCE } from "./disasm-snippets";

const CFLAGS = ["-ffreestanding", "-nostdlib", "-static", "-fno-pie", "-no-pie", "-mgeneral-regs-only"];

describe("x86_64 runs gcc output like qemu-x86_64", () => {
  for (const opt of ["-O0", "-O1", "-O2", "-Os"]) {
    oracleIt(["gcc", "qemu-x86_64"])(`gcc ${opt}`, () => {
      const dir = mkdtempSync(join(tmpdir(), "minos-x86run-"));
      writeFileSync(join(dir, "t.c"), C_SOURCE);
      execFileSync("gcc", [opt, ...CFLAGS, "-o", join(dir, "t"), join(dir, "t.c")]);
      const q = spawnSync("qemu-x86_64", [join(dir, "t")]);
      const ours = runLinux(new Uint8Array(readFileSync(join(dir, "t"))), { arch: "x86_64", ramSize: 64 << 20 });
      expect(ours.error).toBeUndefined();
      expect(ours.exitCode).toBe(q.status);
    });
  }
});
