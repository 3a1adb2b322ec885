// The kernel-stepping screen (tui/step) on real pause data: chapter 02's
// instrumented kernel in a worker (tui/stepping), running touch.c, stopped
// at a breakpoint on pageFault. Expected lines come from the source file and
// the worker's own pause message, not from our rendering.

import React from "react";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { render } from "ink-testing-library";
import { buildSteppableChapter, type SteppableChapter } from "../../tui/stepping/build";
import { KernelStepSession } from "../../tui/stepping/session";
import { findSites } from "../../tui/stepping/stepper";
import { buildProgramFile } from "../../course/programs";
import { StepController } from "../../tui/step/controller";
import { StepApp } from "../../tui/step/StepApp";
import { stepLayout } from "../../tui/step/layout";
import { memoryLines, stepRegisterLines, whereText } from "../../tui/step/lines";
import { lineText } from "../../tui/lines/line";
import { projectRoot } from "../../toolchain/util/root";

const root = projectRoot();
const FILE = "chapters/02-memory/kernel/memfault.ts";
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

async function until(frame: () => string, ok: (f: string) => boolean, what: string): Promise<string> {
  for (let i = 0; i < 1500; i++) {
    const f = frame();
    if (ok(f)) return f;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`the screen never showed ${what}; last frame:\n${frame()}`);
}

let built: SteppableChapter;
beforeAll(async () => { built = await buildSteppableChapter(2); }, 60_000);

let controller: StepController | null = null;
afterEach(async () => { await controller?.quit(); controller = null; });

function open(arch: "x86_64" | "arm64", breakAt: string) {
  const bps = findSites(built.sites, breakAt).map((s) => s.id);
  const modules = [{ name: "touch", bytes: buildProgramFile(path.join(root, "chapters/02-memory/user/touch.c"), arch) }];
  const session = new KernelStepSession({ arch, chapter: 2, bundle: built.bundle, sites: built.sites, modules, cmdline: "seed=1 run=touch",
    ramSize: 64 << 20, maxInstructions: 50_000_000, breakpoints: bps });
  const c = new StepController(session, built.sites, { arch, chapter: 2, breakpoints: bps, root });
  controller = c;
  const app = render(<StepApp controller={c} columns={120} rows={40} />);
  void c.wait();
  return { c, app, frame: () => strip(app.lastFrame() ?? "") };
}

describe.each(["x86_64", "arm64"] as const)("kernel stepping screen (%s)", (arch) => {
  it("shows the handler's source, the call stack, the trapped context and the locals at a breakpoint; steps", async () => {
    const { c, app, frame } = open(arch, "pageFault");
    let f = await until(frame, (t) => t.includes("pause 1)"), "the first pause");
    const p = c.view.pause!;
    const src = readFileSync(path.join(root, FILE), "utf8").split("\n");
    // The line shown is the pause's, and the text on it is the file's.
    expect(p.site.file).toBe(FILE);
    expect(f).toContain(`${FILE}:${p.site.line}`);
    const marked = f.split("\n").find((l) => l.includes("=>"))!;
    expect(marked).toContain(String(p.site.line));
    expect(marked).toContain(src[p.site.line - 1].trim().slice(0, 20));
    expect(f).toContain("●");                                                      // the breakpoint's line
    // Call stack: the kernel frames innermost first, then the trapped user context from the pause's registers.
    const names = p.stack.map((s) => s.enter.fn);
    expect(names[0]).toBe("pageFault");
    for (const n of names) expect(f).toContain(n);
    const pc = arch === "x86_64" ? "rip" : "pc";
    const userPc = c.view.machine!.regs.find(([n]) => n === pc)![1];
    expect(f).toContain(`${pc} ${userPc}`);
    expect(BigInt(userPc)).toBeLessThan(1n << 47n);                                // a user address, not the kernel entry window
    // Locals: pageFault's arguments (the trap, as the kernel received it).
    expect(f).toMatch(/trap +=\s+\{ kind: "page-fault", fromUser: true/);
    // Registers: the trapped context and the system registers.
    expect(f).toContain(arch === "x86_64" ? "cr3" : "ttbr0_el1");
    // Step over once: the next pause is in pageFault, one statement later.
    app.stdin.write("n");
    f = await until(frame, (t) => t.includes("pause 2)"), "the second pause");
    expect(c.view.pause!.reason).toBe("over");
    expect(c.view.pause!.site.line).toBeGreaterThan(p.site.line);
    // Step into until the kernel is deeper than pageFault (a call), then out again.
    for (let i = 3; c.view.pause!.stack.length <= p.stack.length && i < 20; i++) {
      app.stdin.write("s");
      await until(frame, (t) => t.includes(`pause ${i})`), `pause ${i}`);
    }
    const deep = c.view.pause!.stack.length;
    expect(deep).toBeGreaterThan(p.stack.length);
    app.stdin.write("o");
    await until(frame, (t) => t.includes("step out"), "a step out");
    expect(c.view.pause!.stack.length).toBeLessThan(deep);
    // Up selects the caller: its name is marked and its line shown.
    app.stdin.write("\u001B[A");
    f = await until(frame, () => c.view.frame === 1, "the caller selected");
    await until(frame, (t) => t.includes(`> #1 ${c.view.pause!.stack[1].enter.fn}`), "the caller marked");
    app.unmount();
  }, 60_000);

  it("b clears the breakpoint and c runs to the power-off with the program's output", async () => {
    const { c, app, frame } = open(arch, "pageFault");
    await until(frame, (t) => t.includes("pause 1)"), "the first pause");
    app.stdin.write("b");
    await until(frame, (t) => t.includes("kernel breakpoint"), "the prompt");
    app.stdin.write("pageFault");
    app.stdin.write("\r");
    await until(frame, (t) => t.includes("breakpoint cleared: pageFault"), "the breakpoint cleared");
    app.stdin.write("c");
    const f = await until(frame, (t) => t.includes("power-off, status 0"), "the power-off");
    expect(f).toContain("sum 15");
    expect(c.view.done).toMatchObject({ reason: "power-off", status: 0 });
    app.stdin.write("b");
    app.stdin.write("nosuchfunction\r");
    await until(frame, (t) => t.includes("no kernel function named nosuchfunction"), "the bad breakpoint message");
    app.unmount();
  }, 60_000);
});

describe("kernel stepping panes (pure)", () => {
  it("lays out inside the terminal, one row short", () => {
    for (const [w, h] of [[100, 30], [120, 40], [200, 60]]) {
      const l = stepLayout(w, h, () => 6, undefined, 5, 8);
      const left = l.panes.registers!.height + l.panes.source!.height + l.panes.console!.height;
      const right = l.panes.registers!.height + l.panes.stack!.height + l.panes.locals!.height + l.panes.memory!.height + l.panes.events!.height;
      expect(left).toBe(h - 2);
      expect(right).toBe(h - 2);
      expect(l.panes.source!.width + l.panes.stack!.width).toBe(w);
    }
    expect(stepLayout(40, 10, () => 6).tooSmall).toBe(true);
  });

  it("marks pages mapped since the last pause and registers changed since then", () => {
    const machine = (user: { va: string; pa: string; rights: string }[], rax: string) => ({
      retired: 0, ticks: 0, regs: [["rax", rax], ["rip", "0x1000"]] as [string, string][], events: [],
      memory: { user, frames: [{ owner: "user", count: user.length }], framesUsed: user.length, framesTotal: 16 },
    });
    const a = machine([{ va: "0x1000", pa: "0x5000", rights: "r-x" }], "0x1");
    const b = machine([{ va: "0x1000", pa: "0x5000", rights: "r-x" }, { va: "0x2000", pa: "0x9000", rights: "rw-" }], "0x2");
    const view = { previous: a, machine: b } as never;
    const mem = memoryLines(view).map(lineText);
    expect(mem).toContain("+ 0x2000 -> frame 0x9000 rw-  new");
    expect(mem).toContain("  0x1000 -> frame 0x5000 r-x");
    const regs = stepRegisterLines(view, 80).flat();
    expect(regs.find((s) => s.text === "0000000000000002")?.color).toBe("yellow");
    expect(regs.find((s) => s.text === "0000000000001000")?.color).toBeUndefined();
  });

  it("says where the kernel is, or how the run ended", () => {
    const c = { view: { state: "exited", done: { type: "done", reason: "power-off", status: 3, console: "", retired: 1, ticks: 1 } } } as never;
    expect(whereText(c)).toBe("power-off, status 3 (q quits)");
  });
});
