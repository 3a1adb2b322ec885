// Objects from our assembler must LINK and RUN: GNU ld resolves our
// relocations (PC32, PLT32, 32S, 64 against section and global symbols) and
// qemu-x86_64 runs the static executable. Output and exit status are
// compared with the same program assembled by GNU as.

import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { assemble, formatError } from "../../toolchain/asm/assemble";
import { link } from "../../toolchain/ld/link";
import { oracleIt } from "../oracles";
import { withTmp } from "./asm-x86_64-gas";

const it = oracleIt(["gcc", "as", "ld", "qemu-x86_64"]);
const DIR = join(__dirname, "asm-x86_64-run");

function build(dir: string, useOurs: boolean, opt: string): string {
  const cs = join(dir, "main.s");
  // "-O2+cfi": keep gcc's unwind tables, so ld also has to accept our .eh_frame
  const unwind = opt.endsWith("+cfi") ? "-fasynchronous-unwind-tables" : "-fno-asynchronous-unwind-tables";
  execFileSync("gcc", [opt.replace("+cfi", ""), "-S", "-masm=intel", unwind, "-fno-pic", "-fno-stack-protector",
    "-ffreestanding", "-o", cs, join(DIR, "main.c")]);
  const objs: string[] = [];
  for (const [name, path] of [["start", join(DIR, "start.s")], ["main", cs]]) {
    const o = join(dir, `${name}-${useOurs ? "ours" : "gas"}.o`);
    if (useOurs) {
      const r = assemble(readFileSync(path, "utf8"), { arch: "x86_64", file: path });
      expect(r.errors.map(formatError)).toEqual([]);
      writeFileSync(o, r.object);
    } else execFileSync("as", ["--64", "-o", o, path]);
    objs.push(o);
  }
  const exe = join(dir, useOurs ? "ours" : "gas");
  execFileSync("ld", ["-static", "-nostdlib", "-o", exe, ...objs], { stdio: ["ignore", "pipe", "pipe"] });
  return exe;
}

describe("x86-64: our objects link with GNU ld and run under qemu", () => {
  for (const opt of ["-O0", "-O2", "-O2+cfi"]) {
    it(`start.s + gcc ${opt} main.c`, () => withTmp((dir) => {
      const run = (exe: string) => spawnSync("qemu-x86_64", [exe, "x"], { encoding: "utf8" });
      const want = run(build(dir, false, opt));
      const got = run(build(dir, true, opt));
      expect(want.stdout).toBe("minos-asm\nasm\n12586269025\n4387\nargv ok\n");
      expect(got.stdout).toBe(want.stdout);
      expect(want.status).toBe((4387 & 0x7f) + 2);
      expect(got.status).toBe(want.status);
    }), 30_000);
  }
});

describe("x86-64: our assembler + our linker", () => {
  const it2 = oracleIt(["gcc", "qemu-x86_64"]);
  it2("start.s + gcc -O2 main.c, assembled and linked in TypeScript, runs under qemu", () => withTmp((dir) => {
    const cs = join(dir, "main.s");
    execFileSync("gcc", ["-O2", "-S", "-masm=intel", "-fno-asynchronous-unwind-tables", "-fno-pic", "-fno-stack-protector",
      "-ffreestanding", "-o", cs, join(DIR, "main.c")]);
    const inputs = [join(DIR, "start.s"), cs].map((path) => {
      const r = assemble(readFileSync(path, "utf8"), { arch: "x86_64", file: path });
      expect(r.errors.map(formatError)).toEqual([]);
      return { name: path, bytes: r.object };
    });
    const out = link(inputs, { arch: "x86_64" });
    expect(out.errors).toEqual([]);
    writeFileSync(join(dir, "prog"), out.elf!, { mode: 0o755 });
    const got = spawnSync("qemu-x86_64", [join(dir, "prog"), "x"], { encoding: "utf8" });
    expect(got.stdout).toBe("minos-asm\nasm\n12586269025\n4387\nargv ok\n");
    expect(got.status).toBe((4387 & 0x7f) + 2);
  }), 30_000);
});
