// The panic path on both arches: a test-only layer makes the write system
// call's handler throw, as a kernel bug would. The kernel must print the
// message, the trap, the registers and its last events, and power off with
// status 100 once the console has drained; it must not crash the host.

import { describe, expect, it } from "vitest";
import type { Layer } from "../../../chapters/01-boot/kernel/builder";
import { ARCHES, archReady, boot, kernelLines } from "./kit";

const buggyWrite: Layer = (b) => {
  b.wrap("syscall", (earlier) => (kn, nr, args) => {
    if (nr === 1) throw new Error("test: the write handler has a bug");
    return earlier(kn, nr, args);
  });
};

/** Registers the dump must name (hal dumpRegisters: GPRs, PC, flags, the system registers that explain a trap). */
const MUST: Record<string, string[]> = {
  x86_64: ["rax", "rdi", "r15", "rip", "rsp", "rflags", "cs", "ss", "cr0", "cr2", "cr3", "cr4", "efer"],
  arm64: ["x0", "x8", "x30", "elr_el1", "spsr_el1", "esr_el1", "far_el1", "sctlr_el1", "vbar_el1"],
};

for (const arch of ARCHES) {
  describe.skipIf(!archReady(arch))(`panic on ${arch}`, () => {
    it("prints the message, the trap, the registers and the last events, then powers off with 100", () => {
      const run = boot(arch, { programs: ["hello", "hello"], layers: [buggyWrite] });
      expect(run.result.reason).toBe("power-off");
      expect(run.result.status).toBe(100);
      const st = run.kernel!.state;
      expect(st.panicked).toBe("while handling syscall: test: the write handler has a bug");
      const lines = kernelLines(run);
      const at = lines.indexOf("PANIC: while handling syscall: test: the write handler has a bug");
      expect(at).toBeGreaterThan(0);
      expect(lines[at + 1]).toMatch(/^trap: syscall.*from user mode/);
      expect(lines[at + 2]).toBe("registers:");
      const dump = lines.slice(at + 3, lines.indexOf("last kernel events (oldest first):")).join("\n");
      for (const r of MUST[arch]) expect(dump).toMatch(new RegExp(`\\b${r}\\s+[0-9a-f]{16}\\b`));
      // The trail ends with what led here: pid 1 was switched to, then the panic itself.
      const trail = lines.slice(lines.indexOf("last kernel events (oldest first):") + 1).filter((l) => l.startsWith("  ["));
      expect(trail.some((l) => /switch pid 1: run pid 1 \(hello\)/.test(l))).toBe(true);
      expect(trail[trail.length - 1]).toMatch(/panic pid 1: while handling syscall/);
      // Nothing ran after the panic: the second hello never started, the first never finished.
      expect(lines).not.toContain("hello, world from user mode");
      expect(st.threads.map((t) => t.status)).toEqual(["running", "runnable"]);
      // The whole dump reached the wire before power-off.
      expect(run.console.endsWith("\n")).toBe(true);
      expect(lines.some((l) => l.startsWith("MinOS:"))).toBe(false);
    });

    for (const after of ["frames", "traps"]) {
      it(`panics (not crashes) when a boot step after '${after}' fails, and the whole report reaches the console`, () => {
        const badStep: Layer = (b) => b.bootStep("explode", () => { throw new Error("test: boot step bug"); }, { after });
        const run = boot(arch, { programs: ["hello"], layers: [badStep] });
        expect(run.result.reason).toBe("power-off");
        expect(run.result.status).toBe(100);
        const lines = kernelLines(run);
        expect(lines).toContain("PANIC: boot step 'explode': test: boot step bug");
        expect(lines.some((l) => /^ {2}\[\d+\] panic: boot step 'explode'/.test(l))).toBe(true);   // the last line of the report
        expect(run.kernel!.state.threads).toEqual([]);
      });
    }
  });
}
