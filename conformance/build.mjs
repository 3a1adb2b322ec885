#!/usr/bin/env node
// Build the conformance fixtures: every C program in src/ for x86_64 (gcc)
// and arm64 (aarch64-linux-gnu-gcc) at -O0 and -O2, and every hand-written
// assembly sequence in lockstep/<arch>/. Each ELF is run under qemu-user,
// and its exit status and stdout are recorded next to it as the expected
// result:
//
//   fixtures/<arch>/<name>-O<n>.elf        fixtures/<arch>/<name>-O<n>.expected
//   fixtures/lockstep/<arch>/<name>.elf    fixtures/lockstep/<arch>/<name>.expected
//
// The .expected format is one line `exit N`, then the program's stdout.
//
// Usage: node conformance/build.mjs [--out DIR] [--only NAME] [--no-run]
//   --out DIR   write fixtures under DIR instead of conformance/fixtures
//               (the oracle-backed test rebuilds into a temp dir this way)
//   --only NAME build only programs whose name contains NAME
//   --no-run    compile only; do not run qemu or write .expected files
//   --arch A    only x86_64 or only arm64
//   --opts L    optimisation levels for the C programs (default -O0,-O2), e.g. -O1,-Os,-O3
//   --extra F   more compiler flags for the C programs, e.g. "-march=x86-64-v3"
//               (only with --out: the committed fixtures use the defaults)
//
// Builds are deterministic: no build-id, relative source paths, 4 KiB
// segment alignment (AArch64 defaults to 64 KiB, which bloats the files).

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, constants } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export const ARCHES = {
  x86_64: { cc: "gcc", qemu: "qemu-x86_64", start: "rt/start_x86_64.S" },
  arm64: { cc: "aarch64-linux-gnu-gcc", qemu: "qemu-aarch64", start: "rt/start_arm64.S" },
};
export const OPT_LEVELS = ["-O0", "-O2"];

const COMMON = [
  "-ffreestanding", "-nostdlib", "-static", "-fno-pie", "-no-pie", "-mgeneral-regs-only",
  "-fno-stack-protector", "-fno-asynchronous-unwind-tables", "-Wl,--build-id=none",
  "-Wl,-z,max-page-size=4096", "-Wl,-z,noexecstack", "-Wall", "-Wextra", "-Werror", "-Irt",
];
// The runtime must not have its own loops turned back into memcpy/memset calls.
const RT_FLAGS = ["-fno-builtin", "-fno-tree-loop-distribute-patterns"];
// Lockstep sequences are bare assembly: no runtime, entry at _start.
const ASM_FLAGS = ["-nostdlib", "-static", "-fno-pie", "-no-pie", "-Wl,--build-id=none", "-Wl,-z,max-page-size=4096",
  "-Wl,--no-warn-rwx-segments",
  "-Wl,-z,noexecstack"];

function parseArgs(argv) {
  const opts = { out: join(here, "fixtures"), only: "", run: true, levels: OPT_LEVELS, extra: [], arches: Object.keys(ARCHES) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--out") opts.out = resolve(argv[++i] ?? fail("--out needs a directory"));
    else if (a === "--only") opts.only = argv[++i] ?? fail("--only needs a name");
    else if (a === "--no-run") opts.run = false;
    else if (a === "--arch") opts.arches = [argv[++i] in ARCHES ? argv[i] : fail("--arch takes x86_64 or arm64")];
    else if (a === "--opts") opts.levels = (argv[++i] ?? fail("--opts needs a list like -O1,-Os,-O3")).split(",");
    else if (a === "--extra") opts.extra = (argv[++i] ?? fail("--extra needs compiler flags")).split(" ").filter(Boolean);
    else fail(`unknown option ${a} (see the comment at the top of conformance/build.mjs)`);
  }
  return opts;
}

function fail(msg) {
  process.stderr.write(`conformance/build.mjs: ${msg}\n`);
  process.exit(2);
}

/** Absolute paths of the tools, found on PATH once (the guest runs with an empty environment). */
const toolPath = new Map();
function need(tool) {
  const r = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" });
  if (r.status !== 0) fail(`${tool} is not installed (Debian: gcc, gcc-aarch64-linux-gnu, qemu-user)`);
  toolPath.set(tool, r.stdout.trim());
}

/** Compile one program; the runtime is compiled separately so it gets RT_FLAGS. */
async function compileC(arch, name, opt, outFile, extra) {
  const { cc, start } = ARCHES[arch];
  const tmp = `${outFile}.rt.o`;
  await run(cc, [...COMMON, ...extra, ...RT_FLAGS, opt, "-c", "rt/rt.c", "-o", tmp]);
  await run(cc, [...COMMON, ...extra, opt, "-o", outFile, start, tmp, `src/${name}.c`, "-lgcc"]);
  rmSync(tmp, { force: true });
}

async function assemble(arch, name, outFile) {
  await run(ARCHES[arch].cc, [...ASM_FLAGS, "-o", outFile, `lockstep/${arch}/${name}.S`]);
}

/** Run a tool to completion: its exit code or signal, and its stdout as latin1 text. */
function exec(tool, args, options = {}) {
  return new Promise((done, failed) => {
    const child = spawn(tool, args, { cwd: here, stdio: ["ignore", "pipe", "pipe"], ...options });
    const out = [], err = [];
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", failed);
    child.on("close", (code, signal) => done({
      code, signal, stdout: Buffer.concat(out).toString("latin1"), stderr: Buffer.concat(err).toString("latin1"),
    }));
  });
}

/** Run a compiler; on failure show its diagnostics and say which command failed. */
async function run(tool, args) {
  const r = await exec(tool, args);
  if (r.stderr) process.stderr.write(r.stderr);
  if (r.code !== 0) throw new Error(`command failed: ${tool} ${args.join(" ")}`);
}

/** Run under qemu-user with an empty environment; returns the .expected text. */
export async function qemuExpected(arch, elfFile) {
  const r = await exec(toolPath.get(ARCHES[arch].qemu) ?? ARCHES[arch].qemu, [elfFile], { env: {}, timeout: 60_000 });
  // A program killed by a signal gets the shell's status 128+N (SIGFPE -> 136, SIGSEGV -> 139).
  const status = r.signal ? 128 + (constants.signals[r.signal] ?? 0) : r.code;
  // linux/run.ts hands stdout back as UTF-8 text, so fixture output must be plain ASCII.
  const bad = r.stdout.search(/[^\x00-\x7f]/);
  if (bad >= 0) throw new Error(`${elfFile}: output byte ${bad} is not ASCII; print such bytes escaped (see strings.c)`);
  return `exit ${status}\n${r.stdout}`;
}

/** Run async jobs, `width` at a time; the first failure stops the rest. */
async function pool(jobs, width) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) await jobs[next++]();
  }));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.extra.length && opts.out === join(here, "fixtures")) fail("--extra changes the fixtures: use it with --out DIR");
  const programs = readdirSync(join(here, "src")).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2)).sort();
  const jobs = [];
  for (const arch of opts.arches) {
    need(ARCHES[arch].cc);
    if (opts.run) need(ARCHES[arch].qemu);
    const dir = join(opts.out, arch);
    mkdirSync(dir, { recursive: true });
    for (const name of programs.filter((p) => p.includes(opts.only))) {
      for (const opt of opts.levels) {
        const elf = join(dir, `${name}${opt}.elf`);
        jobs.push(async () => {
          await compileC(arch, name, opt, elf, opts.extra);
          if (opts.run) writeFileSync(join(dir, `${name}${opt}.expected`), await qemuExpected(arch, elf), "latin1");
        });
      }
    }
    const asmDir = join(here, "lockstep", arch);
    if (!existsSync(asmDir)) continue;
    const ldir = join(opts.out, "lockstep", arch);
    mkdirSync(ldir, { recursive: true });
    for (const f of readdirSync(asmDir).filter((f) => f.endsWith(".S")).sort()) {
      const name = f.slice(0, -2);
      if (!name.includes(opts.only)) continue;
      const elf = join(ldir, `${name}.elf`);
      jobs.push(async () => {
        await assemble(arch, name, elf);
        if (opts.run) writeFileSync(join(ldir, `${name}.expected`), await qemuExpected(arch, elf), "latin1");
      });
    }
  }
  await pool(jobs, Math.max(1, Math.min(4, availableParallelism())));
  process.stdout.write(`conformance: built ${jobs.length} fixtures under ${opts.out}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => fail(e instanceof Error ? e.message : String(e)));
}
