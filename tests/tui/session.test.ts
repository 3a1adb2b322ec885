// The debugger's Linux session on a real program built by our toolchain,
// checked against the disassembler (instruction lengths) and the ELF's own
// symbol table, on both arches.

import { describe, expect, it } from "vitest";
import type { Arch } from "../../machine/core/cpu";
import { ARCHES } from "../../machine/arches";
import { LinuxSession } from "../../tui/linux-session";
import { registerLines } from "../../tui/lines/registers";
import { faultProgram, tinyProgram } from "./programs";

const ARCH_LIST: Arch[] = ["x86_64", "arm64"];

function session(arch: Arch): LinuxSession {
  return new LinuxSession(tinyProgram(arch), { arch, argv: ["tiny"], name: "tiny" });
}

/** Length of the instruction at the PC, by the disassembler. */
function lengthAtPc(s: LinuxSession): number {
  const info = ARCHES[s.arch];
  const code = s.readMemory(s.pc, info.maxInstrLength);
  return info.disassemble(code, 0, BigInt(s.pc)).length;
}

describe.each(ARCH_LIST)("LinuxSession (%s)", (arch) => {
  it("starts at the ELF entry point with the entry marked in the disassembly", () => {
    const s = session(arch);
    const snap = s.snapshot();
    expect(snap.status.retired).toBe(0);
    const pcLine = snap.disassembly.find((l) => l.isPc)!;
    expect(pcLine.address).toBe(snap.pc);
    expect(pcLine.symbol).toBe("_start");
    expect(s.symbols.lookup("_start")!.address.toString(16)).toBe(snap.pc);
  });

  it("step advances the PC by exactly one (non-branch) instruction", () => {
    const s = session(arch);
    let checked = 0;
    for (let i = 0; i < 200 && checked < 20; i++) {
      const line = s.snapshot().disassembly.find((l) => l.isPc)!;
      const before = s.pc, len = lengthAtPc(s), retired = s.retired;
      s.step();
      expect(s.retired).toBe(retired + 1);
      // Only straight-line instructions are checked (a branch goes elsewhere on purpose).
      if (!/^(j|call|ret|b|bl|br|blr|cb|tb|syscall|svc)/.test(line.text.split(/\s/)[0])) {
        expect(s.pc).toBe(before + len);
        checked++;
      }
    }
    expect(checked).toBe(20);
  });

  it("marks exactly the registers the last step changed, and the pane shows them in yellow", () => {
    const s = session(arch);
    s.step(30);
    const before = s.registerValues();
    s.markBaseline();
    s.step();
    const after = s.registerValues(), snap = s.snapshot();
    const changed = snap.registers.filter((r) => r.changed).map((r) => r.name);
    expect(changed).toEqual(snap.registers.filter((_, i) => before[i] !== after[i]).map((r) => r.name));
    expect(changed).toContain(arch === "x86_64" ? "rip" : "pc");
    const yellow = registerLines(snap, 98).flat().filter((seg) => seg.color === "yellow").map((seg) => seg.text);
    expect(yellow).toEqual(snap.registers.filter((r) => r.changed).map((r) => r.value));
  });

  it("stepping back returns to the identical state (registers and memory)", () => {
    const s = session(arch);
    s.step(150);
    const regs = s.registerValues(), mem = s.memoryHash(), retired = s.retired;
    s.step();
    expect(s.registerValues()).not.toEqual(regs);
    s.stepBack();
    expect(s.retired).toBe(retired);
    expect(s.registerValues()).toEqual(regs);
    expect(s.memoryHash()).toBe(mem);
  });

  it("stepping back over a syscall undoes its output", () => {
    const s = session(arch);
    s.stepToEvent();
    while (!s.snapshot().console.includes("sum 30")) s.stepToEvent();
    const retired = s.retired;
    s.stepBack();
    expect(s.retired).toBe(retired - 1);
    expect(s.snapshot().console).toBe("");
  });

  it("a breakpoint on a symbol stops at its address", () => {
    const s = session(arch);
    const addr = s.addBreakpoint("square");
    expect(addr).toBe(BigInt(s.symbols.lookup("square")!.address));
    let r = s.runSlice("breakpoint", 1_000_000);
    expect(r.done).toBe(true);
    expect(BigInt(s.pc)).toBe(addr);
    const line = s.snapshot().disassembly.find((l) => l.isPc)!;
    expect(line.breakpoint).toBe(true);
    expect(line.symbol).toBe("square");
    // It stops there again for the next call (five calls in all), then the program ends.
    let hits = 1;
    for (;;) {
      r = s.runSlice("breakpoint", 1_000_000);
      if (s.exited) break;
      expect(BigInt(s.pc)).toBe(addr);
      hits++;
    }
    expect(hits).toBe(5);
    expect(s.snapshot().status.exitText).toBe("exited with status 0");
  });

  it("step-to-event stops right after the first syscall instruction", () => {
    const s = session(arch);
    const why = s.stepToEvent();
    expect(why).toMatch(/^syscall \w+ returned/);
    // The instruction just before the PC is the syscall / svc.
    const info = ARCHES[arch];
    const back = arch === "x86_64" ? 2 : 4;       // syscall is 0f 05; svc #0 is one A64 word
    const code = s.readMemory(s.pc - back, back);
    expect(info.disassemble(code, 0, BigInt(s.pc - back)).text).toMatch(arch === "x86_64" ? /^syscall/ : /^svc\s+#0x0/);
  });

  it("a fault ends the run; stepping back returns to just before the faulting instruction", () => {
    const s = new LinuxSession(faultProgram(arch), { arch });
    let why = "";
    while (!s.exited) why = s.stepToEvent();
    expect(why).toMatch(/^segmentation fault: read from 0x0*8 \(nothing is mapped there\)/);
    const pc = s.pc, retired = s.retired, regs = s.registerValues();
    expect(s.snapshot().status.state).toBe("exited");
    s.stepBack();
    // The faulting load never retired: same count, same registers, but running again.
    expect(s.exited).toBe(false);
    expect(s.retired).toBe(retired);
    expect(s.pc).toBe(pc);
    expect(s.registerValues()).toEqual(regs);
    s.step();
    expect(s.exited).toBe(true);
    expect(s.retired).toBe(retired);
  });

  it("rejects breakpoints on unknown symbols and unmapped addresses with a clear message", () => {
    const s = session(arch);
    expect(() => s.addBreakpoint("no_such_function")).toThrow(/no symbol 'no_such_function'/);
    expect(() => s.addBreakpoint("0x10")).toThrow(/nothing is mapped at 0x10/);
  });

  it("the snapshot shows the address space and frames of the loaded program", () => {
    const snap = session(arch).snapshot();
    const labels = snap.regions.map((r) => r.label);
    expect(labels).toContain("text");
    expect(labels).toContain("stack");
    expect(snap.regions.find((r) => r.label === "text")!.flags).toBe("r-x");
    expect(snap.frames.cells.filter((c) => c >= 0).length).toBe(snap.regions.reduce((n, r) => n + r.pages, 0));
    expect(snap.kernel).toEqual({});
  });
});
