// End to end: `minos debug --linux` on a real program in a real terminal
// (tmux, 100x30), driven by keys. Checks what a student sees against an
// in-process session of the same program (the CPU and the disassembler),
// and that q gives the shell back. Skips cleanly without tmux.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect } from "vitest";
import type { Arch } from "../../machine/core/cpu";
import { LinuxSession } from "../../tui/linux-session";
import { oracleIt } from "../oracles";
import { PROMPT, terminal } from "../helpers/tmux";
import { tinyProgram } from "./programs";

const it = oracleIt(["tmux"]);
const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "minos-tui-e2e-"));
// Our own tmux server (its own socket), so nothing else's sessions are touched.
const SOCKET = `minos-tui-e2e-${process.pid}`;

const { tmux, screen, keys, until, kill } = terminal(SOCKET);


const pcLine = (s: string) => s.split("\n").find((l) => l.includes("=>")) ?? "";
const hex16 = (n: number) => n.toString(16).padStart(16, "0");

afterAll(() => {
  kill();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(["x86_64", "arm64"] as Arch[])("minos debug --linux in a terminal (%s)", (arch) => {
  it("opens, steps, steps back, stops at a breakpoint on a symbol, and quits to the shell", async () => {
    const prog = path.join(dir, `tiny-${arch}`);
    writeFileSync(prog, tinyProgram(arch));
    const name = `dbg-${arch}`;
    // A student's terminal, not CI: Ink draws live only when CI is unset (is-in-ci).
    tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", "env", "-u", "CI", "-u", "CONTINUOUS_INTEGRATION", `PS1=${PROMPT} `, "bash", "--norc", "--noprofile");
    keys(name, "-l", `cd ${root} && node bin/minos debug --linux ${prog}`);
    keys(name, "Enter");

    // The same program in-process: what the screen must show.
    const ref = new LinuxSession(tinyProgram(arch), { arch, argv: [prog] });
    const pcName = arch === "x86_64" ? "rip" : "pc";
    let s = await until(name, (t) => t.includes("Registers") && t.includes("=>"), "the registers and the disassembly");
    expect(s).toContain(`${pcName.padEnd(4)} ${hex16(ref.pc)}`);
    expect(pcLine(s)).toContain(`${ref.pc.toString(16)}:`);
    const start = ref.pc;

    // s: exactly one instruction.
    ref.step();
    keys(name, "s");
    s = await until(name, (t) => t.includes("retired 1 "), "one instruction retired");
    expect(pcLine(s)).toContain(`${ref.pc.toString(16)}:`);
    expect(s).toContain(`${pcName.padEnd(4)} ${hex16(ref.pc)}`);

    // S: back to the start.
    keys(name, "S");
    s = await until(name, (t) => t.includes("retired 0 "), "the state stepped back");
    expect(pcLine(s)).toContain(`${start.toString(16)}:`);

    // b square, c: stops at square.
    const square = ref.symbols.lookup("square")!.address.toString(16);
    keys(name, "b");
    await until(name, (t) => t.includes("breakpoint (symbol"), "the breakpoint prompt");
    keys(name, "-l", "square");
    keys(name, "Enter");
    await until(name, (t) => t.includes("breakpoint set at square"), "the breakpoint set");
    keys(name, "c");
    s = await until(name, (t) => t.includes("breakpoint at square"), "the stop at square");
    expect(pcLine(s)).toContain(`${square}:`);

    // q: the debugger leaves the alternate screen and the shell prompt is back.
    keys(name, "q");
    s = await until(name, (t) => !t.includes("Registers") && t.trimEnd().endsWith(PROMPT), "the shell prompt again");
    // The terminal is usable again: typing reaches the shell and echoes.
    keys(name, "-l", "echo restored-$((40+2))");
    keys(name, "Enter");
    await until(name, (t) => t.includes("restored-42"), "the shell echoing a command");
    tmux("kill-session", "-t", name);
  }, 120_000);
});
