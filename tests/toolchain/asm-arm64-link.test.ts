// Whole objects from the AArch64 backend + the shared front-end, checked
// against GNU as and then linked by GNU ld and run under qemu-aarch64:
//  - asm-arm64-fixtures/relocs.s uses every relocation the backend emits
//    (ADR_PREL_PG_HI21, ADD_ABS_LO12_NC, LDST8..64_ABS_LO12_NC, MOVW_UABS_G0..3,
//    CALL26, JUMP26, CONDBR19, TSTBR14, LD_PREL_LO19, ADR_PREL_LO21, ABS64,
//    ABS32, PREL32, PREL64, ADR_GOT_PAGE, LD64_GOT_LO12_NC) and checks each
//    value at run time (psABI "ELF for the Arm 64-bit Architecture" 5.7);
//  - asm-arm64-fixtures/prog.c and bits.c are compiled by gcc to assembly at
//    several optimisation levels: the kind of text our own C compiler will emit.
// Our object and gas's must have the same section bytes and the same
// relocations (symbol indices aside), and the two programs the same output.

import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assemble, formatError } from "../../toolchain/asm/assemble";
import { arm64Backend } from "../../toolchain/asm/arm64/index";
import { readElf, sectionBytes as elfSectionBytes } from "../../toolchain/elf/read";
import { AS, LD, OBJCOPY, OBJDUMP, QEMU, withTmp } from "./asm-arm64-oracle";
import { oracleIt } from "../oracles";

const GCC = "aarch64-linux-gnu-gcc";
const READELF = "aarch64-linux-gnu-readelf";
const FIXTURES = join(import.meta.dirname, "asm-arm64-fixtures");

function ourObject(source: string, file: string): Uint8Array {
  const r = assemble(source, { arch: "arm64", backend: arm64Backend, file });
  expect(r.errors.map(formatError)).toEqual([]);
  return r.object;
}

function sectionBytes(dir: string, obj: string, name: string): string {
  const out = join(dir, "sec.bin");
  execFileSync(OBJCOPY, ["-O", "binary", "-j", name, obj, out]);
  return readFileSync(out).toString("hex");
}

/** Relocations as "section offset type symbol+addend", without symbol indices. */
function relocations(obj: string): string[] {
  const text = execFileSync(READELF, ["-rW", obj]).toString();
  const out: string[] = [];
  let section = "";
  for (const line of text.split("\n")) {
    const s = /^Relocation section '([^']+)'/.exec(line);
    if (s) { section = s[1]; continue; }
    const m = /^([0-9a-f]{16})\s+[0-9a-f]{16}\s+(R_AARCH64_\w+)\s+[0-9a-f]{16}\s+(\S+)\s+([+-])\s+([0-9a-f]+)$/.exec(line.trim());
    if (m) out.push(`${section} ${m[1]} ${m[2]} ${m[3]}${m[4]}${m[5]}`);
  }
  return out;
}

function run(exe: string): { stdout: string; status: number | null } {
  const r = spawnSync(QEMU, [exe], { timeout: 10_000 });
  return { stdout: r.stdout.toString(), status: r.status };
}

/** Assemble with both, compare objects, link both, run both; returns our run. */
function compareAndRun(dir: string, source: string, name: string) {
  const sfile = join(dir, `${name}.s`);
  writeFileSync(sfile, source);
  const gasObj = join(dir, `${name}.gas.o`), ourObj = join(dir, `${name}.ours.o`);
  execFileSync(AS, [sfile, "-o", gasObj]);
  writeFileSync(ourObj, ourObject(source, sfile));
  for (const sec of [".text", ".data", ".rodata"]) {
    expect(sectionBytes(dir, ourObj, sec), `${name}: ${sec}`).toBe(sectionBytes(dir, gasObj, sec));
  }
  const rel = relocations(gasObj);
  expect(relocations(ourObj)).toEqual(rel);
  // objdump shows the same listing: same symbols, and mapping symbols ($x/$d)
  // that mark data inside code, so it prints ".word" there, not instructions.
  const listing = (o: string) => execFileSync(OBJDUMP, ["-d", o]).toString().split("\n").slice(2).join("\n");
  expect(listing(ourObj)).toBe(listing(gasObj));
  const runs = [gasObj, ourObj].map((o) => {
    const exe = o.replace(/\.o$/, "");
    execFileSync(LD, ["-static", "-o", exe, o]);
    return run(exe);
  });
  expect(runs[1]).toEqual(runs[0]);
  return { ...runs[1], relocations: rel.length };
}

describe("A64 objects: same bytes and relocations as gas, and they run under qemu", () => {
  oracleIt([AS, LD, OBJCOPY, OBJDUMP, READELF, QEMU])("relocs.s: every relocation type, checked at run time", () => {
    withTmp((dir) => {
      const r = compareAndRun(dir, readFileSync(join(FIXTURES, "relocs.s"), "utf8"), "relocs");
      expect(r).toEqual({ stdout: "ok\n", status: 0, relocations: 34 });
    });
  }, 30_000);

  oracleIt([AS, OBJCOPY])("code alignment pads with NOPs after zero bytes, as gas does", () => {
    withTmp((dir) => {
      const src = ".text\nnop\n.byte 1\n.align 4\nnop\n.p2align 5\nret\n.balign 16\n.data\n.byte 1\n.align 3\n.byte 2\n";
      const gasObj = join(dir, "a.gas.o"), ourObj = join(dir, "a.ours.o");
      writeFileSync(join(dir, "a.s"), src);
      execFileSync(AS, [join(dir, "a.s"), "-o", gasObj]);
      writeFileSync(ourObj, ourObject(src, "a.s"));
      for (const sec of [".text", ".data"]) expect(sectionBytes(dir, ourObj, sec)).toBe(sectionBytes(dir, gasObj, sec));
    });
  });

  // The hand-written A64 sequences of the lockstep conformance suite
  // (conformance/lockstep/arm64/*.S, after the C preprocessor): the same
  // `objdump -dr` listing as gas's object, relocations and mapping symbols included.
  oracleIt([GCC, AS, OBJDUMP])("conformance/lockstep/arm64/*.S give gas's objdump -dr listing", () => {
    const dir = join(import.meta.dirname, "../../conformance/lockstep/arm64");
    const files = readdirSync(dir).filter((f) => f.endsWith(".S"));
    expect(files.length).toBeGreaterThan(3);
    withTmp((tmp) => {
      for (const f of files) {
        const src = execFileSync(GCC, ["-E", "-I", dir, join(dir, f)], { encoding: "utf8" });
        const s = join(tmp, "l.s"), gasObj = join(tmp, "l.gas.o"), ourObj = join(tmp, "l.ours.o");
        writeFileSync(s, src);
        execFileSync(AS, [s, "-o", gasObj]);
        writeFileSync(ourObj, ourObject(src, f));
        const listing = (o: string) => execFileSync(OBJDUMP, ["-dr", o]).toString().split("\n").slice(2).join("\n");
        expect(listing(ourObj), f).toBe(listing(gasObj));
      }
    });
  }, 30_000);

  // Local-exec TLS as gcc emits it for `__thread long v;`: gas keeps the
  // symbol (.LANCHOR0) in TLS relocations instead of ".tbss + offset".
  oracleIt([AS, OBJDUMP])("thread-local (local-exec) relocations name their symbol, as in gas", () => {
    const src = "\t.text\nget:\n\tmrs\tx0, tpidr_el0\n\tadd\tx0, x0, #:tprel_hi12:.LANCHOR0, lsl #12\n" +
      "\tadd\tx0, x0, #:tprel_lo12_nc:.LANCHOR0\n\tldr\tx0, [x0]\n\tret\n" +
      "\t.section\t.tbss,\"awT\",@nobits\n\t.align\t3\n.LANCHOR0 = . + 0\nv:\n\t.zero\t8\n";
    withTmp((dir) => {
      const gasObj = join(dir, "t.gas.o"), ourObj = join(dir, "t.ours.o");
      writeFileSync(join(dir, "t.s"), src);
      execFileSync(AS, [join(dir, "t.s"), "-o", gasObj]);
      writeFileSync(ourObj, ourObject(src, "t.s"));
      const listing = (o: string) => execFileSync(OBJDUMP, ["-dr", o]).toString().split("\n").slice(2).join("\n");
      expect(listing(ourObj)).toBe(listing(gasObj));
    });
  });

  // Expected outputs are what the gas-built programs print under qemu.
  const programs = [
    { file: "prog.c", flags: [] as string[], stdout: "three 790 306 10642298596996548660\n" },
    { file: "bits.c", flags: ["-mno-outline-atomics"], stdout: "be4fd255387a91e9\n" },
  ];
  const levels = [["-O0", "-fno-pie"], ["-O1", "-fno-pie"], ["-O2", "-fno-pie"], ["-Os", "-fno-pie"], ["-O2", "-fpie"],
    ["-O2", "-fpic"], ["-O2", "-fno-pie", "-mcmodel=tiny"]];
  for (const p of programs) {
    for (const level of levels) {
      oracleIt([GCC, AS, LD, OBJCOPY, OBJDUMP, READELF, QEMU])(`gcc ${level.join(" ")} -mgeneral-regs-only output of ${p.file}`, () => {
        withTmp((dir) => {
          const asm = join(dir, "prog.s");
          execFileSync(GCC, [...level, ...p.flags, "-S", "-mgeneral-regs-only", "-ffreestanding", "-fno-stack-protector",
            "-fno-asynchronous-unwind-tables", "-fno-unwind-tables", join(FIXTURES, p.file), "-o", asm]);
          const r = compareAndRun(dir, readFileSync(asm, "utf8"), "prog");
          expect(r.stdout).toBe(p.stdout);
        });
      }, 30_000);
    }
  }
});

describe("A64 through the front-end, no tools needed", () => {
  it("reports mistakes as file:line:col: error: message, several per run", () => {
    const src = "start:\n\tand x0, x1, #0x1234\n  ldr x0, [x1, #40000]\n  frob x1\n  mov w0, x1\n" +
      "  tbz x0, #3, far\n  .skip 40000\nfar: ret\n";
    const r = assemble(src, { arch: "arm64", backend: arm64Backend, file: "t.s" });
    expect(r.errors.map(formatError)).toEqual([
      "t.s:2:14: error: immediate out of range at operand 3",
      "t.s:3:11: error: immediate offset out of range at operand 2",
      "t.s:4:3: error: unknown mnemonic `frob'",
      "t.s:5:11: error: operand mismatch: registers of one width expected at operand 2",
      "t.s:6:15: error: conditional branch out of range at operand 3",
    ]);
  });

  it("encodes .inst words, gcc's #APP markers and the old bne spelling", () => {
    const src = "#APP\n\t.inst 0xd503201f, 0xd65f03c0\n#NO_APP\n1:\tbne 1b\n\tb.ne 1b\n";
    const r = assemble(src, { arch: "arm64", backend: arm64Backend });
    expect(r.errors).toEqual([]);
    const text = readElfText(r.object);
    expect(text).toEqual([0xd503201f, 0xd65f03c0, 0x54000001, 0x54ffffe1]);
  });
});

/** The words of .text, read with the project's own ELF reader. */
function readElfText(object: Uint8Array): number[] {
  const elf = readElf(object);
  const sh = elf.sections.find((x) => x.name === ".text")!;
  const bytes = elfSectionBytes(elf, sh);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 4 }, (_, i) => dv.getUint32(i * 4, true));
}
