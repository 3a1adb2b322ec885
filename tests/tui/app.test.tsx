// The Ink app on real snapshots of a real program (built by our toolchain),
// at the smallest supported terminal, 100x30, on both arches. Expected values
// come from the CPU's state and the disassembler, not from the UI's code.

import React from "react";
import { describe, expect, it } from "vitest";
import { render } from "ink-testing-library";
import type { Arch } from "../../machine/core/cpu";
import { App } from "../../tui/app";
import { LinuxSession } from "../../tui/linux-session";
import { tinyProgram } from "./programs";

const ARCH_LIST: Arch[] = ["x86_64", "arm64"];
const PC_NAME = { x86_64: "rip", arm64: "pc" } as const;
const SP_NAME = { x86_64: "rsp", arm64: "sp" } as const;

/** Wait (in event-loop turns, not wall time) until the screen satisfies `ok`. */
async function until(frame: () => string | undefined, ok: (f: string) => boolean): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const f = frame() ?? "";
    if (ok(f)) return f;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`the screen never showed what was expected; last frame:\n${frame()}`);
}

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");
const hex = (n: number) => n.toString(16).padStart(16, "0");
/** The screen line with the "=>" marker. */
const pcLine = (f: string) => strip(f).split("\n").find((l) => l.includes("=>")) ?? "";

function open(arch: Arch) {
  const s = new LinuxSession(tinyProgram(arch), { arch, argv: ["tiny"], name: "tiny" });
  const app = render(<App session={s} columns={100} rows={30} />);
  return { s, app, frame: () => strip(app.lastFrame() ?? "") };
}

describe.each(ARCH_LIST)("debugger screen (%s)", (arch) => {
  it("shows the registers, the marked instruction, memory and status at 100x30", () => {
    const { s, app, frame } = open(arch);
    const f = frame();
    const lines = f.split("\n");
    expect(lines.length).toBeLessThanOrEqual(29);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    const regs = s.registerValues(), names = s.snapshot().registers.map((r) => r.name);
    expect(f).toContain(`${PC_NAME[arch].padEnd(4)} ${hex(s.pc)}`);
    expect(f).toContain(`${SP_NAME[arch].padEnd(4)} ${hex(Number(regs[names.indexOf(SP_NAME[arch])]))}`);
    const line = pcLine(f);
    const text = s.snapshot().disassembly.find((d) => d.isPc)!.text.split(/\s+/)[0];
    expect(line).toContain(`${s.pc.toString(16)}:`);
    expect(line).toContain(text);
    expect(f).toContain("<_start>:");
    expect(f).toContain("r-x");
    expect(f).toContain("paused");
    expect(f).toContain(arch === "x86_64" ? "x86_64" : "AArch64");
    app.unmount();
  });

  it("'s' moves the marker to the next instruction and 'S' brings it back", async () => {
    const { s, app, frame } = open(arch);
    const start = s.pc;
    // Where one instruction leads (the first one may be a call, e.g. into the static-PIE relocator): an in-process reference.
    const ref = new LinuxSession(tinyProgram(arch), { arch, argv: ["tiny"], name: "tiny" });
    ref.step();
    const next = ref.pc.toString(16);
    app.stdin.write("s");
    await until(frame, (f) => pcLine(f).includes(`${next}:`));
    expect(frame()).toContain("retired 1 ");
    expect(s.snapshot().registers.find((r) => r.name === PC_NAME[arch])!.changed).toBe(true);
    app.stdin.write("S");
    await until(frame, (f) => pcLine(f).includes(`${start.toString(16)}:`));
    expect(frame()).toContain("retired 0 ");
    app.unmount();
  });

  it("'b' square, then 'c', stops at square; '?' shows the help", async () => {
    const { s, app, frame } = open(arch);
    app.stdin.write("b");
    await until(frame, (f) => f.includes("breakpoint (symbol"));
    app.stdin.write("square");
    app.stdin.write("\r");
    await until(frame, (f) => f.includes("breakpoint set at square"));
    app.stdin.write("c");
    const addr = s.symbols.lookup("square")!.address.toString(16);
    const f = await until(frame, (fr) => fr.includes("breakpoint at square"));
    expect(pcLine(f)).toContain(`${addr}:`);
    expect(pcLine(f)).toContain("●");
    // b with the same symbol clears it.
    app.stdin.write("b");
    await until(frame, (fr) => fr.includes("breakpoint (symbol"));
    app.stdin.write("square\r");
    await until(frame, (fr) => fr.includes(`breakpoint at 0x${addr} removed`));
    expect(pcLine(frame())).not.toContain("●");
    app.stdin.write("?");
    await until(frame, (fr) => fr.includes("MinOS debugger keys"));
    app.stdin.write("x");
    await until(frame, (fr) => !fr.includes("MinOS debugger keys"));
    app.unmount();
  });

  it("Tab moves the focus, z zooms the focused pane, End scrolls it to its last line", async () => {
    const { s, app, frame } = open(arch);
    app.stdin.write("\t");          // disasm -> registers
    app.stdin.write("\t");          // -> memory
    await new Promise((r) => setTimeout(r, 20));
    app.stdin.write("z");
    let f = await until(frame, (fr) => fr.startsWith("┌ Memory"));
    expect(f).not.toContain("Registers");
    // The last region is the stack; End shows the end of the frame map.
    const regions = s.snapshot().regions;
    expect(f).toContain(`${regions[0].start}-`);
    app.stdin.write("\x1b[F");      // End
    f = await until(frame, (fr) => !fr.includes(`${regions[0].start}-`));
    app.stdin.write("z");
    await until(frame, (fr) => fr.includes("Registers"));
    app.unmount();
  });

  it("adapts to a bigger terminal: more lines, and the raw bytes column", async () => {
    const { s, app, frame } = open(arch);
    const pc = s.snapshot().disassembly.find((d) => d.isPc)!;
    expect(pcLine(frame())).not.toContain(pc.bytes);
    app.rerender(<App session={s} columns={160} rows={50} />);
    const f = await until(frame, (fr) => fr.split("\n").length > 30);
    const lines = f.split("\n");
    expect(lines.length).toBeLessThanOrEqual(49);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(160);
    expect(pcLine(f)).toContain(pc.bytes);
    app.unmount();
  });

  it("says what is wrong with a bad breakpoint instead of crashing", async () => {
    const { app, frame } = open(arch);
    app.stdin.write("b");
    await until(frame, (f) => f.includes("breakpoint (symbol"));
    app.stdin.write("nosuch\r");
    await until(frame, (f) => f.includes("no symbol 'nosuch'"));
    app.unmount();
  });
});

describe("small terminals", () => {
  it("asks for a bigger terminal below the minimum", () => {
    const s = new LinuxSession(tinyProgram("x86_64"), { arch: "x86_64" });
    const app = render(<App session={s} columns={50} rows={12} />);
    expect(strip(app.lastFrame() ?? "")).toContain("needs a terminal of at least");
    app.unmount();
  });
});
