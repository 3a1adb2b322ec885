// The C compiler on a corpus of real programs (tests/cc/programs/*.c):
// sorting, trees, graphs, big numbers, parsers, an interpreter, an allocator,
// structs by value, varargs, the preprocessor, integer corner cases...
// Each program is built by MinOS's own toolchain (our cc + our assembler +
// our linker + our libc) for both arches and run on MinOS's own CPUs
// (runLinux). What it prints, and its exit status, must be what the same
// source prints when built by the real gcc against glibc: natively on
// x86_64, and with aarch64-linux-gnu-gcc under qemu-aarch64 on arm64.
// Our ELF files are also run under qemu-user, which proves their encodings
// and layout are real, independently of our CPUs.
//
// A program reads NAME.stdin as its standard input when that file exists.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { build } from "../../toolchain/cc/driver";
import { runLinux } from "../../linux/run";
import { hasTool, oracleIt } from "../oracles";

type Arch = "x86_64" | "arm64";
const DIR = "tests/cc/programs";
const PROGRAMS = readdirSync(DIR).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2)).sort();
const QEMU: Record<Arch, string> = { x86_64: "qemu-x86_64", arm64: "qemu-aarch64" };
const GCC: Record<Arch, string[]> = { x86_64: ["gcc", "-O0", "-w"], arm64: ["aarch64-linux-gnu-gcc", "-static", "-O0", "-w"] };
// Each corpus program stays well under this (a few million instructions);
// reaching it means a miscompiled loop.
const MAX_INSTRUCTIONS = 50_000_000;

const tmp = mkdtempSync(path.join(tmpdir(), "minos-corpus-"));
const stdinOf = (p: string) => (existsSync(`${DIR}/${p}.stdin`) ? readFileSync(`${DIR}/${p}.stdin`) : Buffer.alloc(0));

interface Outcome { stdout: string; status: number | null }

const ours = new Map<string, Uint8Array>();
/** Our toolchain's executable for a program (built once, shared by the tests). */
function ourElf(p: string, arch: Arch, optimize = 0): Uint8Array {
  const key = `${p}.${arch}.O${optimize}`;
  let elf = ours.get(key);
  if (!elf) {
    const file = `${DIR}/${p}.c`;
    const r = build([{ name: file, text: readFileSync(file, "utf8") }], { arch, linux: true, optimize });
    if (!r.exe) throw new Error(`minos cc failed on ${file} (${arch}):\n${r.messages.join("\n")}`);
    elf = r.exe;
    ours.set(key, elf);
  }
  return elf;
}

/** Run a command with some standard input; resolve with what it printed and its exit status. */
function run(cmd: string, args: string[], input: Uint8Array): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "ignore"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.on("error", reject);
    child.on("close", (status) => resolve({ stdout: Buffer.concat(out).toString("utf8"), status }));
    child.stdin.on("error", () => { /* the program may exit without reading its input */ });
    child.stdin.end(input);
  });
}

// The gcc builds and runs are separate processes: start them all at once (a
// few at a time) so they overlap with our own compiler and CPUs in this one.
const slots = { free: Math.max(1, availableParallelism()), waiting: [] as (() => void)[] };
async function limited<T>(job: () => Promise<T>): Promise<T> {
  if (slots.free === 0) await new Promise<void>((go) => slots.waiting.push(go));
  else slots.free--;
  try { return await job(); } finally {
    const next = slots.waiting.shift();
    if (next) next(); else slots.free++;
  }
}

const refs = new Map<string, Promise<Outcome>>();
/** What the same source prints when gcc builds it (glibc, -O0). */
function reference(p: string, arch: Arch): Promise<Outcome> {
  const key = `${p}.${arch}`;
  let out = refs.get(key);
  if (!out) {
    out = limited(async () => {
      const exe = path.join(tmp, `${key}.gcc`);
      const [cc, ...flags] = GCC[arch];
      const built = await run(cc, [...flags, "-o", exe, `${DIR}/${p}.c`], new Uint8Array(0));
      if (built.status !== 0) throw new Error(`${cc} failed on ${p}.c`);
      return arch === "x86_64" ? run(exe, [], stdinOf(p)) : run(QEMU.arm64, [exe], stdinOf(p));
    });
    out.catch(() => { /* reported by the test that awaits it */ });
    refs.set(key, out);
  }
  return out;
}

describe("C corpus: MinOS's toolchain and CPUs vs gcc + glibc", () => {
  beforeAll(() => {
    for (const arch of ["x86_64", "arm64"] as const) {
      const tools = arch === "x86_64" ? ["gcc"] : ["aarch64-linux-gnu-gcc", QEMU.arm64];
      if (tools.every(hasTool)) for (const p of PROGRAMS) void reference(p, arch);
    }
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  it("has at least 30 programs", () => expect(PROGRAMS.length).toBeGreaterThanOrEqual(30));
  for (const arch of ["x86_64", "arm64"] as const) {
    const refTools = arch === "x86_64" ? ["gcc"] : ["aarch64-linux-gnu-gcc", QEMU.arm64];
    for (const p of PROGRAMS) {
      // No oracle needed: on a machine without gcc this still proves the program compiles, assembles and links.
      it(`${p} (${arch}): builds with MinOS's cc, assembler, linker and libc`, () => {
        expect(ourElf(p, arch).length).toBeGreaterThan(0);
      });
      oracleIt(refTools)(`${p} (${arch}): our build on our CPU prints what gcc's build prints`, async () => {
        const want = await reference(p, arch);
        const got = runLinux(ourElf(p, arch), { arch, stdin: new Uint8Array(stdinOf(p)), maxInstructions: MAX_INSTRUCTIONS, name: p });
        expect(got.error).toBeUndefined();
        expect(got.stdout).toBe(want.stdout);
        expect(got.exitCode).toBe(want.status);
      });
      oracleIt(refTools)(`${p} (${arch}): built with -O1, on our CPU, prints what gcc's build prints`, async () => {
        const want = await reference(p, arch);
        const got = runLinux(ourElf(p, arch, 1), { arch, stdin: new Uint8Array(stdinOf(p)), maxInstructions: MAX_INSTRUCTIONS, name: p });
        expect(got.error).toBeUndefined();
        expect(got.stdout).toBe(want.stdout);
        expect(got.exitCode).toBe(want.status);
        // -O1 must do less work than -O0 for the same result.
        const plain = runLinux(ourElf(p, arch), { arch, stdin: new Uint8Array(stdinOf(p)), maxInstructions: MAX_INSTRUCTIONS, name: p });
        expect(got.retired).toBeLessThan(plain.retired);
      });
      oracleIt([...refTools, QEMU[arch]])(`${p} (${arch}): our ELF under ${QEMU[arch]} prints the same`, async () => {
        const exe = path.join(tmp, `${p}.${arch}.minos`);
        writeFileSync(exe, ourElf(p, arch));
        chmodSync(exe, 0o755);
        const [want, q] = await Promise.all([reference(p, arch), limited(() => run(QEMU[arch], [exe], stdinOf(p)))]);
        expect(q.stdout).toBe(want.stdout);
        expect(q.status).toBe(want.status);
      });
    }
  }
});
