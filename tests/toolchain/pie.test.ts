// Static PIE executables (minos cc -pie / minos ld -pie) against the real
// tools. What makes a static PIE is defined by the gABI ("Dynamic Section":
// PT_DYNAMIC, DT_RELA/DT_RELASZ/DT_RELAENT; DT_RELACOUNT and DF_1_PIE are the
// GNU extensions readelf and glibc use) and by the psABIs' RELATIVE
// relocation (x86-64 psABI 4.4, R_X86_64_RELATIVE = 8, B + A; AAELF64 5.7.11,
// R_AARCH64_RELATIVE = 1027). The checks:
//   - binutils' readelf reads our files without a warning and sees what it
//     sees in gcc -static-pie's: type DYN (PIE), no interpreter, the RELA
//     entries, as many RELATIVE relocations as DT_RELACOUNT says, every one
//     of them in a writable segment;
//   - programs with pointer tables in data, built -pie, print under
//     qemu-user (which loads an ET_DYN at a base of its own choosing and
//     applies no relocations: our libc's start-up does) what gcc
//     -static-pie's build of the same source prints, and the same on our
//     own CPUs (minos run --linux);
//   - what GNU ld refuses in a PIE (a 32-bit absolute address of a symbol:
//     gcc -fno-pie's `mov eax, OFFSET x`) we refuse too, naming the object
//     and the symbol.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "../../toolchain/cc/driver";
import { link } from "../../toolchain/ld/link";
import { assemble } from "../../toolchain/asm/assemble";
import { runLinux } from "../../linux/run";
import { oracleIt } from "../oracles";
import { ccCommand } from "../../cli/commands/cc";
import { ldCommand } from "../../cli/commands/ld";

type Arch = "x86_64" | "arm64";
const ARCHES: Arch[] = ["x86_64", "arm64"];
const QEMU: Record<Arch, string> = { x86_64: "qemu-x86_64", arm64: "qemu-aarch64" };
const GCC: Record<Arch, string> = { x86_64: "gcc", arm64: "aarch64-linux-gnu-gcc" };
const CORPUS = "tests/cc/programs";
// Corpus programs whose initialized data holds pointers (string tables,
// function tables, structs of pointers): each needs RELATIVE relocations.
const WITH_POINTERS = ["calc", "dispatch", "encode", "initializers", "json", "libc_tour", "printf_torture", "strlib", "unions_enums", "vm"];
const tmp = mkdtempSync(path.join(tmpdir(), "minos-pie-"));

function ourPie(file: string, arch: Arch, linux = true): Uint8Array {
  const r = build([{ name: file, text: readFileSync(file, "utf8") }], { arch, linux, pie: true, includeDirs: [CORPUS] });
  if (!r.exe) throw new Error(`minos cc -pie failed on ${file} (${arch}):\n${r.messages.join("\n")}`);
  return r.exe;
}

function save(name: string, bytes: Uint8Array): string {
  const f = path.join(tmp, name);
  writeFileSync(f, bytes);
  chmodSync(f, 0o755);
  return f;
}

function readelf(file: string): { out: string; err: string } {
  const r = spawnSync("readelf", ["-W", "-h", "-l", "-d", "-r", file], { encoding: "utf8" });
  return { out: r.stdout, err: r.stderr };
}

/** What readelf says about a static PIE, as facts to compare. */
function pieFacts(out: string) {
  const num = (tag: string) => { const m = new RegExp(`\\(${tag}\\)\\s+(\\S+)`).exec(out); return m ? Number(m[1]) : undefined; };
  const rels = [...out.matchAll(/^\s*([0-9a-f]{12,16})\s+[0-9a-f]+\s+(R_\w+)/gm)].map((m) => ({ offset: parseInt(m[1], 16), type: m[2] }));
  // Writable PT_LOADs: "LOAD off vaddr paddr filesz memsz flags align" (-W puts each on one line).
  const rw = [...out.matchAll(/^\s*LOAD\s+\S+\s+(0x[0-9a-f]+)\s+\S+\s+\S+\s+(0x[0-9a-f]+)\s+(R?W?E?)\s/gm)]
    .filter((m) => m[3].includes("W")).map((m) => ({ start: Number(m[1]), end: Number(m[1]) + Number(m[2]) }));
  return {
    pie: /Type:\s+DYN \(Position-Independent Executable file\)/.test(out),
    interp: /^\s*INTERP\s/m.test(out),
    dynamic: /^\s*DYNAMIC\s/m.test(out),
    relaent: num("RELAENT"), relasz: num("RELASZ"), relacount: num("RELACOUNT"),
    flagsPie: /\(FLAGS_1\)\s+Flags:.*\bPIE\b/.test(out),
    relatives: rels.filter((r) => /^R_(X86_64|AARCH64)_RELATIVE$/.test(r.type)),
    others: rels.filter((r) => !/^R_(X86_64|AARCH64)_RELATIVE$/.test(r.type)),
    inWritable: rels.filter((r) => /^R_(X86_64|AARCH64)_RELATIVE$/.test(r.type)).every((r) => rw.some((s) => r.offset >= s.start && r.offset + 8 <= s.end)),
  };
}

describe("static PIE: the file, as binutils reads it", () => {
  for (const arch of ARCHES) {
    oracleIt(["readelf", GCC[arch]])(`${arch}: readelf sees a static PIE like gcc -static-pie's (DYN, no interpreter, RELA, RELACOUNT RELATIVEs in writable memory)`, () => {
      const ours = readelf(save(`tables.${arch}`, ourPie("tests/toolchain/pie-programs/tables.c", arch)));
      expect(ours.err).toBe("");
      const gccFile = path.join(tmp, `tables.gcc.${arch}`);
      const g = spawnSync(GCC[arch], ["-O0", "-w", "-static-pie", "-o", gccFile, "tests/toolchain/pie-programs/tables.c"], { encoding: "utf8" });
      expect(g.stderr).toBe("");
      for (const facts of [pieFacts(ours.out), pieFacts(readelf(gccFile).out)]) {
        expect(facts.pie).toBe(true);
        expect(facts.interp).toBe(false);
        expect(facts.dynamic).toBe(true);
        expect(facts.flagsPie).toBe(true);
        expect(facts.relaent).toBe(24);
        expect(facts.relacount).toBe(facts.relatives.length);
        expect(facts.inWritable).toBe(true);
      }
      const f = pieFacts(ours.out);
      // tables.c stores 13 pointers in data: 4 names, 2 functions, 2 in tbl, msg, and libc's 4 (stdin/stdout/stderr/...).
      expect(f.relatives.length).toBeGreaterThanOrEqual(9);
      expect(f.others).toEqual([]);
      expect(f.relasz).toBe(24 * f.relatives.length);
    });
  }
});

describe("static PIE: programs with pointers in data run relocated", () => {
  for (const arch of ARCHES) {
    oracleIt([QEMU[arch], GCC[arch]])(`${arch}: under qemu-user and on our CPUs, as gcc -static-pie's build prints`, () => {
      const files = ["tests/toolchain/pie-programs/tables.c", ...WITH_POINTERS.map((p) => `${CORPUS}/${p}.c`)];
      for (const file of files) {
        const name = path.basename(file, ".c");
        const input = (() => { try { return readFileSync(file.replace(/\.c$/, ".stdin")); } catch { return Buffer.alloc(0); } })();
        const gccFile = path.join(tmp, `${name}.gcc.${arch}`);
        const g = spawnSync(GCC[arch], ["-O0", "-w", "-static-pie", "-o", gccFile, file], { encoding: "utf8" });
        expect(g.status, g.stderr).toBe(0);
        const ref = spawnSync(QEMU[arch], [gccFile, "x"], { input });
        const elf = ourPie(file, arch);
        const q = spawnSync(QEMU[arch], [save(`${name}.${arch}`, elf), "x"], { input });
        expect({ file, out: q.stdout.toString(), status: q.status }).toEqual({ file, out: ref.stdout.toString(), status: ref.status });
        const mine = runLinux(elf, { arch, argv: [name, "x"], stdin: input });
        expect({ file, out: mine.stdout, status: mine.exitCode }).toEqual({ file, out: ref.stdout.toString(), status: ref.status });
      }
    }, 120_000);
  }
});

describe("static PIE: what cannot be position independent is a link error", () => {
  oracleIt(["gcc"])("x86_64: gcc -fno-pie's R_X86_64_32 against a symbol is refused, as GNU ld refuses it", () => {
    const src = path.join(tmp, "abs.c"), obj = path.join(tmp, "abs.o");
    writeFileSync(src, "int x;\nint *f(void) { return &x; }\nint _start(void) { return *f(); }\n");
    expect(spawnSync("gcc", ["-c", "-O2", "-fno-pie", "-fno-asynchronous-unwind-tables", "-o", obj, src]).status).toBe(0);
    const gnu = spawnSync("gcc", ["-pie", "-nostdlib", "-o", path.join(tmp, "abs.gnu"), obj], { encoding: "utf8" });
    expect(gnu.status).not.toBe(0);
    expect(gnu.stderr).toMatch(/relocation R_X86_64_32 against symbol `x' can not be used when making a PIE object; recompile with -fPIE/);
    const r = link([{ name: "abs.o", bytes: readFileSync(obj) }], { arch: "x86_64", pie: true });
    expect(r.elf).toBeUndefined();
    expect(r.errors.join("\n")).toMatch(/^abs\.o: in \.text\+0x1: relocation R_X86_64_32 against `x' can not be used when making a PIE object; recompile with -fPIE/m);
    // The same object links without -pie (a fixed address fits in 32 bits).
    expect(link([{ name: "abs.o", bytes: readFileSync(obj) }], { arch: "x86_64" }).errors).toEqual([]);
  });

  it("arm64: movz/movk of a symbol's absolute address, and a pointer in read-only memory, are refused", () => {
    const a = assemble("\t.text\n\t.globl _start\n_start:\n\tmovz x0, #:abs_g0_nc:x\n\tret\n\t.data\n\t.globl x\nx:\t.quad 0\n", { arch: "arm64", file: "movw.s" });
    const b = assemble("\t.text\n\t.globl _start\n_start:\n\tret\n\t.section .rodata\nptr:\t.quad _start\n", { arch: "arm64", file: "ro.s" });
    for (const [obj, want] of [[a, /movw\.o: in \.text\+0x0: relocation R_AARCH64_MOVW_UABS_G0_NC against `x' can not be used when making a PIE object; recompile with -fPIE/],
      [b, /ro\.o: in \.rodata\+0x0: relocation R_AARCH64_ABS64 against `_start' in read-only section `\.rodata'/]] as const) {
      expect(obj.errors).toEqual([]);
      const r = link([{ name: obj === a ? "movw.o" : "ro.o", bytes: obj.object! }], { arch: "arm64", pie: true });
      expect(r.elf).toBeUndefined();
      expect(r.errors.join("\n")).toMatch(want);
    }
  });
});

describe("static PIE: our compiler's code is position independent", () => {
  it("every corpus program links as a static PIE on both arches: no absolute address in code (only PC-relative relocations there)", () => {
    const programs = readdirSync(CORPUS).filter((f) => f.endsWith(".c"));
    expect(programs.length).toBeGreaterThan(40);
    for (const arch of ARCHES) for (const p of programs) {
      const r = build([{ name: p, text: readFileSync(`${CORPUS}/${p}`, "utf8") }], { arch, linux: false, pie: true, includeDirs: [CORPUS], optimize: 1 });
      expect({ p, arch, errors: r.messages.filter((m) => /error/.test(m)) }).toEqual({ p, arch, errors: [] });
    }
  }, 60_000);
});

const type = (elf: Uint8Array) => elf[16] | (elf[17] << 8);     // e_type (gABI): 2 EXEC, 3 DYN

describe("static PIE: the defaults", () => {
  it("minos cc -pie / -no-pie and minos ld -pie on the command line", async () => {
    const src = path.join(tmp, "cli.c");
    writeFileSync(src, "int main(void) { return 0; }\n");
    const out = (n: string) => path.join(tmp, n);
    expect(await ccCommand.run(["--arch", "arm64", "-o", out("cli.pie"), src])).toBe(0);
    expect(await ccCommand.run(["--arch", "arm64", "-no-pie", "-o", out("cli.exec"), src])).toBe(0);
    expect(await ccCommand.run(["--arch", "x86_64", "--linux", "-pie", "-o", out("cli.lpie"), src])).toBe(0);
    expect([type(readFileSync(out("cli.pie"))), type(readFileSync(out("cli.exec"))), type(readFileSync(out("cli.lpie")))]).toEqual([3, 2, 3]);
    await expect(async () => ccCommand.run(["--arch", "arm64", "-pie", "-no-pie", "-o", out("x"), src])).rejects.toThrow(/give -pie or -no-pie, not both/);
    expect(await ccCommand.run(["--arch", "x86_64", "-c", "-o", out("cli.o"), src])).toBe(0);
    const crt = path.join(tmp, "start.s");
    writeFileSync(crt, "\t.intel_syntax noprefix\n\t.text\n\t.globl _start\n_start:\n\tcall main\n\tud2\n");
    expect(await ccCommand.run(["--arch", "x86_64", "-c", "-o", out("start.o"), crt])).toBe(0);
    expect(await ldCommand.run(["--arch", "x86_64", "-pie", "-o", out("cli.ld"), out("start.o"), out("cli.o")])).toBe(0);
    expect(type(readFileSync(out("cli.ld")))).toBe(3);
  });

  it("MinOS programs are PIE unless -no-pie; Linux-runtime ones are fixed-address unless -pie", () => {
    const text = "int main(void) { return 0; }\n";
    for (const arch of ARCHES) {
      expect(type(build([{ name: "a.c", text }], { arch, linux: false }).exe!)).toBe(3);
      expect(type(build([{ name: "a.c", text }], { arch, linux: false, pie: false }).exe!)).toBe(2);
      expect(type(build([{ name: "a.c", text }], { arch, linux: true }).exe!)).toBe(2);
      expect(type(build([{ name: "a.c", text }], { arch, linux: true, pie: true }).exe!)).toBe(3);
    }
  });
});
