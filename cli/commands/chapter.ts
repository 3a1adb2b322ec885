// `minos chapter N`: build chapter N's kernel from chapters 01..N (esbuild),
// sign it with the development key, and boot it on the chosen board with the
// firmware's secure boot, the chapter's programs as boot modules. The console
// streams to stdout; the exit status is the kernel's power-off status (or
// one of `minos boot`'s statuses when the machine did not run it).

import { readFileSync } from "node:fs";
import path from "node:path";
import type { Arch } from "../../machine/core/cpu";
import { projectRoot } from "../../toolchain/util/root";
import { buildProgramFile, type Module } from "../../course/programs";
import { runKernel } from "../../course/run-kernel";
import { InputError, parseFlags, UsageError, type Command } from "../command";
import { chapterImage, chapterRun, CHAPTER_FLAGS, courseStep, kernelCmdline } from "../chapter-run";
import { BootStatus } from "./boot";
import { openChapterDebugger } from "../../tui/chapter";
import { buildSteppableChapter } from "../../tui/stepping/build";
import { findSites } from "../../tui/stepping/stepper";
import { openStepDebugger } from "../../tui/step/open";

/** The program --run names: C or assembly (built here) or a ready ELF. */
function runProgram(file: string, arch: Arch): Module {
  const name = path.basename(file).replace(/\.(x86_64|arm64)?\.?(c|s|elf)$/, "").replace(/\.$/, "") || "prog";
  if (/\.[cs]$/.test(file)) return { name, bytes: buildProgramFile(file, arch) };
  let bytes: Uint8Array;
  try { bytes = new Uint8Array(readFileSync(file)); } catch { throw new InputError(`${file}: No such file or directory`); }
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) throw new InputError(`${file}: not an ELF executable, nor a .c or .s source`);
  return { name, bytes };
}

export const chapterCommand: Command = {
  name: "chapter",
  summary: "build, sign and boot chapter N's kernel (chapters 01..N) with its programs",
  help: `usage: minos chapter N [--arch x86_64|arm64] [--seed S] [--ram SIZE] [--cmdline WORDS] [--headless]
                       [--run PROG.c|PROG.s|ELF] [--max-instructions N]
                       [--step-kernel [--break SPEC]...]

Builds chapter N's kernel from chapters/01..N with esbuild, signs it with the
development key, boots it on the board of --arch (x86_64: the PC, arm64:
virt) with the firmware's secure boot, and runs it with the programs of
chapters 01..N as boot modules. The console is printed as it comes; the exit
status is the kernel's power-off status.

options:
  --arch ARCH            x86_64 (default) or arm64
  --seed S               the seed of every random choice (ASLR, ...): kernel
                         command line seed=S (default 1); a run replays exactly
  --ram SIZE             RAM: 2M, 64M, 1G, ... or a number of MiB (default 64M)
  --cmdline WORDS        more kernel command-line words, e.g. "arg.spawner=spin=0:8,typist"
                         (a boot program's argument in chapter 03)
  --run PROG             load PROG (C or assembly, built here; or an ELF) and run
                         it instead of the chapter's default programs (run=PROG)
  --headless             print the console and exit (without it, on a terminal,
                         the debugger opens on the chapter's kernel)
  --max-instructions N   stop after N instructions (default 2 000 000 000)
  --step-kernel          step through the kernel's own TypeScript in the debugger
                         (an instrumented build run in a worker thread): the
                         chapter's source, call stack, locals, registers, memory
  --break SPEC           with --step-kernel, stop there: FILE:LINE (a path from the
                         repository or just the file name, e.g. memfault.ts:19) or
                         a function name (pageFault); repeatable. Without one the
                         kernel stops at its first statement
  --root DIR             the course tree (default this checkout; for maintainers)

exit status: the kernel's power-off status, or 3-7 (the firmware refused the
image; see minos boot --help), 70 (kernel error), 124 (instruction limit), 1 (a
build error: the compiler's or esbuild's messages are printed)`,

  async run(argv) {
    // --break may be given more than once (parseFlags keeps one value per flag): take them out first.
    const breaks: string[] = [];
    const args: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      if (argv[i] === "--break") { if (argv[i + 1] === undefined) throw new UsageError("--break needs a value"); breaks.push(argv[++i]); }
      else if (argv[i].startsWith("--break=")) breaks.push(argv[i].slice("--break=".length));
      else args.push(argv[i]);
    }
    const f = parseFlags(args, { values: [...CHAPTER_FLAGS, "--run", "--max-instructions", "--root"], booleans: ["--headless", "--step-kernel"] });
    const stepKernel = f.booleans.has("--step-kernel");
    if (breaks.length && !stepKernel) throw new UsageError("--break sets a kernel breakpoint: it goes with --step-kernel");
    if (stepKernel && f.booleans.has("--headless")) throw new UsageError("--step-kernel opens the debugger: it cannot be --headless");
    const max = Number(f.values.get("--max-instructions") ?? "2000000000");
    if (!Number.isInteger(max) || max < 1) throw new UsageError("--max-instructions takes a positive whole number");
    const cr = await chapterRun(f, "chapter", f.values.has("--root") ? path.resolve(f.values.get("--root")!) : projectRoot());
    const { n, info, arch, ramSize, root } = cr;

    if (stepKernel && !(process.stdout.isTTY && process.stdin.isTTY)) throw new UsageError("--step-kernel needs a terminal (it opens the debugger)");
    const steppable = stepKernel ? await courseStep(() => buildSteppableChapter(n, { root })) : null;
    const { image, modules } = await chapterImage(cr, steppable ? { bundle: steppable.bundle, buildId: steppable.buildId } : undefined);
    let run = info.programs;
    if (f.values.has("--run")) {
      const prog = await courseStep(() => runProgram(f.values.get("--run")!, arch));
      const i = modules.findIndex((m) => m.name === prog.name);
      if (i >= 0) modules.splice(i, 1);
      modules.unshift(prog);
      run = [prog.name];
    }
    const cmdline = kernelCmdline(cr, run);
    const refused = (fw: { verify?: { status: string } }) =>
      fw.verify && fw.verify.status !== "ok" ? BootStatus[fw.verify.status as keyof typeof BootStatus] : BootStatus.firmware;
    if (steppable) {
      // The kernel's own TypeScript, statement by statement (tui/step; tui/stepping).
      const ids: number[] = [];
      for (const spec of breaks) {
        const found = findSites(steppable.sites, spec);
        if (found.length === 0) throw new InputError(`--break ${spec}: ${/:\d+$/.test(spec) ? "no kernel statement starts on that line" : "no kernel function has that name"} in chapters 01..${String(n).padStart(2, "0")}`);
        ids.push(...found.map((s) => s.id));
      }
      const d = await openStepDebugger({ arch, chapter: n, bundle: steppable.bundle, sites: steppable.sites, image, modules, cmdline, ramSize,
        maxInstructions: max, breakpoints: ids, root });
      return d.status ?? 0;
    }
    if (process.stdout.isTTY && process.stdin.isTTY && !f.booleans.has("--headless")) {
      // On a terminal: the debugger (tui/chapter.tsx). It loads the kernel from the image only after secure boot.
      const d = await openChapterDebugger({ arch, chapter: n, image, modules, cmdline, ramSize, lessonPath: path.join(info.dir, "README.md") });
      if (!d.firmware.ok) {
        for (const line of d.firmware.console) process.stdout.write(line + "\n");
        return refused(d.firmware);
      }
      return d.status ?? 0;
    }

    // Stream the console a line at a time (one write per byte would be slow).
    let pending = "";
    const onConsole = (text: string) => {
      pending += text;
      const nl = pending.lastIndexOf("\n");
      if (nl >= 0) { process.stdout.write(pending.slice(0, nl + 1)); pending = pending.slice(nl + 1); }
    };
    // Headless with piped input: what was piped in is typed at the console (the UART receives it byte by byte).
    const input = process.stdin.isTTY ? undefined : readStdin();
    const r = runKernel({ arch, chapter: n, image, modules, cmdline, ramSize, maxInstructions: max, onConsole, input });
    if (pending) process.stdout.write(pending + "\n");
    if (!r.firmware.ok) return refused(r.firmware);
    if (r.result.reason === "error") { process.stderr.write(`minos chapter: ${r.result.error}\n`); return BootStatus["kernel-error"]; }
    if (r.result.reason === "budget") { process.stderr.write(`minos chapter: stopped after ${r.result.retired} instructions (the limit; --max-instructions raises it)\n`); return BootStatus.budget; }
    if (r.result.reason === "reset") { process.stderr.write("minos chapter: the kernel reset the machine\n"); return BootStatus["kernel-error"]; }
    return r.result.status;
  },
};

/** Everything piped to stdin, as text (empty if nothing was). */
function readStdin(): string {
  try { return readFileSync(0, "latin1"); } catch { return ""; }
}
