// Chapter 01 end to end, on both arches: the real firmware boots the
// kernel, which prints what it was given, runs the programs one after
// another, survives a faulting one, and powers off. Every check reads what
// the kernel did (its state, the machine) as well as what it printed.

import { describe, expect, it } from "vitest";
import { ARCHES, archReady, boot, buildAsm, kernelLines, program } from "./kit";
import { memoryMap, pcBoard, virtBoard } from "../../../machine/firmware/boards";

/** A user program that makes system call 99 (none has that number) and exits with 100 + (-result). */
const NOSYS: Record<string, string> = {
  x86_64: `.intel_syntax noprefix\n.text\n.globl _start\n_start:\n mov eax, 99\n syscall\n neg rax\n lea rdi, [rax + 100]\n mov eax, 0\n syscall\n ud2\n`,
  arm64: `.text\n.globl _start\n_start:\n mov x8, #99\n svc #0\n neg x0, x0\n add x0, x0, #100\n mov x8, #0\n svc #0\n udf #0\n`,
};

for (const arch of ARCHES) {
  describe.skipIf(!archReady(arch))(`chapter 01 on ${arch}`, () => {
    it("prints the banner and a memory map that matches what the firmware laid out", () => {
      const run = boot(arch, { programs: ["hello", "fault"], cmdline: "seed=7" });
      expect(run.firmware.ok).toBe(true);
      if (!run.firmware.ok) return;
      const lines = kernelLines(run);
      expect(lines[0]).toMatch(new RegExp(`^MinOS chapter 1 \\(${arch}\\): \\d+ KiB usable RAM, 2 modules, command line "seed=7"$`));
      const st = run.kernel!.state;
      expect(st.seed).toBe(7);
      const l = run.firmware.plan.layout;
      const at = (type: string) => st.boot.memory.filter((r) => r.type === type).map((r) => r.base);
      expect(at("kernel")).toEqual([l.image.start]);
      expect(at("module")).toEqual(l.modules.map((m) => m.start));
      expect(at("bootinfo")).toEqual([l.bootInfo.start]);
      expect(st.boot.modules.map((m) => [m.name, m.pa, m.size])).toEqual(l.modules.map((m, i) => [["hello", "fault"][i], m.start, m.size]));
      // The firmware's own map (machine/firmware/boards.ts): every available byte of it is ours, as usable
      // or as one of the marked regions; nothing reserved became usable.
      const board = arch === "x86_64" ? pcBoard() : virtBoard();
      const fwMap = memoryMap(board, 64 << 20);
      const avail = fwMap.filter((r) => r.type === 1).reduce((n, r) => n + r.length, 0);
      const ours = st.boot.memory.filter((r) => r.type !== "reserved").reduce((n, r) => n + r.size, 0);
      expect(ours).toBe(avail);
      for (const r of st.boot.memory) {
        expect(lines).toContain(`  0x${r.base.toString(16).padStart(8, "0")}-0x${(r.base + r.size - 1).toString(16).padStart(8, "0")} ${r.type}`);
      }
      for (let i = 1; i < st.boot.memory.length; i++) {
        const a = st.boot.memory[i - 1], b = st.boot.memory[i];
        expect(a.base + a.size).toBeLessThanOrEqual(b.base);   // sorted, no overlap
      }
    });

    it("runs hello: its line appears, it exits 0, and the machine powers off with status 0", () => {
      const run = boot(arch, { programs: ["hello"] });
      expect(run.result.reason).toBe("power-off");
      expect(run.result.status).toBe(0);
      expect(kernelLines(run)).toContain("hello, world from user mode");
      const t = run.kernel!.state.threads;
      expect(t.map((x) => [x.name, x.status, x.exitStatus])).toEqual([["hello", "exited", 0]]);
      // The handlers really ran: a write of 28 bytes from pid 1, its exit, interrupts from the UART.
      const ev = run.kernel!.state.events;
      expect(ev.some((e) => e.kind === "syscall" && e.tid === 1 && /^write\(0x1, 0x[0-9a-f]+, 0x1c\) = 28$/.test(e.text))).toBe(true);
      expect(ev.some((e) => e.kind === "exit" && e.tid === 1)).toBe(true);
      expect(ev.some((e) => e.kind === "irq" && e.text.startsWith("uart"))).toBe(true);
      expect(run.kernel!.state.shutdown?.status).toBe(0);
      expect(run.kernel!.state.panicked).toBeNull();
    });

    it("reports and kills the faulting program, and runs the next one", () => {
      const run = boot(arch, { programs: ["fault", "hello"] });
      const lines = kernelLines(run);
      expect(lines).toContain("fault: about to do something only the kernel may do");
      const report = lines.findIndex((l) => /^fault: pid 1 \(fault\) .* at pc 0x[0-9a-f]+: killed \(status 1\d\d\)$/.test(l));
      expect(report).toBeGreaterThan(0);
      expect(lines.indexOf("hello, world from user mode")).toBeGreaterThan(report);
      const [f, h] = run.kernel!.state.threads;
      // x86_64: HLT at CPL 3 is #GP(0); arm64: WFI at EL0 traps (SCTLR_EL1.nTWI = 0, EC 0x01). Both: 128 + SIGSEGV.
      expect(f.exitStatus).toBe(128 + 11);
      expect(h.exitStatus).toBe(0);
      expect(run.result.status).toBe(0);
      expect(run.kernel!.state.events.some((e) => e.kind === "fault" && e.tid === 1)).toBe(true);
    });

    it("gives -EFAULT to a write whose buffer is not the program's, and -ENOSYS to an unknown call", () => {
      const nosys = { name: "nosys", bytes: buildAsm("nosys.s", NOSYS[arch], arch) };
      const run = boot(arch, { modules: [program("badptr", arch), nosys] });
      const [bad, ns] = run.kernel!.state.threads;
      expect(bad.exitStatus).toBe(100 + 14);                 // EFAULT
      expect(ns.exitStatus).toBe(100 + 38);                  // ENOSYS
      expect(run.kernel!.state.events.some((e) => e.kind === "syscall" && /^unknown system call 99 = -ENOSYS$/.test(e.text))).toBe(true);
      expect(run.result.status).toBe(0);
    });

    it("reports a module that is not a program and skips it", () => {
      const garbage = new Uint8Array(3000).map((_, i) => (i * 37 + 11) & 0xff);
      const run = boot(arch, { modules: [{ name: "junk", bytes: garbage }, program("hello", arch)] });
      const lines = kernelLines(run);
      expect(lines).toContain("program junk: not started: not an ELF file (no \\x7fELF magic)");
      expect(lines).toContain("hello, world from user mode");
      expect(run.kernel!.state.threads.map((t) => t.name)).toEqual(["hello"]);
      expect(run.result.status).toBe(0);
      const other = arch === "x86_64" ? "arm64" : "x86_64";
      if (archReady(other)) {
        const foreign = boot(arch, { modules: [program("hello", other)] });
        expect(kernelLines(foreign).some((l) => /^program hello: not started: built for ELF machine \d+, not /.test(l))).toBe(true);
      }
    });

    it("with no programs at all, says so and powers off cleanly", () => {
      const run = boot(arch, { modules: [] });
      expect(run.result.reason).toBe("power-off");
      expect(run.result.status).toBe(0);
      expect(kernelLines(run)).toContain("MinOS: every program has finished; powering off");
      expect(run.kernel!.state.threads).toEqual([]);
    });

    it("runs only the programs named by run=, in that order", () => {
      const run = boot(arch, { programs: ["fault", "hello"], cmdline: "run=hello,nothere" });
      expect(run.kernel!.state.threads.map((t) => t.name)).toEqual(["hello"]);
      expect(kernelLines(run)).toContain("program nothere: not started: no boot module named 'nothere'");
    });

    it("reports a bad seed= on the command line and boots anyway", () => {
      const run = boot(arch, { programs: ["hello"], cmdline: "seed=banana" });
      expect(kernelLines(run)).toContain("warning: command line: seed=banana is not a whole number >= 0; using seed 0");
      expect(run.kernel!.state.seed).toBe(0);
      expect(run.result.status).toBe(0);
    });

    it("boots and runs its programs in 1 MiB of RAM (the smallest the firmware allows)", () => {
      const run = boot(arch, { programs: ["hello", "fault", "badptr"], ramSize: 1 << 20 });
      expect(run.result.status).toBe(0);
      expect(run.kernel!.state.threads.map((t) => t.exitStatus)).toEqual([0, 139, 114]);
    });

    it("keeps account of the frames it takes, all from usable RAM", () => {
      const run = boot(arch, { programs: ["hello"] });
      const st = run.kernel!.state;
      const frames = st.kmem.flatMap((e) => e.frames);
      expect(frames.length).toBeGreaterThan(0);
      expect(new Set(frames).size).toBe(frames.length);
      for (const f of frames) {
        expect(f % 4096).toBe(0);
        expect(f).not.toBe(0);
        expect(st.boot.memory.some((r) => r.type === "usable" && f >= r.base && f + 4096 <= r.base + r.size)).toBe(true);
      }
      expect(st.kmem.map((e) => e.purpose)).toEqual(expect.arrayContaining(["program hello", "stack of hello"]));
    });

    it("keeps its state as plain data (the debugger snapshots it with structuredClone)", () => {
      const run = boot(arch, { programs: ["hello", "fault"] });
      const st = run.kernel!.state;
      expect(structuredClone(st)).toEqual(st);
      expect(JSON.stringify(st, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain("function");
    });

    it("is deterministic: two runs give the same console, instructions and ticks", () => {
      const a = boot(arch, { programs: ["hello", "fault", "hello"] });
      const b = boot(arch, { programs: ["hello", "fault", "hello"] });
      expect(b.console).toBe(a.console);
      expect(b.result.retired).toBe(a.result.retired);
      expect(b.result.ticks).toBe(a.result.ticks);
      expect(b.kernel!.state.events).toEqual(a.kernel!.state.events);
    });
  });
}
