// `minos bench`: how fast the emulated CPUs run real compiled code, measured
// in host time (the only place MinOS looks at a wall clock). Tests never time
// anything; speed is reported here and compared with qemu-user when present.

import { existsSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../../toolchain/util/root";
import { runLinux } from "../../linux/run";
import { benchCompile } from "../../bench/compile";
import { benchSwitches } from "../../bench/switch";
import type { Arch } from "../../machine/core/cpu";
import type { DebuggerBench } from "../../tui/bench";
import type { StepBench } from "../../tui/stepping/bench";
import { parseFlags, UsageError, type Command } from "../command";

const QEMU: Record<Arch, string> = { x86_64: "qemu-x86_64", arm64: "qemu-aarch64" };

export const benchCommand: Command = {
  name: "bench",
  summary: "measure emulated CPU speed (M instructions/s) against qemu-user",
  help: `usage: minos bench [--only cpu|compile|debugger|switch|step] [--arch x86_64|arm64] [--rounds N] [--json]

cpu: runs the gcc -O2 integer workload (bench/workloads/integer.c, built for
both arches) on each emulated CPU and reports instructions retired, host
seconds and millions of instructions per second. Where qemu-x86_64 /
qemu-aarch64 are installed, runs the same ELF under qemu in the same run and
prints the ratio.

compile: compiles and assembles the C corpus (tests/cc/programs) for both
arches with MinOS's toolchain and reports milliseconds per thousand lines.

debugger: opens the kernel debugger (Ink, into a null 100x30 terminal) on
chapter 01's kernel running a long loop: milliseconds to the first frame
(boot included), frames per second while it runs (at most 30 are asked
for), and M instructions/s retired meanwhile.

switch: chapter 03's kernel with two processes that yield to each other:
context switches per second of host time, and the virtual ticks and bytes
of registers one switch costs.

step: chapter 02's default programs, run with the ordinary kernel bundle and
with the instrumented one minos chapter --step-kernel uses, no breakpoint
set: M instructions/s of host time for each (kernel stepping costs nothing
when not used: the ordinary bundle has no step calls).

options:
  --only WHAT   only the cpu, compile, debugger, switch or step benchmark (default: all)
  --arch ARCH   only this CPU (default: both)
  --rounds N    workload size (default 200; about 0.8 M instructions a round)
  --json        print the figures as JSON`,

  async run(args) {
    const f = parseFlags(args, { values: ["--arch", "--rounds", "--only"], booleans: ["--json"] });
    const only = f.values.get("--only");
    if (only !== undefined && !["cpu", "compile", "debugger", "switch", "step"].includes(only)) throw new UsageError("--only takes cpu, compile, debugger, switch or step");
    const arches: Arch[] = f.values.has("--arch") ? [archOf(f.values.get("--arch")!)] : ["x86_64", "arm64"];
    const rounds = Number(f.values.get("--rounds") ?? "200");
    if (!Number.isInteger(rounds) || rounds <= 0) throw new UsageError("--rounds needs a positive whole number");
    const rows = only !== undefined && only !== "cpu" ? [] : arches.map((arch) => benchArch(arch, rounds));
    const compile = only !== undefined && only !== "compile" ? undefined : benchCompile();
    const switches = only !== undefined && only !== "switch" ? [] : arches.map((arch) => benchSwitches(arch));
    const debuggerRows: DebuggerBench[] = [];
    if (only === undefined || only === "debugger") {
      const { benchDebugger } = await import("../../tui/bench");
      for (const arch of arches) debuggerRows.push(await benchDebugger(arch));
    }
    const stepRows: StepBench[] = [];
    if (only === undefined || only === "step") {
      const { benchStepping } = await import("../../tui/stepping/bench");
      for (const arch of arches) stepRows.push(await benchStepping(arch));
    }
    if (f.booleans.has("--json")) {
      console.log(JSON.stringify({ node: process.version, cpu: rows, compile, debugger: debuggerRows, switch: switches, step: stepRows }, null, 2));
      return rows.every((r) => r.ok) ? 0 : 1;
    }
    for (const d of debuggerRows) {
      console.log(`minos bench: debugger (${d.arch}, chapter 01, 100x30): first frame ${d.firstFrameMs.toFixed(0)} ms; while running ${d.fps.toFixed(1)} frames/s, ${d.mips.toFixed(1)} M instr/s`);
    }
    for (const w of stepRows) {
      console.log(`minos bench: kernel stepping off (${w.arch}, chapter ${String(w.chapter).padStart(2, "0")}'s programs, ${w.instructions} instructions): ordinary bundle ${w.plainMs.toFixed(0)} ms, ${w.plainMips.toFixed(2)} M instr/s; ` +
        `instrumented, no breakpoints ${w.steppableMs.toFixed(0)} ms, ${w.steppableMips.toFixed(2)} M instr/s (${w.statements} kernel statements passed)`);
    }
    for (const w of switches) {
      console.log(`minos bench: context switches (${w.arch}, chapter 03, two processes yielding): ${w.switches} switches in ${w.seconds.toFixed(2)} s = ${Math.round(w.perSecond)} per host second; ` +
        `${w.ticksPerSwitch.toFixed(0)} virtual ticks and ${w.bytesPerSwitch} bytes of registers per switch; ${w.spaceSwitches} address-space switches, no TLB flush (${w.tlbKept.toFixed(1)} TLB entries of the outgoing process kept)`);
    }
    if (compile) {
      console.log(`minos bench: compile: ${compile.lines} lines of C, both arches, in ${compile.seconds.toFixed(2)} s: ${compile.msPerKLine.toFixed(1)} ms per 1000 lines`);
    }
    if (rows.length === 0) return 0;
    console.log(`minos bench: gcc -O2 integer workload, ${rounds} rounds (node ${process.version})`);
    console.log("cpu      instructions   seconds   M instr/s   (per CPU s)   qemu seconds   qemu/minos");
    for (const r of rows) {
      const q = r.qemuSeconds === undefined ? "      (no qemu)" : `${r.qemuSeconds.toFixed(3).padStart(13)}   ${(r.qemuSeconds / r.seconds).toFixed(3).padStart(10)}`;
      console.log(`${r.arch.padEnd(7)} ${String(r.instructions).padStart(13)} ${r.seconds.toFixed(3).padStart(9)} ${r.mips.toFixed(1).padStart(11)} ${r.cpuMips.toFixed(1).padStart(13)}  ${q}${r.ok ? "" : "   WRONG OUTPUT"}`);
    }
    return rows.every((r) => r.ok) ? 0 : 1;
  },
};

function archOf(s: string): Arch {
  if (s === "x86_64" || s === "arm64") return s;
  if (s === "aarch64") return "arm64";
  throw new UsageError(`unknown architecture '${s}': use x86_64 or arm64`);
}

interface BenchRow {
  arch: Arch; instructions: number; seconds: number; mips: number;
  /** Per second of this process's CPU time: the fair figure when other work shares the cores. */
  cpuMips: number;
  qemuSeconds?: number; ok: boolean;
}

function workloadPath(arch: Arch): string {
  return path.join(projectRoot(), "bench", "workloads", `integer-${arch}.elf`);
}

function benchArch(arch: Arch, rounds: number): BenchRow {
  const file = workloadPath(arch);
  if (!existsSync(file)) throw new UsageError(`the workload ${file} is missing; run bench/workloads/build.sh`);
  const elf = new Uint8Array(readFileSync(file));
  const argv = ["integer", String(rounds)];
  runLinux(elf, { arch, argv: ["integer", "1"] });          // warm up the JIT
  const t0 = performance.now(), c0 = process.cpuUsage();
  const r = runLinux(elf, { arch, argv });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0), cpuSeconds = (cpu.user + cpu.system) / 1e6;
  let qemuSeconds: number | undefined;
  let ok = r.exitCode === 0 && r.stdout.startsWith("checksum ");
  const q = spawnSync("sh", ["-c", `command -v ${QEMU[arch]}`]);
  if (q.status === 0) {
    const t1 = performance.now();
    const qr = spawnSync(QEMU[arch], [file, String(rounds)], { encoding: "utf8" });
    qemuSeconds = (performance.now() - t1) / 1000;
    ok = ok && qr.stdout === r.stdout;
  }
  return { arch, instructions: r.retired, seconds, mips: r.retired / seconds / 1e6, cpuMips: r.retired / cpuSeconds / 1e6, qemuSeconds, ok };
}
