// The debugger's kernel session on chapter 01's real kernel (built in-process
// from its layer) with chapter 01's programs: every step of the run is
// recorded, then undone one by one; each reverse step must give back the
// identical registers, machine (RAM, devices, CPU, clock) and kernel state.
import { describe, expect, it } from "vitest";
import { buildKernel } from "../../chapters/01-boot/kernel/builder";
import { install } from "../../chapters/01-boot/kernel/index";
import { chapterPrograms } from "../../course/programs";
import { KernelSession } from "../../tui/kernel-session";

describe.each(["x86_64", "arm64"] as const)("chapter 01 under the debugger (%s)", (arch) => {
  const open = () => new KernelSession({ arch, kernel: buildKernel([install]), modules: chapterPrograms(1, arch), chapter: 1,
    cmdline: "seed=1", ramSize: 16 << 20, checkpointEvery: 10 });

  it("runs to power-off, stopping at every kernel event on the way, and the events pane follows the kernel's log", () => {
    const s = open();
    const kinds: string[] = [];
    for (let i = 0; i < 500 && !s.exited; i++) { s.stepToEvent(); kinds.push(s.kernel?.state.events.at(-1)?.kind ?? "?"); }
    expect(s.exited).toBe(true);
    expect(s.board.power.status).toBe(0);
    expect(kinds).toContain("syscall");
    expect(kinds.length).toBeGreaterThan(5);
    expect(s.snapshot().console).toContain("hello, world from user mode");
    expect(s.snapshot().kernel.events!.map((e) => e.kind)).toEqual(s.kernel!.state.events.map((e) => String(e.kind)));
  });

  it("every reverse step restores the identical state", () => {
    const s = open();
    const seen: { pos: number; regs: bigint[]; hash: string }[] = [];
    s.step();                                                           // the boot entry (the earliest point a replay starts from)
    while (!s.exited && seen.length < 2000) { seen.push({ pos: s.position, regs: s.registerValues(), hash: s.stateHash() }); s.step(); }
    expect(s.exited).toBe(true);
    for (let i = seen.length - 1; i >= 0; i--) {
      s.stepBack();
      expect(s.position).toBe(seen[i].pos);
      expect(s.registerValues()).toEqual(seen[i].regs);
      expect(s.stateHash()).toBe(seen[i].hash);
    }
    s.stepBack();                                                       // before the boot entry: refused, state unchanged
    expect(s.position).toBe(seen[0].pos);
    expect(s.snapshot().status.lastEvent).toMatch(/first step after boot/);
  });

  it("names the program's code with its ELF symbols where the kernel loaded it (a static PIE)", () => {
    const s = open();
    s.step();
    for (let i = 0; i < 200 && s.snapshot().status.mode !== "user"; i++) s.step();
    const pc = s.snapshot().disassembly.find((l) => l.isPc)!;
    expect(pc.symbol).toBe("_start");                                   // the ELF's entry symbol, moved to the load base
    expect(s.snapshot().regions).toEqual([]);                           // chapter 01 runs with paging off
    expect(s.snapshot().kernel.addressSpace!.note).toMatch(/off/);
    // The frame map from the kernel's own accounting: its frames by purpose, each program's image and stack.
    const labels = s.snapshot().frames.owners.map((o) => o.label);
    for (const t of s.kernel!.state.threads) expect(labels).toEqual(expect.arrayContaining([`${t.name} program`, `${t.name} stack`]));
    expect(labels.some((l) => l.startsWith("kernel "))).toBe(true);
  });

  it("console input the student types is part of the timeline: a replay types it again at the same step", () => {
    const s = open();
    s.stepToEvent(); s.stepToEvent();
    const typedAt = s.position;
    s.typeInput("hi\n");
    const marks: { pos: number; hash: string }[] = [];
    for (let i = 0; i < 6 && !s.exited; i++) { s.stepToEvent(); marks.push({ pos: s.position, hash: s.stateHash() }); }
    // The kernel took the bytes in through its UART interrupt: an irq event after the typing.
    expect(s.kernel!.state.events.some((e) => e.kind === "irq" && e.time >= 0)).toBe(true);
    // Control: the same steps without typing end in a different state (so the input did matter).
    const plain = open();
    while (plain.position < marks[0].pos && !plain.exited) plain.step();
    expect(plain.position).toBe(marks[0].pos);
    expect(plain.stateHash()).not.toBe(marks[0].hash);
    s.rewindTo(typedAt - 1);                                            // before the typing
    for (const m of marks) {                                            // forward again: the input arrives at the same step
      while (s.position < m.pos && !s.exited) s.step();
      expect(s.position).toBe(m.pos);
      expect(s.stateHash()).toBe(m.hash);
    }
  });
});
