// End to end: `minos chapter 1` opens the debugger on chapter 01's kernel in
// a real terminal (tmux, 100x30). The screen must agree with an in-process
// session of the same kernel, programs and command line: after each "n" the
// retired count is the reference's, "S" steps back one step, and q gives the
// shell back. Skips cleanly without tmux.

import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect } from "vitest";
import type { Arch } from "../../machine/core/cpu";
import { buildKernel } from "../../chapters/01-boot/kernel/builder";
import { install } from "../../chapters/01-boot/kernel/index";
import { chapter } from "../../course/chapters";
import { chapterPrograms } from "../../course/programs";
import { KernelSession } from "../../tui/kernel-session";
import { oracleIt } from "../oracles";
import { PROMPT, terminal } from "../helpers/tmux";

const it = oracleIt(["tmux"]);
const root = path.resolve(import.meta.dirname, "../..");
const SOCKET = `minos-tui-e2e-chapter-${process.pid}`;

const { tmux, screen, keys, until, kill } = terminal(SOCKET);


afterAll(() => {
  kill();
});

describe.each(["x86_64", "arm64"] as Arch[])("minos chapter 1 in a terminal (%s)", (arch) => {
  it("opens on the kernel, steps to kernel events as the in-process session does, steps back, and quits", async () => {
    const name = `ch1-${arch}`;
    tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", "env", "-u", "CI", "-u", "CONTINUOUS_INTEGRATION", `PS1=${PROMPT} `, "bash", "--norc", "--noprofile");
    keys(name, "-l", `cd ${root} && node bin/minos chapter 1 --arch ${arch}`);
    keys(name, "Enter");
    // The reference: the same kernel (in-process), programs and command line as minos chapter uses.
    const ref = new KernelSession({ arch, kernel: buildKernel([install]), modules: chapterPrograms(1, arch), chapter: 1,
      cmdline: `seed=1 run=${chapter(1).programs.join(",")}` });
    await until(name, (t) => t.includes("chapter 1") && t.includes("Kernel events"), "the kernel debugger");
    for (let i = 0; i < 3; i++) {
      ref.stepToEvent();
      keys(name, "n");
      // Retired count and virtual time together: a handler retires nothing but takes time, so each stop is unique.
      const at = `retired ${ref.retired}  vt ${ref.board.clock.now()} `;
      await until(name, (t) => t.includes(at) && t.includes(" paused "), `"${at}" after "n" number ${i + 1}`);
    }
    const kinds = ref.kernel!.state.events.map((e) => String(e.kind));
    const shown = screen(name);
    expect(shown, shown).toContain(kinds.at(-1)!);                     // the newest event is in the events pane
    const before = ref.retired;
    ref.stepBack();
    keys(name, "S");
    await until(name, (t) => t.includes("stepped back") && t.includes(`retired ${ref.retired}  vt ${ref.board.clock.now()} `), "the state one step back");
    expect(ref.retired).toBeLessThanOrEqual(before);
    keys(name, "q");
    await until(name, (t) => !t.includes("Kernel events") && t.trimEnd().endsWith(PROMPT), "the shell prompt again");
    tmux("kill-session", "-t", name);
  }, 180_000);
});
