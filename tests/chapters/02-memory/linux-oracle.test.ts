// What Linux does is the reference for write() with bad pointers: the same
// C program (chapters/02-memory/user/badptr.c), built by gcc for Linux and
// run under qemu-user, must print exactly what it prints under MinOS
// chapter 02 - every bad buffer -EFAULT (kernel half, NULL, unmapped, a
// length that wraps, a range running off the top of the stack), and an
// untouched .bss page readable. And the programs MinOS kills for a memory
// fault (writing code, running the stack, overflowing the stack, reading the
// kernel half) are exactly the ones Linux kills with SIGSEGV (a shell shows
// 128 + 11 = 139, MinOS's exit status for them).

import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { oracleIt } from "../../oracles";
import { projectRoot } from "../../../toolchain/util/root";
import { ARCHES, archReady, bootMem } from "./kit";

const QEMU = { x86_64: "qemu-x86_64", arm64: "qemu-aarch64" } as const;
const GCC = { x86_64: "gcc", arm64: "aarch64-linux-gnu-gcc" } as const;
const USER = path.join(projectRoot(), "chapters", "02-memory", "user");
const tmp = mkdtempSync(path.join(os.tmpdir(), "minos-ch02-"));
/** The program's own lines (the NUL byte the .bss write sends is part of the output on both). */
const programLines = (text: string): string[] => text.split("\n").filter((l) => /^\x00?(kernel2?|null|unmapped|wrap|cross|bss) -?\d+$/.test(l));

describe.each(ARCHES)("badptr on %s: MinOS answers as Linux does", (arch) => {
  (archReady(arch) ? oracleIt([GCC[arch], QEMU[arch]]) : it.skip)("same lines as gcc's build under qemu-user", () => {
    const exe = path.join(tmp, `badptr.${arch}`);
    const g = spawnSync(GCC[arch], ["-static", "-O0", "-w", "-I", USER, "-o", exe, path.join(USER, "badptr.c")], { encoding: "utf8" });
    expect(g.status, g.stderr).toBe(0);
    const q = spawnSync(QEMU[arch], [exe], { encoding: "latin1" });
    expect(q.status).toBe(0);
    const linux = programLines(q.stdout);
    expect(linux.length).toBe(7);
    const ours = bootMem(arch, ["badptr"]);
    expect(programLines(ours.console)).toEqual(linux);
  }, 60_000);
});

describe.each(ARCHES)("memory faults on %s: MinOS kills what Linux kills", (arch) => {
  (archReady(arch) ? oracleIt([GCC[arch], QEMU[arch]]) : it.skip)("wcode, xstack, overflow, kread: SIGSEGV under qemu-user, status 139 here; touch runs on both", () => {
    const progs = ["wcode", "xstack", "overflow", "kread", "touch"];
    const linux = progs.map((p) => {
      const exe = path.join(tmp, `${p}.${arch}`);
      const g = spawnSync(GCC[arch], ["-static", "-O0", "-w", "-I", USER, "-o", exe, path.join(USER, `${p}.c`)], { encoding: "utf8" });
      expect(g.status, g.stderr).toBe(0);
      const q = spawnSync(QEMU[arch], [exe], { encoding: "latin1", maxBuffer: 1 << 24 });
      return q.signal === "SIGSEGV" ? 139 : q.status;
    });
    expect(linux).toEqual([139, 139, 139, 139, 0]);
    const ours = bootMem(arch, progs);
    expect(progs.map((p) => ours.kernel!.state.threads.find((t) => t.name === p)?.exitStatus)).toEqual(linux);
  }, 120_000);
});
