// The project's own x86-64 corpus through our assembler, object for object
// against GNU as: the conformance C programs (gcc -S -masm=intel at -O0 and
// -O2, with the project's flags) and the hand-written lockstep sequences
// (Intel syntax with .macro/.irp/.if, preprocessed by cpp as gcc would).

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe } from "vitest";
import { oracleIt } from "../oracles";
import { compareWithGas, withTmp } from "./asm-x86_64-gas";

const it = oracleIt(["gcc", "as", "objcopy", "nm", "readelf"]);
const ROOT = join(__dirname, "../../conformance");
const FLAGS = ["-ffreestanding", "-fno-pie", "-mgeneral-regs-only", "-fno-stack-protector", "-fno-asynchronous-unwind-tables"];

function gccS(args: string[]): string {
  return withTmp((dir) => {
    const out = join(dir, "x.s");
    execFileSync("gcc", [...args, "-o", out], { stdio: ["ignore", "ignore", "pipe"] });
    return readFileSync(out, "utf8");
  });
}

const cFiles = existsSync(join(ROOT, "src")) ? readdirSync(join(ROOT, "src")).filter((f) => f.endsWith(".c")) : [];
const lockstep = join(ROOT, "lockstep/x86_64");
const sFiles = existsSync(lockstep) ? readdirSync(lockstep).filter((f) => f.endsWith(".S")) : [];

describe("conformance C programs: gcc -S -masm=intel, ours vs gas", () => {
  for (const f of [...cFiles.map((c) => join(ROOT, "src", c)), join(ROOT, "rt/rt.c")]) {
    for (const opt of ["-O0", "-O2", "-O3+sse"]) {
      // -O3 without -mgeneral-regs-only: the vectorizer's SSE2 code too
      const flags = opt === "-O3+sse" ? ["-O3", ...FLAGS.filter((x) => x !== "-mgeneral-regs-only")] : [opt, ...FLAGS];
      it(`${f.split("/").pop()} ${opt}`, () =>
        compareWithGas(gccS([...flags, "-I", join(ROOT, "rt"), "-S", "-masm=intel", f])), 30_000);
    }
  }
});

describe("lockstep sequences (Intel syntax, macros): ours vs gas", () => {
  for (const f of sFiles) {
    it(f, () => compareWithGas(gccS(["-E", "-P", "-x", "assembler-with-cpp", "-I", lockstep, join(lockstep, f)])), 60_000);
  }
});
