// End to end (issue #9): `minos chapter 2 --step-kernel --break pageFault`
// in a real terminal (tmux, 120x40), on both arches, with
// chapters/02-memory/user/touch.c, which touches fresh pages of a big array.
//
//   - it stops in chapter 02's page-fault handler on the line of its first
//     statement (read off memfault.ts with the TypeScript parser, not
//     hard-coded);
//   - "n" steps over statements until the one after the call to faultIn
//     (the demand-paging call, which allocates a frame); then the locals pane
//     shows `r = { ok: true, pa: ... }` and the memory pane shows that frame
//     newly mapped at the faulting page, read from the page tables in RAM;
//   - the reference: the ordinary (uninstrumented) chapter 02 build run
//     in-process on the same programs and command line logs its first page-in
//     with the same address and frame;
//   - "b pageFault" clears the breakpoint, "c" runs to the power-off, the
//     console shows touch's output and the status line the power-off; q gives
//     the shell back.
// Skips cleanly without tmux.

import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it as plainIt } from "vitest";
import type { Arch } from "../../machine/core/cpu";
import { buildChapter } from "../../course/chapter-build";
import { instantiateKernel } from "../../course/load-kernel";
import { buildProgramFile, chapterPrograms } from "../../course/programs";
import { runKernel } from "../../course/run-kernel";
import { buildSteppableChapter } from "../../tui/stepping/build";
import { makeImage } from "../../machine/firmware/secure-boot";
import { loadSigningKey } from "../../machine/firmware/keys";
import { oracleIt } from "../oracles";

const it = oracleIt(["tmux"]);
const root = path.resolve(import.meta.dirname, "../..");
const SOCKET = `minos-tui-e2e-step-${process.pid}`;
const PROMPT = "E2E-SHELL-READY$";
const FILE = "chapters/02-memory/kernel/memfault.ts";
const TOUCH = "chapters/02-memory/user/touch.c";

const tmux = (...args: string[]) => execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });
const screen = (name: string) => tmux("capture-pane", "-p", "-t", name);
const keys = (name: string, ...k: string[]) => tmux("send-keys", "-t", name, ...k);

async function until(name: string, ok: (s: string) => boolean, what: string): Promise<string> {
  let s = "";
  for (let i = 0; i < 900; i++) {
    s = screen(name);
    if (ok(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the debugger never showed ${what}; the screen was:\n${s}`);
}

/** pageFault's first statement and the statement holding the faultIn call: lines from the TypeScript parser. */
function handlerLines(): { first: number; faultIn: number } {
  const text = readFileSync(path.join(root, FILE), "utf8");
  const sf = ts.createSourceFile(FILE, text, ts.ScriptTarget.ES2022, true);
  const fn = sf.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === "pageFault");
  if (!fn?.body) throw new Error("no function pageFault in " + FILE);
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  let call: ts.Node | undefined;
  const find = (n: ts.Node): void => {
    if (!call && ts.isVariableStatement(n) && n.getText(sf).includes("faultIn(")) call = n;
    ts.forEachChild(n, find);
  };
  find(fn.body);
  if (!call) throw new Error("pageFault does not call faultIn");
  return { first: line(fn.body.statements[0]), faultIn: line(call) };
}

/**
 * The ordinary chapter 02 build, in-process: its first demand page-in (virtual page, frame) from the kernel's
 * event log. The firmware is given the instrumented build's signed image (what minos chapter --step-kernel
 * boots), so the image, modules and boot information sit in the same frames; the kernel run is the ordinary one.
 */
async function reference(arch: Arch): Promise<{ va: string; pa: string }> {
  const built = await buildChapter(2);
  const steppable = await buildSteppableChapter(2);
  const image = makeImage({ arch, chapter: 2, entry: "main", buildId: steppable.buildId, payload: new TextEncoder().encode(steppable.bundle) },
    loadSigningKey({ root }));
  const modules = chapterPrograms(2, arch).filter((m) => m.name !== "touch");
  modules.unshift({ name: "touch", bytes: buildProgramFile(path.join(root, TOUCH), arch) });
  const r = runKernel({ arch, chapter: 2, kernel: instantiateKernel(built.bundle), image, modules, cmdline: "seed=1 run=touch" });
  expect(r.result.reason).toBe("power-off");
  const ev = r.kernel!.state.events.find((e) => e.kind === "fault" && /page-in/.test(e.text));
  const m = /page-in (0x[0-9a-f]+) \(\w+\) -> frame (0x[0-9a-f]+)/.exec(ev?.text ?? "");
  if (!m) throw new Error("the reference run logged no page-in");
  return { va: m[1], pa: m[2] };
}

afterAll(() => {
  try { execFileSync("tmux", ["-L", SOCKET, "kill-server"], { stdio: "ignore" }); } catch { /* no server left */ }
});

describe.each(["x86_64", "arm64"] as Arch[])("minos chapter 2 --step-kernel in a terminal (%s)", (arch) => {
  it("stops in pageFault, steps over the frame allocation, sees the frame, and continues to the program's exit", async () => {
    const { first, faultIn } = handlerLines();
    const ref = await reference(arch);
    const name = `step-${arch}`;
    tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", "env", "-u", "CI", "-u", "CONTINUOUS_INTEGRATION", `PS1=${PROMPT} `, "bash", "--norc", "--noprofile");
    keys(name, "-l", `cd ${root} && node bin/minos chapter 2 --arch ${arch} --step-kernel --break pageFault --run ${TOUCH}`);
    keys(name, "Enter");

    // Stopped at the breakpoint, on the handler's first statement: in the source pane's title and the status line.
    let s = await until(name, (t) => t.includes("(breakpoint, pause 1)"), "the breakpoint in pageFault");
    expect(s).toContain(`${FILE}:${first}`);
    expect(s).toContain(`memfault.ts:${first} in pageFault (breakpoint, pause 1)`);
    expect(s).toMatch(new RegExp(`=> +${first} `));                     // the current line marked in the source pane

    // Step over until the statement after the faultIn call.
    let line = first;
    for (let pause = 2; line <= faultIn; pause++) {
      expect(pause, "steps over pageFault before it passes faultIn").toBeLessThan(20);
      keys(name, "n");
      s = await until(name, (t) => t.includes(`, pause ${pause})`), `pause ${pause}`);
      const m = /memfault\.ts:(\d+) in pageFault \(step over, pause/.exec(s);
      expect(m, s).not.toBeNull();
      line = Number(m![1]);
    }
    // The new frame: in the locals (faultIn's result) and in the memory pane (a new mapping, from the page tables in RAM).
    const local = /\br +=\s+\{ ok: true, pa: \d+ \((0x[0-9a-f]+)\) \}/.exec(s);
    expect(local, s).not.toBeNull();
    const pa = local![1];
    expect(s).toMatch(new RegExp(`\\+ 0x[0-9a-f]+ -> frame ${pa} rw- +new`));
    // The same frame and page the ordinary build allocates for its first page-in.
    expect(pa).toBe(ref.pa);
    const page = `0x${(BigInt(ref.va) & ~0xfffn).toString(16)}`;
    expect(s).toContain(`+ ${page} -> frame ${pa}`);

    // Clear the breakpoint and continue to the end.
    keys(name, "b");
    keys(name, "-l", "pageFault");
    keys(name, "Enter");
    await until(name, (t) => t.includes("breakpoint cleared: pageFault"), "the breakpoint cleared");
    keys(name, "c");
    s = await until(name, (t) => t.includes("power-off, status 0"), "the power-off");
    expect(s).toContain("sum 15");                                         // touch's output (5 pages, 1+2+3+4+5)
    expect(s).toContain("exit: pid 1 (touch) status 0");
    expect(s).toContain(" exited ");
    keys(name, "q");
    await until(name, (t) => !t.includes("Call stack") && t.trimEnd().endsWith(PROMPT), "the shell prompt again");
    tmux("kill-session", "-t", name);
  }, 240_000);
});

describe("minos chapter --step-kernel: mistakes get a message, not a stack", () => {
  const minos = (...args: string[]) => spawnSync(process.execPath, ["bin/minos", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });
  plainIt("--break without --step-kernel, --step-kernel off a terminal or with --headless: usage errors (64)", () => {
    for (const [args, text] of [
      [["--break", "pageFault"], "--break sets a kernel breakpoint: it goes with --step-kernel"],
      [["--step-kernel"], "--step-kernel needs a terminal"],
      [["--step-kernel", "--headless"], "--step-kernel opens the debugger: it cannot be --headless"],
      [["--step-kernel", "--break"], "--break needs a value"],
    ] as [string[], string][]) {
      const r = minos("chapter", "2", ...args);
      expect(r.status, r.stderr).toBe(64);
      expect(r.stderr).toContain(text);
      expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    }
  }, 120_000);

  it("a --break that names nothing in the chapter: one line, exit 1, the screen never opens", async () => {
    const name = "step-badbreak";
    tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", "env", "-u", "CI", "-u", "CONTINUOUS_INTEGRATION", `PS1=${PROMPT} `, "bash", "--norc", "--noprofile");
    keys(name, "-l", `cd ${root} && node bin/minos chapter 2 --step-kernel --break memfault.ts:1; echo "rc=$?"`);
    keys(name, "Enter");
    const s = await until(name, (t) => /rc=\d+/.test(t), "the exit status");
    expect(s).toContain("minos chapter: --break memfault.ts:1: no kernel statement starts on that line in chapters 01..02");
    expect(s).toContain("rc=1");
    tmux("kill-session", "-t", name);
  }, 120_000);
});
