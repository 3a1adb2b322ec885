// Kernel stepping on a real chapter: chapter 02's instrumented build
// (tui/stepping/build.ts) behaves exactly like the ordinary build when
// nothing pauses, its site table matches the chapter's sources line for
// line, and the worker runs it: paused at the first statement, with the
// console sent before each pause, the trapped context as the handler sees it,
// and many quick commands in a row (each one must wake the worker).

import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildChapter } from "../../../course/chapter-build";
import { instantiateKernel } from "../../../course/load-kernel";
import { chapter } from "../../../course/chapters";
import { chapterPrograms, buildProgramFile } from "../../../course/programs";
import { runKernel } from "../../../course/run-kernel";
import { buildSteppableChapter, type SteppableChapter } from "../../../tui/stepping/build";
import { KernelStepSession } from "../../../tui/stepping/session";
import { loadInstrumented } from "../../../tui/stepping/load";
import { findSites, Stepper } from "../../../tui/stepping/stepper";
import type { BuiltKernel } from "../../../chapters/01-boot/kernel/builder";
import { projectRoot } from "../../../toolchain/util/root";

const root = projectRoot();
let steppable: SteppableChapter;
let plain: string;
beforeAll(async () => {
  steppable = await buildSteppableChapter(2);
  plain = (await buildChapter(2)).bundle;
}, 60_000);

let session: KernelStepSession | null = null;
afterEach(async () => { await session?.close(); session = null; });

function evaluate(bundle: string, stepper: Stepper, counter: { n: number }): BuiltKernel {
  return loadInstrumented(bundle, stepper, () => { counter.n++; });
}

describe("the instrumented chapter build", () => {
  it("numbers its sites in order and each names a statement of a chapter file, on its own line and column", () => {
    const { sites } = steppable;
    expect(sites.length).toBeGreaterThan(500);
    sites.forEach((s, i) => expect(s.id).toBe(i));
    const files = new Set(sites.map((s) => s.file));
    for (const f of files) expect(f).toMatch(/^chapters\/0[12]-[a-z-]+\/kernel\//);       // chapters 01..02 only, no machine code
    for (const s of sites.filter((_, i) => i % 37 === 0)) {
      const line = readFileSync(path.join(root, s.file), "utf8").split("\n")[s.line - 1];
      expect(line.slice(s.column - 1).trim().length, `${s.file}:${s.line}:${s.column}`).toBeGreaterThan(0);
      if (s.kind === "enter") expect(line).toMatch(/function|=>|\(|constructor|get |set /);
    }
    expect(findSites(sites, "pageFault").map((s) => s.file)).toEqual(["chapters/02-memory/kernel/memfault.ts"]);
    expect(findSites(sites, "memfault.ts:18").length).toBeGreaterThan(0);
    expect(findSites(sites, "./chapters/02-memory/kernel/memfault.ts:18")).toEqual(findSites(sites, "memfault.ts:18"));
    expect(findSites(sites, "memfault.ts:1")).toEqual([]);                                  // a comment line has no statement
  });

  it.each(["x86_64", "arm64"] as const)("runs chapter 02's programs exactly as the ordinary build does when nothing pauses (%s)", (arch) => {
    const modules = chapterPrograms(2, arch);
    const cmdline = `seed=1 run=${chapter(2).programs.join(",")}`;
    const a = runKernel({ arch, chapter: 2, kernel: instantiateKernel(plain), modules, cmdline });
    const counter = { n: 0 };
    const stepper = new Stepper(steppable.sites, () => { throw new Error("nothing should pause"); });
    const b = runKernel({ arch, chapter: 2, kernel: evaluate(steppable.bundle, stepper, counter), modules, cmdline });
    expect(a.result.reason).toBe("power-off");
    expect(b.result).toEqual(a.result);                       // same status, instructions retired and virtual time
    expect(b.console).toBe(a.console);
    expect(b.kernel!.state.events).toEqual(a.kernel!.state.events);
    expect(counter.n).toBeGreaterThan(1000);                  // the kernel did pass its step calls
    expect(stepper.depth).toBe(0);                            // every enter had its leave
  });
});

describe.each(["x86_64", "arm64"] as const)("the worker on chapter 02 (%s)", (arch) => {
  const touch = () => [{ name: "touch", bytes: buildProgramFile(path.join(root, "chapters/02-memory/user/touch.c"), arch) }];

  it("starts paused at the kernel's first statement, then runs many quick steps, each one waking the worker", async () => {
    session = new KernelStepSession({ arch, chapter: 2, bundle: steppable.bundle, sites: steppable.sites, modules: touch(),
      cmdline: "seed=1 run=touch", ramSize: 64 << 20, maxInstructions: 50_000_000, breakpoints: [], startPaused: true });
    const first = await session.next();
    if (first.type !== "pause") throw new Error(`no pause: ${JSON.stringify(first)}`);
    expect(first.pause.stack.at(-1)!.enter.fn).toBe("main");
    expect(first.pause.site.file).toBe("chapters/01-boot/kernel/builder.ts");
    expect(session.console).toContain("secure boot: kernel image for chapter 2");        // the firmware's lines came first
    let last = first;
    for (let i = 0; i < 40; i++) {
      session.command("into");
      const m = await session.next();
      if (m.type !== "pause") throw new Error(`step ${i}: ${JSON.stringify(m)}`);
      last = m;
    }
    expect(last.pause.reason).toBe("into");
    session.command("continue");
    expect(await session.next()).toMatchObject({ type: "done", reason: "power-off", status: 0 });
    expect(session.console).toContain("sum 15");
  }, 60_000);

  it("pauses a running kernel at its next statement when asked", async () => {
    session = new KernelStepSession({ arch, chapter: 2, bundle: steppable.bundle, sites: steppable.sites, modules: touch(),
      cmdline: "seed=1 run=touch", ramSize: 64 << 20, maxInstructions: 50_000_000, breakpoints: [] });
    session.requestPause();                                   // before the worker has run a statement: it stops at the first
    const m = await session.next();
    if (m.type !== "pause") throw new Error(`no pause: ${JSON.stringify(m)}`);
    expect(m.pause.reason).toBe("into");
    session.command("continue");                              // the request was used up: the run goes on to the end
    expect(await session.next()).toMatchObject({ type: "done", reason: "power-off", status: 0 });
  }, 60_000);

  it("shows the trapped user context as the page-fault handler sees it, and the kernel's own inspector does not pause", async () => {
    const bp = findSites(steppable.sites, "pageFault").map((s) => s.id);
    session = new KernelStepSession({ arch, chapter: 2, bundle: steppable.bundle, sites: steppable.sites, modules: touch(),
      cmdline: "seed=1 run=touch", ramSize: 64 << 20, maxInstructions: 50_000_000, breakpoints: bp });
    const m = await session.next();
    if (m.type !== "pause") throw new Error("no pause");
    const regs = new Map(m.machine.regs);
    const trap = m.pause.stack[0].locals.trap;
    const far = /address: (0x[0-9a-f]+)/.exec(trap)![1];
    // x86_64: CR2 holds the faulting address (SDM Vol. 3A 4.7); AArch64: FAR_EL1 (Arm ARM D17.2.40).
    expect(BigInt(regs.get(arch === "x86_64" ? "cr2" : "far_el1")!)).toBe(BigInt(far));
    const pc = BigInt(regs.get(arch === "x86_64" ? "rip" : "pc")!);
    expect(pc > 0n && pc < 1n << 47n).toBe(true);                                        // the user program's pc, not the entry window
    // The memory at the pause came through the kernel's frames inspector (instrumented code) without a nested pause.
    expect(m.machine.memory!.frames.some((f) => f.owner === "user")).toBe(true);
    // Step into the call on the first line: the kernel is one frame deeper, in the function called.
    session.command("into");
    const next = await session.next();
    if (next.type !== "pause") throw new Error("no pause");
    expect(next.pause.stack.length).toBe(m.pause.stack.length + 1);
    expect(next.pause.stack[1].enter.fn).toBe("pageFault");
    const called = readFileSync(path.join(root, m.pause.site.file), "utf8").split("\n")[m.pause.site.line - 1];
    expect(called).toContain(`${next.pause.site.fn}(`);
  }, 60_000);
});
