// The memory pane checks page-table invariants itself, on every snapshot:
// chapter 02's real tables pass; a leaf entry corrupted in RAM (as a kernel
// bug would leave it) shows up at once. The rules: no user access to the
// kernel half, W^X (SDM Vol. 3A 4.6: R/W and XD; Arm ARM D8.4: AP[2] and
// UXN), no user mapping of a free frame or a page table.
import { describe, expect, it } from "vitest";
import { buildKernel } from "../../chapters/01-boot/kernel/builder";
import { install as boot } from "../../chapters/01-boot/kernel/index";
import { install as memory } from "../../chapters/02-memory/kernel/index";
import { chapter } from "../../course/chapters";
import { chapterPrograms } from "../../course/programs";
import { KernelSession } from "../../tui/kernel-session";
import { memoryLines } from "../../tui/lines/memory";
import { invariantViolations } from "../../tui/kernel/invariants";
import { PcMachine } from "../../machine/boards/pc";
import { Access } from "../../machine/core/mmu";
import { walk as walkX86 } from "../../machine/x86_64/paging";
import { walk as walkArm } from "../../machine/arm64/paging";

const text = (lines: ReturnType<typeof memoryLines>) => lines.map((l) => l.map((s) => s.text).join("")).join("\n");

describe.each(["x86_64", "arm64"] as const)("page-table invariants in the memory pane (%s)", (arch) => {
  it("hold for chapter 02's tables; a code page made writable in RAM is reported as a W^X violation", () => {
    const s = new KernelSession({ arch, kernel: buildKernel([boot, memory]), modules: chapterPrograms(2, arch), chapter: 2,
      cmdline: `seed=3 run=${chapter(2).programs.join(",")}`, ramSize: 16 << 20 });
    s.step();
    for (let i = 0; i < 500 && s.snapshot().status.mode !== "user"; i++) s.step();
    let snap = s.snapshot();
    expect(snap.frames.violations).toEqual([]);
    expect(text(memoryLines(snap, 80))).toContain("page-table invariants hold");

    // The leaf entry of the page the PC is in: set its write permission (x86 R/W, bit 1; Arm AP[2], bit 7, cleared).
    const b = s.board, pc = BigInt(`0x${snap.pc}`);
    const w = b instanceof PcMachine ? walkX86(b.mem, b.sys, pc, { access: Access.Exec as 0, user: true }) : walkArm(b.mem, b.sys, pc, { access: Access.Exec as 0, user: true });
    const leaf = w.steps[w.steps.length - 1];
    const o = b.mem.ramOffset(leaf.entryAddr, 8);
    const lo = b.mem.view.getUint32(o, true);
    b.mem.view.setUint32(o, b instanceof PcMachine ? lo | 2 : lo & ~(1 << 7), true);
    snap = s.snapshot();
    expect(snap.frames.violations!.some((v) => /writable and executable user page at 0x/.test(v))).toBe(true);
    expect(text(memoryLines(snap, 80))).toMatch(/✗ writable and executable user page/);
  });
});

describe("the rules", () => {
  const m = (va: number, pa: number, o: Partial<{ user: boolean; write: boolean; exec: boolean }>) =>
    ({ va, pa, pages: 1, user: false, write: false, exec: false, global: false, ...o });
  it("name each kind of violation", () => {
    const owner = (pa: number) => (pa === 0x5000 ? "free" : pa === 0x6000 ? "page table" : "user");
    expect(invariantViolations([
      m(2 ** 47 + 0x1000, 0x1000, { user: true }), m(0x400000, 0x2000, { user: true, write: true, exec: true }),
      m(0x401000, 0x5000, { user: true }), m(0x402000, 0x6000, { user: true, write: true }), m(0x403000, 0x7000, { user: true, exec: true }),
    ], owner)).toEqual([
      "user-accessible kernel-half page at 0x800000001000",
      "writable and executable user page at 0x400000 (W^X)",
      "user page 0x401000 maps free frame 0x5000 (use after free)",
      "user page 0x402000 maps page-table frame 0x6000",
    ]);
  });
});
