// Lockstep against qemu: the hand-written flag/edge-case sequences in
// conformance/lockstep/<arch>/*.S and the first instructions of a few C
// programs, compared register by register after every instruction
// (tests/harness/lockstep.ts). Needs qemu-user and binutils' objdump; the
// sequences' own checksums are also checked without them (first suite).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Arch } from "../../machine/core/cpu";
import { lockstep } from "../harness/lockstep";
import { QEMU } from "../harness/qemu-trace";
import { OBJDUMP } from "../harness/objdump";
import { oracleIt, requireOraclesNote } from "../oracles";
import { ARCH_LIST, expectedOf, listFixtures, outcome } from "./fixtures";

/**
 * C programs also traced in lockstep (their first C_STEPS instructions).
 * MINOS_LOCKSTEP_ALL=1 takes every program, MINOS_LOCKSTEP_STEPS=N changes
 * the bound (a trace costs about 1.3 KB of qemu log per x86 instruction and
 * ~50 us of harness time per step), for digging after a CPU bug.
 */
const C_PROGRAMS = process.env.MINOS_LOCKSTEP_ALL === "1" ? null : ["arith_widths", "mul128", "divmod", "bits", "varargs", "structs"];
const C_STEPS = Number(process.env.MINOS_LOCKSTEP_STEPS ?? 60_000);
const SEQ_STEPS = 150_000;
const NOTE = requireOraclesNote([QEMU.x86_64, QEMU.arm64, OBJDUMP.x86_64, OBJDUMP.arm64]);
if (NOTE) console.log(NOTE);

for (const arch of ARCH_LIST) {
  describe(`lockstep sequences on our ${arch} CPU (checksums, no oracle)`, () => {
    for (const f of listFixtures(arch, "lockstep")) {
      it(f.name, async () => {
        const { runLinux } = await import("../../linux/run");
        const r = runLinux(readFileSync(f.elf), { arch, argv: ["prog"], maxInstructions: 10_000_000 });
        const want = expectedOf(f);
        expect(outcome(want, r)).toBe(want);
      });
    }
  });

  describe(`lockstep with ${QEMU[arch]} on our ${arch} CPU`, () => {
    const test = oracleIt([QEMU[arch], OBJDUMP[arch]]);
    for (const f of listFixtures(arch, "lockstep")) {
      test(`sequence ${f.name}`, async () => {
        const r = await lockstep(arch as Arch, f.elf, SEQ_STEPS);
        expect(r.divergence ?? "", `${f.name}: ${r.steps} instructions matched before`).toBe("");
        expect(r.complete, "the sequence should run to its exit within the step limit").toBe(true);
      });
    }
    for (const f of listFixtures(arch).filter((f) => !C_PROGRAMS || C_PROGRAMS.some((p) => f.name.startsWith(p + "-")))) {
      test(`program ${f.name} (first ${C_STEPS} instructions)`, async () => {
        const r = await lockstep(arch as Arch, f.elf, C_STEPS);
        expect(r.divergence ?? "", `${f.name}: ${r.steps} instructions matched before`).toBe("");
      });
    }
  });
}
