// The user-mode Linux layer against Linux itself (as qemu-user provides it):
// a program built by our toolchain makes the system calls `minos run --linux`
// emulates, and must print the same under qemu and on our CPUs.
import { describe, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { build } from "../../toolchain/cc/driver";
import { runLinux } from "../../linux/run";
import { oracleIt } from "../oracles";
import { mkdtempSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const SRC = "tests/linux/programs/syscalls.c";
const QEMU = { x86_64: "qemu-x86_64", arm64: "qemu-aarch64" } as const;

describe("Linux system calls: minos run --linux vs qemu-user", () => {
  for (const arch of ["x86_64", "arm64"] as const) {
    oracleIt([QEMU[arch]])(`${arch}: brk, mmap/munmap/mprotect, uname, getrandom, write errors, writev, read, arch_prctl, ENOSYS`, () => {
      const b = build([{ name: SRC, text: readFileSync(SRC, "utf8") }], { arch, linux: true });
      expect(b.messages.filter((m) => m.includes("error"))).toEqual([]);
      const file = path.join(mkdtempSync(path.join(tmpdir(), "minos-sys-")), "sys");
      writeFileSync(file, b.exe!);
      chmodSync(file, 0o755);
      const input = "hello input\n";
      const q = spawnSync(QEMU[arch], [file], { input, encoding: "utf8" });
      const warnings: string[] = [];
      const ours = runLinux(b.exe!, { arch, stdin: new TextEncoder().encode(input), onWarning: (w) => warnings.push(w) });
      expect(ours.stdout).toBe(q.stdout);
      expect(ours.exitCode).toBe(q.status);
      expect(ours.stdout).toContain("unknown syscall -38");
      expect(warnings).toEqual(["warning: system call 999 (number 999) is not emulated; it returned -ENOSYS"]);
    });
  }
});
