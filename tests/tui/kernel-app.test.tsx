// The debugger's screen on a kernel session (a real board, booted by the real
// firmware, running tests/tui/kernel-fixture.ts's kernel): the kernel panes,
// the keys that only a kernel has (p, w, event breakpoints), at 100x30 and at
// 160x50. Expected values come from the machine and the kernel's state.

import React from "react";
import { describe, expect, it } from "vitest";
import { render } from "ink-testing-library";
import { App } from "../../tui/app";
import { KernelSession } from "../../tui/kernel-session";
import { fixtureKernel, fixtureProgram } from "./kernel-fixture";

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

async function until(frame: () => string, ok: (f: string) => boolean): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const f = frame();
    if (ok(f)) return f;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`the screen never showed what was expected; last frame:\n${frame()}`);
}

function open(arch: "x86_64" | "arm64", columns = 100, rows = 30) {
  const prog = fixtureProgram(arch);
  const s = new KernelSession({ arch, kernel: fixtureKernel(arch, prog), modules: [{ name: "prog", bytes: prog }], chapter: 1, ramSize: 16 << 20 });
  const app = render(<App session={s} columns={columns} rows={rows} lesson={"# Booting\n\nThe firmware hands over to `main`."} />);
  return { s, app, frame: () => strip(app.lastFrame() ?? "") };
}

describe.each(["x86_64", "arm64"] as const)("kernel debugger screen (%s)", (arch) => {
  it("lays out the kernel panes at 100x30 and steps into the program", async () => {
    const { s, app, frame } = open(arch);
    let f = frame();
    const lines = f.split("\n");
    expect(lines.length).toBeLessThanOrEqual(29);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    for (const t of ["Disassembly", "Console", "Memory", "Address space", "Kernel events", "Lesson", "chapter 1"]) expect(f).toContain(t);
    expect(f).toContain("kernel entry");
    app.stdin.write("s");
    f = await until(frame, (x) => x.includes("<_start>:"));
    expect(f).toContain(" user");
    expect(f).toContain("boot");                                      // the kernel's first event, in the events pane
    expect(f).toContain(`walk 0x${s.snapshot().pc}`);
    app.unmount();
  });

  it("n, an event breakpoint, p back to the previous event, w walks another address", async () => {
    const { s, app, frame } = open(arch);
    app.stdin.write("n");
    await until(frame, (f) => f.includes("boot entry ran"));
    app.stdin.write("n");
    await until(frame, (f) => f.includes("write(1,"));
    app.stdin.write("b");
    await until(frame, (f) => f.includes("event kind"));
    app.stdin.write("page-fault\r");
    await until(frame, (f) => f.includes("breakpoint set: page-fault"));
    app.stdin.write("c");
    await until(frame, (f) => f.includes("breakpoint: page-fault"));
    expect(s.kernel!.state.events.at(-1)!.text).toMatch(/page fault at 0x600000/);
    const faultAt = s.position;
    app.stdin.write("p");
    await until(frame, (f) => f.includes("stepped back"));
    expect(s.position).toBeLessThan(faultAt);
    expect(s.kernel!.state.events.at(-1)!.kind).toBe("syscall");    // the fault is undone in the kernel's state too
    app.stdin.write("w");
    await until(frame, (f) => f.includes("walk the page tables"));
    app.stdin.write("0x7ff000\r");
    await until(frame, (f) => f.includes("walk 0x7ff000"));
    app.stdin.write("i");
    await until(frame, (f) => f.includes("type into the kernel's console"));
    app.stdin.write("ls\r");
    await until(frame, (f) => f.includes("typed 3 bytes into the console"));
    app.unmount();
  });

  it("uses three columns on a wide terminal", async () => {
    const { app, frame } = open(arch, 160, 50);
    const f = frame();
    const lines = f.split("\n");
    expect(lines.length).toBeLessThanOrEqual(49);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(160);
    // Memory and Kernel events titles share a screen row (side by side).
    expect(lines.some((l) => l.includes("Memory") && l.includes("Kernel events"))).toBe(true);
    app.unmount();
  });
});
