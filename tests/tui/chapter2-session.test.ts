// The debugger on chapter 02's kernel (paging, demand faults, ASLR, TLB
// maintenance): the address-space pane reads the real tables, and going
// back to any earlier kernel event restores the identical machine (RAM, TLB
// flushed, devices, CPU) and kernel state, then runs on to the same future.
import { describe, expect, it } from "vitest";
import { buildKernel } from "../../chapters/01-boot/kernel/builder";
import { install as boot } from "../../chapters/01-boot/kernel/index";
import { install as memory } from "../../chapters/02-memory/kernel/index";
import { chapter } from "../../course/chapters";
import { chapterPrograms } from "../../course/programs";
import { KernelSession } from "../../tui/kernel-session";
import { mappings } from "../../tui/kernel/pagetables";
import { PcMachine } from "../../machine/boards/pc";
import { Access } from "../../machine/core/mmu";
import { walk as walkX86 } from "../../machine/x86_64/paging";
import { walk as walkArm } from "../../machine/arm64/paging";

describe.each(["x86_64", "arm64"] as const)("chapter 02 under the debugger (%s)", (arch) => {
  const open = () => new KernelSession({ arch, kernel: buildKernel([boot, memory]), modules: chapterPrograms(2, arch), chapter: 2,
    cmdline: `seed=3 run=${chapter(2).programs.join(",")}`, ramSize: 16 << 20, checkpointEvery: 5000 });

  it("shows the user program's mappings from the page tables, and its code under its own (randomized) symbols", () => {
    const s = open();
    s.step();
    for (let i = 0; i < 500 && s.snapshot().status.mode !== "user"; i++) s.step();
    const snap = s.snapshot();
    expect(snap.disassembly.find((l) => l.isPc)!.symbol).toBe("_start");
    const pc = parseInt(snap.pc, 16);
    const text = snap.regions.find((r) => parseInt(r.start, 16) <= pc && pc < parseInt(r.end, 16))!;
    expect(text.label).toBe("user");
    expect(text.flags.slice(0, 3)).toBe("r-x");                       // W^X: code is never writable
    expect(snap.regions.some((r) => r.label === "kernel")).toBe(true);  // the kernel half, in every address space
    expect(snap.kernel.addressSpace!.levels).toHaveLength(4);
    expect(snap.kernel.addressSpace!.result).toMatch(/^-> 0x/);
    expect(snap.frames.owners.length).toBeGreaterThan(2);               // chapter 02's frame owners
  });

  it("every user mapping the pane lists is what the machine's own walker finds: frame, write and execute rights", () => {
    const s = open();
    s.step();
    for (let i = 0; i < 500 && s.snapshot().status.mode !== "user"; i++) s.step();
    const b = s.board, ms = mappings(b);
    if (typeof ms === "string") throw new Error(ms);
    const walk = (va: bigint, access: number) => b instanceof PcMachine ? walkX86(b.mem, b.sys, va, { access: access as 0, user: true }) : walkArm(b.mem, b.sys, va, { access: access as 0, user: true });
    const user = ms.filter((m) => m.user);
    expect(user.length).toBeGreaterThan(3);
    for (const m of user) {
      const va = BigInt(m.va);
      const r = walk(va, Access.Read);
      expect(r.pa, `read 0x${m.va.toString(16)}`).toBe(m.pa);
      expect(walk(va, Access.Write).fault === undefined, `write 0x${m.va.toString(16)}`).toBe(m.write);
      expect(walk(va, Access.Exec).fault === undefined, `exec 0x${m.va.toString(16)}`).toBe(m.exec);
    }
  });

  it("back to earlier kernel events: the identical state, and the same future", () => {
    const s = open();
    const marks: { pos: number; hash: string; regs: bigint[] }[] = [];
    for (let i = 0; i < 400 && !s.exited; i++) {
      s.stepToEvent();
      if (i % 7 === 0) marks.push({ pos: s.position, hash: s.stateHash(), regs: s.registerValues() });
    }
    expect(s.exited).toBe(true);
    expect(marks.length).toBeGreaterThan(4);
    const end = { pos: s.position, hash: s.stateHash() };
    for (const m of [...marks].reverse()) {
      s.rewindTo(m.pos);
      expect(s.position).toBe(m.pos);
      expect(s.registerValues()).toEqual(m.regs);
      expect(s.stateHash()).toBe(m.hash);
    }
    s.continue();                                                       // from the earliest mark, run to the end again
    expect(s.position).toBe(end.pos);
    expect(s.stateHash()).toBe(end.hash);
  });
});
