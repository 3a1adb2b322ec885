// `minos dashboard 1` as a user meets it: without a terminal it prints one
// line per interval whose totals agree with an in-process run of the same
// kernel; bad arguments get a clear message; in a real terminal (tmux) the
// charts come up with a line per thread, and q gives the shell back.

import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it as plainIt } from "vitest";
import { buildKernel } from "../../chapters/01-boot/kernel/builder";
import { install } from "../../chapters/01-boot/kernel/index";
import { chapter } from "../../course/chapters";
import { chapterPrograms } from "../../course/programs";
import { DashboardRun } from "../../tui/dashboard/collect";
import { chartData } from "../../tui/dashboard/screen";
import { oracleIt } from "../oracles";

const root = path.resolve(import.meta.dirname, "../..");
const minos = (args: string[]) => spawnSync(process.execPath, ["bin/minos", ...args], { cwd: root, encoding: "utf8", input: "" });

describe("minos dashboard without a terminal", () => {
  plainIt("prints one line per interval; the system calls add up to the in-process run's", () => {
    const r = minos(["dashboard", "1", "--interval", "1000"]);
    expect(r.status, r.stderr).toBe(0);                                // chapter 01 powers off with status 0
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^t=\d+ {2}syscalls \d+ {2}faults \d+ {2}irqs \d+ {2}switches \d+ {2}ipc 0 {2}ready \[\d+\]/);
    const printed = lines.reduce((n, l) => n + Number(/syscalls (\d+)/.exec(l)![1]), 0);
    const ref = new DashboardRun({ arch: "x86_64", kernel: buildKernel([install]), modules: chapterPrograms(1, "x86_64"), chapter: 1,
      cmdline: `seed=1 run=${chapter(1).programs.join(",")}` }, 1000);
    const samples = ref.runAll();
    expect(lines.length).toBe(samples.length);
    expect(printed).toBe(samples.reduce((n, s) => n + s.syscalls, 0));
    // The charts' series: one per thread plus kernel and idle, all on the same x axis.
    const d = chartData(samples);
    expect(d.cpu.map((c) => c.title)).toEqual(expect.arrayContaining(["kernel", "idle"]));
    for (const c of [...d.cpu, ...d.rates, ...d.queues]) expect(c.y).toHaveLength(Math.min(60, samples.length));
  });

  plainIt("says what is wrong with its arguments", () => {
    const r = minos(["dashboard"]);
    expect(r.status).toBe(64);
    expect(r.stderr).toContain("name one chapter");
    const bad = minos(["dashboard", "1", "--interval", "5"]);
    expect(bad.status).toBe(64);
    expect(bad.stderr).toContain("--interval");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

const it = oracleIt(["tmux"]);
const SOCKET = `minos-dashboard-e2e-${process.pid}`;
const PROMPT = "E2E-SHELL-READY$";
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });

afterAll(() => {
  try { execFileSync("tmux", ["-L", SOCKET, "kill-server"], { stdio: "ignore" }); } catch { /* no server left */ }
});

describe("minos dashboard in a terminal", () => {
  it("draws the charts with a legend entry per thread, then q gives the shell back", async () => {
    tmux("new-session", "-d", "-s", "dash", "-x", "120", "-y", "40", "env", "-u", "CI", "TERM=xterm-256color", `PS1=${PROMPT} `, "bash", "--norc", "--noprofile");
    tmux("send-keys", "-t", "dash", "-l", `cd ${root} && node bin/minos dashboard 1 --interval 500`);
    tmux("send-keys", "-t", "dash", "Enter");
    const until = async (ok: (s: string) => boolean, what: string) => {
      let s = "";
      for (let i = 0; i < 600; i++) {
        s = tmux("capture-pane", "-p", "-t", "dash");
        if (ok(s)) return s;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the dashboard never showed ${what}; the screen was:\n${s}`);
    };
    const s = await until((t) => t.includes("powered off"), "the end of the run");
    for (const title of ["CPU use per thread", "run-queue length", "per interval", "memory in use"]) expect(s).toContain(title);
    for (const p of chapter(1).programs) expect(s).toMatch(new RegExp(`${p}#\\d`));
    tmux("send-keys", "-t", "dash", "q");
    await until((t) => !t.includes("CPU use per thread") && t.trimEnd().endsWith(PROMPT), "the shell prompt again");
  }, 120_000);
});
